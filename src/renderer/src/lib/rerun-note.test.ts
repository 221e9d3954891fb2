import { describe, expect, it } from 'vitest';
import { parseScenarioText, simulate } from '../../../sim/index.ts';
import { rerunNote, runEnding, withFault, withSeed } from './rerun-note.ts';

const run = (yaml: string) => {
  const p = parseScenarioText(yaml);
  if (!p.ok) throw new Error('bad scenario');
  return simulate(p.scenario);
};
const AMD = 'kernel: after\nplatform: {vendor: amd, cpus: 4, sme: active}\nseed: 2\n';

describe('what a lab step says when it runs its model again', () => {
  it('says how the run ends: the new kernel intact, its corrupted lines counted, or why there is none', () => {
    expect(runEnding(run(AMD))).toBe('new kernel: intact');
    const skipped = run(`${AMD}faults: [{skip_wbinvd: {site: relocate_kernel}}]\n`);
    const n = skipped.memory?.corrupted ?? 0;
    expect(n).toBeGreaterThan(0);
    expect(runEnding(skipped)).toBe(`new kernel: ${n} line${n === 1 ? '' : 's'} corrupted`);
    const tdx = run('kernel: before\nplatform: {vendor: intel, cpus: 2, tdx: true}\n');
    expect(runEnding(tdx)).toBe('kernel cannot be built like this');
  });

  it('names the seed or the fault, and that the model starts over', () => {
    expect(rerunNote(withSeed(5, 3), run(AMD))).toBe(
      'Ran again with seed 5: new kernel: intact. The model is back at step 0.',
    );
    expect(withSeed(null, 3)).toBe("with the step's own seed (3)");
    expect(withFault('', null)).toBe('with no WBINVD skipped');
    expect(withFault('stop_this_cpu', null)).toBe(
      'skipping the WBINVD in stop_this_cpu on every CPU it runs on',
    );
    expect(withFault('stop_this_cpu', 2)).toBe('skipping the WBINVD in stop_this_cpu on CPU 2');
  });
});
