import { describe, expect, it } from 'vitest';
import { parseScenarioText, simulate } from '../../../sim/index.ts';
import { faultEffect, faultEffectInRuns } from './fault-note.ts';

const scenarioRun = (yaml: string) => {
  const p = parseScenarioText(yaml);
  if (!p.ok) throw new Error(`bad scenario: ${JSON.stringify(p)}`);
  return { result: simulate(p.scenario), scenario: p.scenario };
};
const AMD = (sme: string) => `kernel: after\nplatform: {vendor: amd, cpus: 4, sme: ${sme}}\nseed: 1\n`;
const withFault = (base: string, site: string, cpu?: number) =>
  `${base}faults: [{skip_wbinvd: {site: ${site}${cpu === undefined ? '' : `, cpu: ${cpu}`}}}]\n`;
const skippedSteps = (r: ReturnType<typeof scenarioRun>) =>
  r.result.trace.filter((t) => t.kind === 'wbinvd_skipped');

describe('what a fault that skipped a WBINVD did, in plain words', () => {
  it('relocate_kernel with SME active: the step, where the lines stay, and the corruption, from the run', () => {
    const r = scenarioRun(withFault(AMD('active'), 'relocate_kernel'));
    const [step] = skippedSteps(r);
    const mem = r.result.memory;
    if (!step || !mem) throw new Error('the fault skips the flush, and the new kernel runs');
    // The simulator's own note on the skipped step says the same: the lines stay in the CPU's cache.
    expect(step.note).toContain("The dirty lines stay in CPU 0's cache.");
    expect(faultEffect(r, { site: 'relocate_kernel', cpu: null })).toBe(
      `Skipped the relocate_kernel WBINVD on CPU 0 (step ${step.seq}): its dirty lines stay in CPU 0's cache, and ${mem.corrupted} of the new kernel's 16 lines were overwritten by stale lines CPU 0 wrote back after the copy.`,
    );
    expect(mem.corrupted).toBeGreaterThan(0);
  });

  it('stop_this_cpu on every CPU it runs on: the CPUs and steps, and only the lines those CPUs wrote back', () => {
    const r = scenarioRun(withFault(AMD('active'), 'stop_this_cpu'));
    const steps = skippedSteps(r);
    const note = faultEffect(r, { site: 'stop_this_cpu', cpu: null }) ?? '';
    expect(note).toMatch(
      new RegExp(
        `^Skipped the stop_this_cpu WBINVD on CPUs 1–3 \\(steps ${steps.map((s) => s.seq).join(', ')}\\): each one's dirty lines stay in its cache, and \\d+ of the new kernel's 16 lines (was|were) overwritten by stale lines CPUs? [0-9–, ]+ wrote back after the copy\\.$`,
      ),
    );
    const culprits = new Set(r.result.memory?.lines.flatMap((l) => (l.culprit === null ? [] : [l.culprit])));
    expect(culprits.has(0)).toBe(false);
  });

  it('SME supported, not active: nothing overwritten, and the run’s reason (no stale alias) said', () => {
    const r = scenarioRun(withFault(AMD('supported'), 'relocate_kernel'));
    expect(r.result.memory?.corrupted).toBe(0);
    expect(r.result.trace.at(-1)?.note).toContain('no stale alias was left in any cache');
    expect(faultEffect(r, { site: 'relocate_kernel', cpu: null })).toMatch(
      /: its dirty lines stay in CPU 0's cache, but none of the new kernel's 16 lines was overwritten: no stale alias \(a new-kernel address under another encryption attribute\) was left in any cache\.$/,
    );
  });

  it('a fault that skipped nothing, or is not the run’s, has no note here (fault-miss says why)', () => {
    const r = scenarioRun(withFault(AMD('active'), 'relocate_kernel', 1));
    expect(faultEffect(r, { site: 'relocate_kernel', cpu: 1 })).toBeNull();
    expect(faultEffect(r, { site: 'play_dead', cpu: null })).toBeNull();
  });

  it('runs compared: said for each run it skipped in, named by its label', () => {
    const after = { ...scenarioRun(withFault(AMD('supported'), 'relocate_kernel')), label: 'after (v6.18)' };
    const before = {
      ...scenarioRun(withFault(AMD('supported').replace('after', 'before'), 'relocate_kernel')),
      label: 'before (v6.17)',
    };
    const f = { site: 'relocate_kernel' as const, cpu: null };
    // Before the series SME supported but off gives relocate_kernel no WBINVD: only the after run says one.
    expect(faultEffect(before, f)).toBeNull();
    expect(faultEffectInRuns([after, before], f)).toMatch(
      /^In the after \(v6\.18\) run: skipped the relocate_kernel WBINVD on CPU 0 \(step \d+\)/,
    );
    expect(faultEffectInRuns([before], f)).toBeNull();
  });
});
