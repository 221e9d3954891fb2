/**
 * The new kernel's lines and the write-backs after the jump, read from a run's own memory report: which
 * addresses are the new kernel's (its pages are spread out, not one block), and in which order the
 * lines still dirty left the caches, marking the one that landed on the new kernel's copy. The order is
 * the corruption story ("written back in any order"), and the seed changes it. Pure: the outcome panel,
 * the step card and the text view render what these return.
 */
import { attrKey, attrLabel, type EncAttr, type SimResult } from '../../../sim/view.ts';

const EMPTY: ReadonlySet<number> = new Set();
const addrsOf = new WeakMap<SimResult, ReadonlySet<number>>();

/** The addresses of the new kernel's lines in this run (none when the run never reaches the jump). */
export function newKernelAddrs(r: SimResult): ReadonlySet<number> {
  if (!r.memory) return EMPTY;
  let addrs = addrsOf.get(r);
  if (!addrs) addrsOf.set(r, (addrs = new Set(r.memory.lines.map((l) => l.addr))));
  return addrs;
}

/**
 * What a written-back line is to the new kernel: its own copy (a new-kernel address with the image's
 * attribute), a stale alias (a new-kernel address under another attribute), or neither (the old
 * kernel's memory, which the new kernel does not read).
 */
export type WritebackRole = 'copy' | 'stale' | 'other';

export interface WritebackRow {
  /** Its place in the order, from 1. */
  n: number;
  cpu: number;
  addr: number;
  attr: EncAttr;
  data: string;
  role: WritebackRole;
  /** It is the last write to a new-kernel line that reads corrupted: it overwrote the new kernel's copy. */
  corrupts: boolean;
  /** The place of the later write-back that lands on the same address, if any. */
  overwrittenBy: number | null;
  /** What the write-back does to the new kernel, in words. */
  effect: string;
}

const sameAttr = (a: EncAttr, b: EncAttr): boolean => attrKey(a) === attrKey(b);

function effectOf(row: Omit<WritebackRow, 'effect'>): string {
  if (row.corrupts)
    return "stale alias, written after the new kernel's copy reached memory: it corrupts the line";
  const later = row.overwrittenBy === null ? '' : ` ${row.overwrittenBy}`;
  if (row.role === 'copy')
    return later ? `the new kernel's copy, overwritten by line${later}` : "the new kernel's copy";
  if (row.role === 'stale')
    return later
      ? `stale alias, overwritten by line${later}: no harm this time`
      : 'stale alias: no harm this time';
  return "not one of the new kernel's pages";
}

/** The write-backs after the jump, in the order they happened (none when the run never jumps). */
export function writebackRows(r: SimResult): WritebackRow[] {
  const mem = r.memory;
  if (!mem) return [];
  const image = newKernelAddrs(r);
  const corrupted = new Map(mem.lines.filter((l) => l.status === 'corrupted').map((l) => [l.addr, l]));
  const order = mem.writeback_order;
  return order.map((w, i) => {
    const later = order.findIndex((o, j) => j > i && o.addr === w.addr);
    const role: WritebackRole = !image.has(w.addr)
      ? 'other'
      : sameAttr(w.attr, mem.image_attr)
        ? 'copy'
        : 'stale';
    const bad = corrupted.get(w.addr);
    // The culprit is the last write to its address, by its CPU and with its attribute: a corruption
    // left by a flush before the jump (a mutant's late WBINVD) has no row here to blame.
    const corrupts =
      later === -1 &&
      bad !== undefined &&
      bad.culprit === w.cpu &&
      bad.culprit_attr !== null &&
      sameAttr(bad.culprit_attr, w.attr);
    const row = {
      n: i + 1,
      cpu: w.cpu,
      addr: w.addr,
      attr: w.attr,
      data: w.data,
      role,
      corrupts,
      overwrittenBy: later === -1 ? null : later + 1,
    };
    return { ...row, effect: effectOf(row) };
  });
}

/** The step that writes the lines back (the cache model's, after the jump), if the run has one. */
export function writebackSeq(r: SimResult): number | null {
  return r.trace.find((t) => t.kind === 'writeback')?.seq ?? null;
}

/** A row in one sentence, for the text view: "CPU 0, 0x1003000 with C=1 (encrypted), holding old:…: …". */
export function writebackSentence(w: WritebackRow): string {
  return `CPU ${w.cpu}, 0x${w.addr.toString(16)} with ${attrLabel(w.attr)}, holding ${w.data}: ${w.effect}.`;
}
