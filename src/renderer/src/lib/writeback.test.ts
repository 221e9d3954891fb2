import { describe, expect, it } from 'vitest';
import { IMAGE_BASE, IMAGE_LINES, parseScenarioText, simulate } from '../../../sim/index.ts';
import { newKernelAddrs, writebackRows, writebackSentence, writebackSeq } from './writeback.ts';

function run(yaml: string) {
  const p = parseScenarioText(yaml);
  if (!p.ok) throw new Error('bad scenario');
  return simulate(p.scenario);
}

// Lab 1 step 1: SME active, the relocate_kernel WBINVD skipped, seed 2: two lines corrupted.
const skipped = run(
  'kernel: after\nplatform: {vendor: amd, cpus: 4, sme: active}\nseed: 2\nfaults: [{skip_wbinvd: {site: relocate_kernel}}]\n',
);

describe("the new kernel's addresses", () => {
  it("are the run's own, spread over its pages, not one block from the image's base", () => {
    const addrs = newKernelAddrs(skipped);
    expect(addrs.size).toBe(IMAGE_LINES);
    // The address held twice at the copy (lab 1 step 1) lies on the third page, past base + 16 lines.
    expect(addrs.has(0x10020c0)).toBe(true);
    expect(0x10020c0).toBeGreaterThan(IMAGE_BASE + IMAGE_LINES * 64);
    expect(addrs.has(0x1003000)).toBe(true);
    expect(addrs.has(0x1000400)).toBe(false);
  });

  it('are none in a run that never reaches the new kernel', () => {
    const refused = run('kernel: before\nplatform: {vendor: intel, cpus: 2, tdx: true}\n');
    expect(refused.memory ?? null).toBeNull();
    expect(newKernelAddrs(refused).size).toBe(0);
    expect(writebackRows(refused)).toEqual([]);
  });
});

describe('the write-backs after the jump', () => {
  it('are listed in the order they happened, the lines that landed on the copy marked', () => {
    const rows = writebackRows(skipped);
    expect(rows.map((w) => [w.n, w.addr.toString(16), w.data])).toEqual([
      [1, '1003000', 'old:0x1003000'],
      [2, '1001040', 'new:0x1001040'],
      [3, '10010c0', 'new:0x10010c0'],
      [4, '10020c0', 'new:0x10020c0'],
      [5, '10020c0', 'old:0x10020c0'],
      [6, '10030c0', 'new:0x10030c0'],
    ]);
    expect(rows.map((w) => w.role)).toEqual(['stale', 'copy', 'copy', 'copy', 'stale', 'copy']);
    // Both corrupted lines of the run, and only those, are blamed on a row.
    expect(rows.filter((w) => w.corrupts).map((w) => w.n)).toEqual([1, 5]);
    const corrupted = skipped.memory?.lines.filter((l) => l.status === 'corrupted').map((l) => l.addr);
    expect(rows.filter((w) => w.corrupts).map((w) => w.addr)).toEqual(
      expect.arrayContaining(corrupted ?? [NaN]),
    );
    expect(corrupted).toHaveLength(2);
    expect(rows[3]?.overwrittenBy).toBe(5);
    expect(rows[3]?.effect).toBe("the new kernel's copy, overwritten by line 5");
    expect(writebackSentence(rows[4] as (typeof rows)[number])).toBe(
      "CPU 0, 0x10020c0 with C=1 (encrypted), holding old:0x10020c0: stale alias, written after the new kernel's copy reached memory: it corrupts the line.",
    );
  });

  it('change with the seed, as the lab says', () => {
    const other = run(
      'kernel: after\nplatform: {vendor: amd, cpus: 4, sme: active}\nseed: 5\nfaults: [{skip_wbinvd: {site: relocate_kernel}}]\n',
    );
    const order = (r: typeof skipped) => writebackRows(r).map((w) => `${w.addr}:${w.data}`);
    expect(order(other)).not.toEqual(order(skipped));
  });

  it('spare the new kernel when no stale alias is left: nothing is marked', () => {
    const intact = run('kernel: after\nplatform: {vendor: amd, cpus: 4, sme: active}\nseed: 3\n');
    const rows = writebackRows(intact);
    expect(rows.length).toBe(3);
    expect(rows.every((w) => w.role === 'copy' && !w.corrupts)).toBe(true);
    expect(writebackSeq(intact)).toBe(intact.trace.find((t) => t.fn === 'cache_model')?.seq);
  });

  it("name a stale alias that an own copy overwrote later as harmless, and the old kernel's memory as neither", () => {
    const r = structuredClone(skipped);
    const mem = r.memory as NonNullable<typeof r.memory>;
    // The copy of 0x10020c0 leaving after its stale alias: the alias does no harm this time.
    const [a, b] = [mem.writeback_order[3], mem.writeback_order[4]] as [
      (typeof mem.writeback_order)[number],
      (typeof mem.writeback_order)[number],
    ];
    mem.writeback_order.splice(3, 2, b, a);
    for (const l of mem.lines) if (l.addr === 0x10020c0) Object.assign(l, { status: 'ok', culprit: null });
    mem.writeback_order.push({
      cpu: 2,
      addr: 0x2000040,
      attr: { kind: 'cbit', c: 1 },
      data: 'old:0x2000040',
    });
    const rows = writebackRows(r);
    expect(rows[3]?.effect).toBe('stale alias, overwritten by line 5: no harm this time');
    expect(rows[4]?.corrupts).toBe(false);
    expect(rows[6]?.role).toBe('other');
    expect(rows[6]?.effect).toBe("not one of the new kernel's pages");
  });
});
