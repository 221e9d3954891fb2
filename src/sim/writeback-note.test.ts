/** The cache model's note on the write-back after the jump (also `flushpoint simulate` output) reads as English. */
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from './parse.ts';
import { simulate, writebackNote } from './simulate.ts';

describe("the cache model's write-back note", () => {
  it('says how many lines leave and how many are stale aliases, with one verb per subject', () => {
    expect(writebackNote(6, 2)).toBe(
      "The 6 dirty lines still in the caches are written back to memory; 2 of them are stale aliases: lines at new-kernel addresses under another encryption attribute. Dirty lines leave in no fixed order [LIST]; when they leave, and in which order, is the model's choice (this run's seed).",
    );
    expect(writebackNote(3, 0)).toMatch(/^The 3 dirty lines .*; none of them is a stale alias \(a line at /);
    expect(writebackNote(4, 1)).toContain('; 1 of them is a stale alias: a line at a new-kernel address');
    expect(writebackNote(1, 0)).toMatch(
      /^The one dirty line still in the caches is written back to memory; it is not /,
    );
    expect(writebackNote(1, 1)).toContain('; it is a stale alias: ');
    expect(writebackNote(0, 0)).toMatch(/^No dirty line is left in the caches: nothing is written back\. /);
  });

  it("is the cache_model step's note, its [LIST] tag kept", () => {
    const p = parseScenarioText(
      'kernel: after\nplatform: {vendor: amd, cpus: 4, sme: active}\nseed: 2\nfaults: [{skip_wbinvd: {site: relocate_kernel}}]\n',
    );
    if (!p.ok) throw new Error('bad scenario');
    const r = simulate(p.scenario);
    const step = r.trace.find((t) => t.fn === 'cache_model');
    expect(step?.evidence).toBe('INF');
    expect(step?.note).toBe(writebackNote(6, 2));
    expect(step?.note).not.toMatch(/leave them|alias the new kernel/);
  });
});
