import { describe, expect, it } from 'vitest';
import { diffResults, type SimResult } from '../../../sim/view.ts';
import { simulate, validateScenario } from '../../../sim/run.ts';
import {
  cellKey,
  changedCells,
  describeCell,
  describeScore,
  predictionGrid,
  scorePrediction,
} from './predict-diff.ts';

function run(data: Record<string, unknown>): SimResult {
  const v = validateScenario(data);
  if (!v.ok) throw new Error(JSON.stringify(v.issues));
  return simulate(v.scenario);
}

const amd = (kernel: string, cpus = 4) => ({
  kernel,
  path: 'kexec',
  platform: { vendor: 'amd', cpus, sme: 'supported' },
});

describe('predict the difference', () => {
  it('asks per CPU and site about the sites either run flushes at, and knows which cells change', () => {
    const d = diffResults(run(amd('after')), run(amd('before')));
    const grid = predictionGrid(d, 4);
    expect(grid.cpus).toEqual([0, 1, 2, 3]);
    expect(new Set(grid.sites)).toEqual(new Set(['stop_this_cpu', 'relocate_kernel']));
    // SME supported, not active: only v6.18 flushes in relocate_kernel (the flag), on the kexec CPU.
    expect([...changedCells(d, grid)]).toEqual([cellKey(0, 'relocate_kernel')]);
  });

  it('scores hits, misses, false alarms and the outcome', () => {
    const d = diffResults(run(amd('after')), run(amd('before')));
    const grid = predictionGrid(d, 4);
    const right = scorePrediction(d, grid, new Set([cellKey(0, 'relocate_kernel')]), false);
    expect(right).toMatchObject({ hits: ['0|relocate_kernel'], missed: [], falseAlarms: [], right: true });
    expect(describeScore(right)).toBe(
      'You found 1 of the 1 changed WBINVD, no false alarms; outcome predicted right. All right.',
    );
    const wrong = scorePrediction(d, grid, new Set([cellKey(1, 'stop_this_cpu')]), true);
    expect(wrong).toMatchObject({
      hits: [],
      missed: ['0|relocate_kernel'],
      falseAlarms: ['1|stop_this_cpu'],
      outcomeRight: false,
      right: false,
    });
    expect(describeScore(wrong)).toBe(
      'You found 0 of the 1 changed WBINVD, 1 false alarm (marked as changing, the same in both runs); outcome predicted wrong.',
    );
    expect(describeCell(cellKey(1, 'stop_this_cpu'))).toBe('CPU 1 at stop_this_cpu');
    expect(describeCell(cellKey(null, 'relocate_kernel'))).toBe('some CPU at relocate_kernel');
  });

  it('always asks about stop_this_cpu and relocate_kernel, so the grid does not tell where flushes happen', () => {
    const tdx = (kernel: string) => ({
      kernel,
      path: 'kexec',
      platform: { vendor: 'intel', cpus: 4, tdx: true },
      events: [{ seamcall: 2 }],
    });
    const after = run(tdx('after'));
    // After the series a TDX host flushes in KVM's shutdown, which clears the flags: nothing at kexec.
    expect(new Set(after.wbinvd.map((w) => w.site))).toEqual(new Set(['tdx_cpu_flush_cache_for_kexec']));
    const d = diffResults(after, run(tdx('before')));
    const grid = predictionGrid(d, 4);
    expect(grid.sites).toEqual(['stop_this_cpu', 'relocate_kernel', 'tdx_cpu_flush_cache_for_kexec']);
    expect([...changedCells(d, grid)].every((k) => k.endsWith('|tdx_cpu_flush_cache_for_kexec'))).toBe(true);
  });

  it('asks per site beyond 16 CPUs', () => {
    const d = diffResults(run(amd('after', 64)), run(amd('before', 64)));
    const grid = predictionGrid(d, 64);
    expect(grid.cpus).toBeNull();
    expect([...changedCells(d, grid)]).toEqual([cellKey(null, 'relocate_kernel')]);
    expect(scorePrediction(d, grid, new Set(['*|relocate_kernel']), false).right).toBe(true);
  });

  it('a comparison with no difference is predicted by marking nothing', () => {
    const same = run(amd('after'));
    const d = diffResults(same, same);
    const grid = predictionGrid(d, 4);
    expect(scorePrediction(d, grid, new Set(), false).right).toBe(true);
    expect(describeScore(scorePrediction(d, grid, new Set(), false))).toMatch(/^No WBINVD changes/);
  });
});
