import { describe, expect, it } from 'vitest';
import { applyPreset, fromScenario, PRESETS, toScenario } from './scenario-form.ts';

describe('sandbox form and scenarios', () => {
  it('every preset survives a round trip through the scenario format', () => {
    for (const p of PRESETS) {
      const form = applyPreset(p);
      const back = fromScenario(toScenario(form));
      expect(toScenario(back)).toEqual(toScenario(form));
    }
  });

  it('reads a lab scenario with stop behaviours, events and faults', () => {
    const f = fromScenario({
      kernel: 'after',
      platform: { vendor: 'intel', cpus: 4, tdx: true },
      stop: { 3: 'late' },
      events: [{ seamcall: 2 }, { kvm_unload: true }],
      faults: [{ skip_wbinvd: { site: 'tdx_cpu_flush_cache_for_kexec', cpu: 2 } }],
    });
    expect(f).toMatchObject({
      vendor: 'intel',
      tdx: true,
      stop: [{ cpu: 3, how: 'late' }],
      events: [
        { type: 'seamcall', cpu: 2 },
        { type: 'kvm_unload', cpu: 0 },
      ],
      faults: [{ site: 'tdx_cpu_flush_cache_for_kexec', cpu: 2 }],
    });
  });

  it('writes the reboot= CPU only when it is not CPU 0, and only for kexec', () => {
    const form = fromScenario({ kernel: 'after', platform: { vendor: 'amd', cpus: 4 }, reboot_cpu: 2 });
    expect(form.reboot_cpu).toBe(2);
    expect(toScenario(form)['reboot_cpu']).toBe(2);
    expect(toScenario({ ...form, reboot_cpu: 0 })).not.toHaveProperty('reboot_cpu');
    expect(toScenario({ ...form, path: 'kdump' })).not.toHaveProperty('reboot_cpu');
  });
});
