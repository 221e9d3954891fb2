import { describe, expect, it } from 'vitest';
import { diffResults, newKernelSummary, relocateKernelLabel, smeSupportedNotShown } from './compare.ts';
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

describe('newKernelSummary', () => {
  const jumped = run({ kernel: 'after', platform: intel(true) });
  const unbuildable = run({ kernel: 'before', platform: intel(true) });
  const corrupted = run({
    kernel: 'after',
    platform: amd('active'),
    faults: [{ skip_wbinvd: { site: 'relocate_kernel' } }],
  });

  it('says a run that never jumps has no new kernel, rather than an intact one', () => {
    expect(unbuildable.memory).toBeNull();
    expect(newKernelSummary(jumped, unbuildable, 'after', 'before')).toBe(
      'new kernel: intact in after; before never jumps to one',
    );
    expect(newKernelSummary(unbuildable, unbuildable, 'a', 'b')).toBe('no new kernel in either run');
  });

  it('compares the corruption when both jump', () => {
    expect(newKernelSummary(jumped, jumped, 'a', 'b')).toBe('new kernel intact in both');
    const n = corrupted.memory?.corrupted ?? 0;
    expect(n).toBeGreaterThan(0);
    expect(newKernelSummary(jumped, corrupted, 'a', 'b')).toBe(
      `new kernel: intact in a, ${n} lines corrupted in b`,
    );
    expect(newKernelSummary(corrupted, unbuildable, 'a', 'b')).toBe(
      `new kernel: ${n} lines corrupted in a; b never jumps to one`,
    );
  });
});

describe('smeSupportedNotShown', () => {
  const p = (vendor: string, sme: string) => ({ platform: { vendor, sme } }) as never;
  it('names what a comparison without SME supported leaves out, on AMD only', () => {
    expect(smeSupportedNotShown(p('amd', 'none'), p('amd', 'active'))).toBe(
      'SME supported (in CPUID, not active) is not shown: this compares SME none with SME active. That is the case the series changed for SME, a new relocate_kernel WBINVD on the kexec CPU; set sme: supported to see it.',
    );
    expect(smeSupportedNotShown(p('amd', 'active'), p('amd', 'active'))).toMatch(
      /is not shown: both runs have SME active\./,
    );
    expect(smeSupportedNotShown(p('amd', 'supported'), p('amd', 'active'))).toBeNull();
    expect(smeSupportedNotShown(p('amd', 'active'), p('amd', 'supported'))).toBeNull();
    expect(smeSupportedNotShown(p('intel', 'none'), p('intel', 'none'))).toBeNull();
    expect(smeSupportedNotShown(p('hygon', 'active'), p('hygon', 'active'))).toBeNull();
  });
});
