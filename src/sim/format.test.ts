/** The timeline's summary: how each CPU was stopped and its flag at the start, in a line each, at any size. */
import { describe, expect, it } from 'vitest';
import { formatTimeline } from './format.ts';
import { amd, intel, run } from './test-helpers.ts';

const summary = (r: Parameters<typeof formatTimeline>[0]) =>
  formatTimeline(r).split('== Summary ==\n')[1]?.split('\n') ?? [];

describe('the summary of a run', () => {
  it('says how the other CPUs were stopped and each flag when kexec began, CPUs grouped', () => {
    const r = run({
      kernel: 'after',
      platform: intel(true),
      stop: { 2: 'irqs_off' },
      events: [{ offline: 1 }],
    });
    expect(summary(r)).toEqual(
      expect.arrayContaining([
        'stopped: CPU 3 by the REBOOT IPI; CPU 2 by the NMI fallback; CPU 1 offline already',
        'cache_state_incoherent when kexec began: set on CPUs 0, 2, 3',
      ]),
    );
  });

  it('stays one short line each for 256 CPUs, and says the panic on kdump', () => {
    const big = run({ kernel: 'after', platform: amd('supported', 256), stop: { 100: 'irqs_off' } });
    expect(summary(big)).toEqual(
      expect.arrayContaining([
        'stopped: CPUs 1–99, 101–255 by the REBOOT IPI; CPU 100 by the NMI fallback',
        'cache_state_incoherent when kexec began: set on CPUs 0–255',
      ]),
    );
    const kdump = run({ kernel: 'after', platform: amd('none'), path: 'kdump', start_cpu: 1 });
    expect(summary(kdump)).toEqual(
      expect.arrayContaining([
        'stopped: CPUs 0, 2, 3 by the shootdown NMI',
        'cache_state_incoherent when the panic began: clear on CPUs 0–3',
      ]),
    );
  });

  it('has no flag line before the series, where there is no flag', () => {
    const r = run({ kernel: 'before', platform: amd('active') });
    expect(summary(r).some((l) => l.includes('cache_state_incoherent'))).toBe(false);
    expect(summary(r)).toContain('stopped: CPUs 1–3 by the REBOOT IPI');
  });
});
