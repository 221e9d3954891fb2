/**
 * The cache and memory model (§7). A line is tagged by physical address AND encryption attribute, so the
 * same address can sit in caches twice (C=0 and C=1, or KeyID 0 and a private KeyID): coherence only
 * keeps lines with the same tag in step. Dirty lines leave caches in a seeded order, so an alias written
 * back after the new kernel's copy silently overwrites it: the corruption the WBINVDs prevent.
 */
import type { CacheEffect, CacheLine, EncAttr, MemoryLine, MemoryReport } from './result.ts';
import type { Rng } from './rng.ts';

export const LINE_SIZE = 64;
/** Where the model puts the new kernel: 4 pages of 4 modelled lines (an illustration, not a real layout). */
export const IMAGE_BASE = 0x0100_0000;
/** kdump: old-kernel memory the crash kernel never lives in (the crashkernel= reservation is elsewhere). */
export const OLD_KERNEL_BASE = 0x0200_0000;
export const IMAGE_PAGES = 4;
export const LINES_PER_PAGE = 4;
export const IMAGE_LINES = IMAGE_PAGES * LINES_PER_PAGE;

/** Address of modelled line i (0..IMAGE_LINES-1) of a region. */
export function lineAddr(base: number, i: number): number {
  const page = Math.floor(i / LINES_PER_PAGE);
  return base + page * 0x1000 + (i % LINES_PER_PAGE) * LINE_SIZE;
}

export function attrKey(attr: EncAttr): string {
  return attr.kind === 'cbit' ? `C=${attr.c}` : `KeyID ${attr.keyid}`;
}

/** A readable name, e.g. "C=1 (encrypted)" or "private KeyID 5". */
export function attrLabel(attr: EncAttr): string {
  if (attr.kind === 'cbit') return attr.c ? 'C=1 (encrypted)' : 'C=0 (unencrypted)';
  return attr.private ? `private KeyID ${attr.keyid}` : `KeyID ${attr.keyid}`;
}

function tagOf(addr: number, attr: EncAttr): string {
  return `${addr}|${attrKey(attr)}`;
}

export function sameAttr(a: EncAttr, b: EncAttr): boolean {
  return attrKey(a) === attrKey(b);
}

interface Cell {
  data: string;
  attr: EncAttr;
  /** The CPU whose write-back last wrote the cell (null: initial contents or a direct write). */
  by: number | null;
}

export class CacheModel {
  private readonly caches = new Map<number, CacheLine[]>();
  private readonly memory = new Map<number, Cell>();
  /** Which CPU holds the line of a tag (addr + attribute): a write leaves exactly one holder. */
  private readonly holder = new Map<string, number>();

  constructor(private readonly rng: Rng) {}

  /** Memory contents before anything runs. */
  initMemory(addr: number, data: string, attr: EncAttr): void {
    this.memory.set(addr, { data, attr, by: null });
  }

  /** Every CPU's lines (copies), for snapshots. */
  snapshot(): Record<string, CacheLine[]> {
    const out: Record<string, CacheLine[]> = {};
    for (const [cpu, lines] of this.caches) out[String(cpu)] = lines.map((l) => ({ ...l }));
    return out;
  }

  lines(cpu: number): readonly CacheLine[] {
    return this.caches.get(cpu) ?? [];
  }

  /**
   * A CPU writes a whole line: the coherence protocol takes the same-tag line away from every other
   * cache (writing it back if dirty); lines of other tags (aliases) are untouched.
   */
  write(cpu: number, addr: number, attr: EncAttr, data: string): CacheEffect[] {
    const effects: CacheEffect[] = [];
    const tag = tagOf(addr, attr);
    const other = this.holder.get(tag);
    if (other !== undefined) {
      const lines = this.caches.get(other) ?? [];
      const idx = lines.findIndex((l) => l.addr === addr && sameAttr(l.attr, attr));
      if (idx >= 0) {
        const line = lines[idx] as CacheLine;
        if (other !== cpu && line.dirty) {
          this.commit(other, line);
          effects.push({ op: 'writeback', cpu: other, line: { ...line } });
        }
        lines.splice(idx, 1);
        if (other !== cpu) effects.push({ op: 'invalidate', cpu: other, addr, attr });
      }
    }
    const line: CacheLine = { addr, attr, dirty: true, data };
    let own = this.caches.get(cpu);
    if (!own) {
      own = [];
      this.caches.set(cpu, own);
    }
    own.push(line);
    this.holder.set(tag, cpu);
    effects.push({ op: 'fill', cpu, line: { ...line } });
    return effects;
  }

