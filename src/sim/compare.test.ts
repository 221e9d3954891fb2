import { describe, expect, it } from 'vitest';
import { diffResults, relocateKernelLabel } from './compare.ts';
import { amd, intel, run } from './test-helpers.ts';

describe('diffResults', () => {
  it('AMD SME supported, before vs after: exactly the relocate_kernel WBINVD on K changed', () => {
    const d = diffResults(
      run({ kernel: 'before', platform: amd('supported') }),
      run({ kernel: 'after', platform: amd('supported') }),
    );
    expect(d.wbinvd.filter((r) => r.changed).map((r) => [r.cpu, r.site, r.a, r.b])).toEqual([
      [0, 'relocate_kernel', 0, 1],
    ]);
    expect(d.relocateKernel).toEqual({
      a: 'host_mem_enc_active = 0',
      b: 'flags = [RELOC_KERNEL_CACHE_INCOHERENT]',
      changed: true,
    });
    expect(d.same).toBe(false);
  });

  it('kexec vs kdump on a TDX host: flush sites and stop methods differ', () => {
    const d = diffResults(
      run({ kernel: 'after', platform: intel(true) }),
      run({ kernel: 'after', platform: intel(true), path: 'kdump' }),
    );
    expect(
      d.wbinvd.filter((r) => r.changed && r.site === 'tdx_cpu_flush_cache_for_kexec').map((r) => r.cpu),
    ).toEqual([0, 1, 2, 3]);
    expect(d.wbinvd.find((r) => r.site === 'relocate_kernel')).toMatchObject({ cpu: 0, a: 0, b: 1 });
    expect(d.stopped.map((s) => [s.cpu, s.a, s.b])).toEqual([
      [1, 'reboot_ipi', 'nmi_shootdown'],
      [2, 'reboot_ipi', 'nmi_shootdown'],
      [3, 'reboot_ipi', 'nmi_shootdown'],
    ]);
  });

  it('a run compared with itself is the same', () => {
    const r = run({ kernel: 'after', platform: amd('active'), stop: { 3: 'late' } });
    expect(diffResults(r, r).same).toBe(true);
  });
});

describe('relocateKernelLabel', () => {
  it("writes the argument as the kernel has it: v6.18's flag names, v6.17's integer", () => {
    expect(relocateKernelLabel({ flags: ['RELOC_KERNEL_CACHE_INCOHERENT'] })).toBe(
      'flags = [RELOC_KERNEL_CACHE_INCOHERENT]',
    );
    expect(relocateKernelLabel({ flags: [] })).toBe('flags = [none]');
    expect(relocateKernelLabel({ host_mem_enc_active: true })).toBe('host_mem_enc_active = 1');
    expect(relocateKernelLabel(null)).toBe('not reached');
  });
});
