import { describe, expect, it } from 'vitest';
import { parseScenarioText, simulate } from '../../../sim/index.ts';
import { wbinvdTableRows } from './wbinvd-rows.ts';

describe('the rows of the WBINVD table', () => {
  it('put a WBINVD a fault skipped where it happened in the run, not after the others', () => {
    const p = parseScenarioText(
      'kernel: after\nplatform: {vendor: amd, cpus: 4, sme: active}\nseed: 2\nfaults: [{skip_wbinvd: {site: stop_this_cpu, cpu: 1}}]\n',
    );
    if (!p.ok) throw new Error('bad scenario');
    const r = simulate(p.scenario);
    const skipped = r.trace.filter((t) => t.kind === 'wbinvd_skipped');
    expect(skipped.map((t) => t.cpu)).toEqual([1]);
    const rows = wbinvdTableRows(r.wbinvd, skipped);
    expect(rows.map((row) => row.seq)).toEqual([...rows.map((row) => row.seq)].sort((a, b) => a - b));
    // CPU 1's skipped flush comes first, before CPU 2's and CPU 3's WBINVDs.
    expect(rows.map((row) => row.kind)).toEqual(['skipped', 'wbinvd', 'wbinvd', 'wbinvd']);
  });
});