  /**
   * swap_pages streams far more data than a cache holds, so most copied lines are evicted to memory
   * during the copy (seeded: 3 in 4); the rest are still dirty in the copying CPU's cache at the jump.
   */
  copyLine(cpu: number, addr: number, attr: EncAttr, data: string): CacheEffect[] {
    const effects = this.write(cpu, addr, attr, data);
    if (this.rng.int(4) === 0) return effects;
    const own = this.caches.get(cpu) ?? [];
    const line = own.pop() as CacheLine;
    this.holder.delete(tagOf(addr, attr));
    this.commit(cpu, line);
    effects.push({ op: 'writeback', cpu, line: { ...line } }, { op: 'invalidate', cpu, addr, attr });
    return effects;
  }

  /** WBINVD: write back this CPU's dirty lines (in a seeded order) and invalidate all of them. */
  wbinvd(cpu: number): { effects: CacheEffect[]; written: number } {
    const lines = this.caches.get(cpu) ?? [];
    const dirty = this.rng.shuffle(lines.filter((l) => l.dirty));
    const effects: CacheEffect[] = [];
    for (const line of dirty) {
      this.commit(cpu, line);
      effects.push({ op: 'writeback', cpu, line: { ...line } });
    }
    for (const line of lines) {
      effects.push({ op: 'invalidate', cpu, addr: line.addr, attr: line.attr });
      this.holder.delete(tagOf(line.addr, line.attr));
    }
    this.caches.set(cpu, []);
    return { effects, written: dirty.length };
  }

  /** Dirty lines still cached anywhere, e.g. when the new kernel starts. */
  dirtyLines(): { cpu: number; line: CacheLine }[] {
    const out: { cpu: number; line: CacheLine }[] = [];
    for (const [cpu, lines] of this.caches) for (const line of lines) if (line.dirty) out.push({ cpu, line });
    return out;
  }

  /** After the jump, every dirty line leaves its cache eventually, in no particular (here: seeded) order. */
  drainAll(): { effects: CacheEffect[]; order: MemoryReport['writeback_order'] } {
    const all = this.rng.shuffle(this.dirtyLines());
    const effects: CacheEffect[] = [];
    const order: MemoryReport['writeback_order'] = [];
    for (const { cpu, line } of all) {
      this.commit(cpu, line);
      effects.push({ op: 'writeback', cpu, line: { ...line } });
      order.push({ cpu, addr: line.addr, attr: line.attr, data: line.data });
    }
    for (const [cpu, lines] of this.caches) {
      for (const line of lines) effects.push({ op: 'invalidate', cpu, addr: line.addr, attr: line.attr });
      this.caches.set(cpu, []);
    }
    this.holder.clear();
    return { effects, order };
  }

  /** What a read of `addr` with `attr` returns from memory: the data, or garbage under the wrong key. */
  readMemory(addr: number, attr: EncAttr): { read: string; cell: Cell | undefined } {
    const cell = this.memory.get(addr);
    if (!cell) return { read: 'garbage', cell };
    return { read: sameAttr(cell.attr, attr) ? cell.data : 'garbage', cell };
  }

  /** The new kernel reads each of its lines with the attribute it was copied with. */
  report(addrs: number[], imageAttr: EncAttr, expected: (addr: number) => string, atRisk: number) {
    const lines: MemoryLine[] = addrs.map((addr) => {
      const { read, cell } = this.readMemory(addr, imageAttr);
      const ok = read === expected(addr);
      return {
        addr,
        expected: expected(addr),
        read,
        status: ok ? 'ok' : 'corrupted',
        culprit: ok ? null : (cell?.by ?? null),
        culprit_attr: ok ? null : (cell?.attr ?? null),
      };
    });
    return { lines, corrupted: lines.filter((l) => l.status === 'corrupted').length, atRisk };
  }

  private commit(cpu: number, line: CacheLine): void {
    this.memory.set(line.addr, { data: line.data, attr: line.attr, by: cpu });
  }
}
