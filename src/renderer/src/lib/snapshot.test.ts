/** The incremental replayer agrees with the simulator's own replay (cacheStateAt, flagsAt) at every step. */
import { describe, expect, it } from 'vitest';
import { cacheStateAt, flagsAt, parseScenarioText, simulate } from '../../../sim/index.ts';
import { Replayer } from './replayer.ts';
import { snapshotAt, whyChain } from './snapshot.ts';

function run(yaml: string) {
  const p = parseScenarioText(yaml);
  if (!p.ok) throw new Error('bad scenario');
  return simulate(p.scenario);
}

describe('snapshots', () => {
  const r = run(
    'kernel: after\nplatform: {vendor: intel, cpus: 6, tdx: true}\nstop: {2: late}\nevents: [{seamcall: 1}, {offline: 4}]\n',
  );

  it('forward, backward and random jumps give the same snapshot as a replay from the start', () => {
    const rep = new Replayer(r);
    const order = [...Array(r.trace.length + 1).keys()];
    const jumps = [...order, ...order.reverse(), 7, 300, 3, 150, 149, 0, r.trace.length];
    for (const seq of jumps) {
      const a = rep.at(seq);
      const b = snapshotAt(r, seq);
      expect(a).toEqual(b);
      const caches = cacheStateAt(r, seq);
      const flags = flagsAt(r, seq);
      for (const c of a.cpus) {
        expect(c.lines).toEqual(caches[String(c.cpu)] ?? []);
        expect(c.flag).toBe(flags.get(c.cpu) ?? false);
      }
    }
  });

  it('the why-chain of a TDX flush reaches back to a SEAMCALL', () => {
    const w = r.wbinvd.find((x) => x.site === 'tdx_cpu_flush_cache_for_kexec' && x.cpu === 1);
    expect(w).toBeDefined();
    const chain = whyChain(r, w?.seq ?? 0).map((t) => t.fn);
    expect(chain.some((fn) => fn.includes('seamcall'))).toBe(true);
  });
});
