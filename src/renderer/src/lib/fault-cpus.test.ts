import { describe, expect, it } from 'vitest';
import { EVERY_CPU, faultCpuChoices, formKexecCpus, kexecCpuOf, keptFaultCpu } from './fault-cpus.ts';
import { defaultForm, toScenario, type FormState } from './scenario-form.ts';
import { runData } from './scenario-run.ts';

const form = (f: Partial<FormState>): FormState => ({ ...defaultForm(), sme: 'active', ...f });

describe('the CPUs a fault picker offers', () => {
  it('relocate_kernel: only the kexec CPU(s), never the others', () => {
    expect(faultCpuChoices('relocate_kernel', 4, [2])).toEqual([2]);
    expect(faultCpuChoices('relocate_kernel', 4, [3, 1, 3])).toEqual([1, 3]);
    // A kexec CPU the host does not have (a form being edited) is not offered.
    expect(faultCpuChoices('relocate_kernel', 4, [7])).toEqual([]);
  });

  it('every other site: every CPU, up to the picker limit', () => {
    for (const site of [
      'stop_this_cpu',
      'play_dead',
      'kdump_sev_callback',
      'tdx_cpu_flush_cache_for_kexec',
    ] as const)
      expect(faultCpuChoices(site, 4, [0])).toEqual([0, 1, 2, 3]);
    expect(faultCpuChoices('stop_this_cpu', 4096, [0])).toHaveLength(256);
    expect(faultCpuChoices('play_dead', 4096, [0], 64)).toHaveLength(64);
    // No site chosen yet: every CPU, as for the sites that run on any.
    expect(faultCpuChoices('', 3, [0])).toEqual([0, 1, 2]);
  });

  it('a CPU no longer offered goes back to every CPU; one still offered stays', () => {
    expect(keptFaultCpu(1, [0])).toBeNull();
    expect(keptFaultCpu(0, [0])).toBe(0);
    expect(keptFaultCpu(null, [0, 1])).toBeNull();
  });

  it('says what a fault with no CPU means', () => {
    expect(EVERY_CPU).toBe('on every CPU it runs on');
  });
});

describe("the kexec CPU of a form is the simulator's", () => {
  const cases: [string, FormState][] = [
    ['kexec, defaults', form({})],
    ['kexec -e on CPU 1, reboot= CPU 3', form({ start_cpu: 1, reboot_cpu: 3 })],
    ['reboot= CPU taken offline', form({ reboot_cpu: 2, events: [{ type: 'offline', cpu: 2 }] })],
    [
      'reboot= CPU and CPU 0 offline',
      form({
        start_cpu: 3,
        reboot_cpu: 0,
        events: [
          { type: 'offline', cpu: 0 },
          { type: 'offline', cpu: 1 },
        ],
      }),
    ],
    [
      'reboot= CPU offline, then online again',
      form({
        reboot_cpu: 2,
        events: [
          { type: 'offline', cpu: 2 },
          { type: 'online', cpu: 2 },
        ],
      }),
    ],
    [
      'kdump: the CPU that panicked, whatever reboot= says',
      form({ path: 'kdump', start_cpu: 2, reboot_cpu: 1 }),
    ],
  ];
  for (const [name, f] of cases)
    it(name, () => {
      const r = runData(toScenario(f));
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
      expect(kexecCpuOf(f)).toBe(r.result.kexec_cpu);
    });

  it('kexec vs kdump: both runs’ kexec CPUs, once each', () => {
    expect(formKexecCpus(form({ compare: 'path', start_cpu: 2, reboot_cpu: 0 }))).toEqual([0, 2]);
    expect(formKexecCpus(form({ compare: 'path', start_cpu: 1, reboot_cpu: 1 }))).toEqual([1]);
    expect(formKexecCpus(form({ compare: 'kernel', start_cpu: 2, reboot_cpu: 0 }))).toEqual([0]);
  });
});
