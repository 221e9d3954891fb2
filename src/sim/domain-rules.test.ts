/**
 * Every rule of shared/domain/kexec-wbinvd.md sections 2, 3, 6, 8 and 9 that says who flushes where,
 * checked through the public simulator API. Test names cite the row or step.
 */
import { describe, expect, it } from 'vitest';
import { MUTANTS } from './scenario.ts';
import { amd, flushers, intel, run, seqOf } from './test-helpers.ts';

const remotes = [1, 2, 3];

describe('§9a normal kexec: which CPU does WBINVD where', () => {
  it.each(['before', 'after'] as const)('row 1: no SME, no TDX (%s): no WBINVD at all', (kernel) => {
    for (const platform of [amd('none'), intel(false)]) {
      const r = run({ kernel, platform });
      expect(r.outcome).toBe('jumped');
      expect(r.wbinvd).toEqual([]);
    }
  });

  it('row 2: AMD SME supported but inactive, before: R flush in stop_this_cpu, K none', () => {
    const r = run({ kernel: 'before', platform: amd('supported') });
    expect(flushers(r, 'stop_this_cpu')).toEqual(remotes);
    expect(flushers(r, 'relocate_kernel')).toEqual([]);
    expect(r.relocate_kernel).toEqual({ host_mem_enc_active: false });
  });

  it('row 2: AMD SME supported but inactive, after: R stop_this_cpu, K relocate_kernel (the new behaviour)', () => {
    const r = run({ kernel: 'after', platform: amd('supported') });
    expect(flushers(r, 'stop_this_cpu')).toEqual(remotes);
    expect(flushers(r, 'relocate_kernel')).toEqual([0]);
    expect(r.relocate_kernel).toEqual({ flags: ['RELOC_KERNEL_CACHE_INCOHERENT'] });
  });

  it.each(['before', 'after'] as const)(
    'row 3: AMD SME active (%s): R stop_this_cpu, K relocate_kernel',
    (kernel) => {
      const r = run({ kernel, platform: amd('active') });
      expect(flushers(r, 'stop_this_cpu')).toEqual(remotes);
      expect(flushers(r, 'relocate_kernel')).toEqual([0]);
      expect(r.relocate_kernel).toEqual(
        kernel === 'before' ? { host_mem_enc_active: true } : { flags: ['RELOC_KERNEL_CACHE_INCOHERENT'] },
      );
    },
  );

  it('rows 4-7 before: a TDX host kernel cannot have kexec (INTEL_TDX_HOST depends on !KEXEC_CORE)', () => {
    const r = run({ kernel: 'before', platform: intel(true) });
    expect(r.outcome).toBe('not_buildable');
    expect(r.reason).toMatch(/!KEXEC_CORE/);
    expect(r.kexec_cpu).toBeNull();
    expect(r.wbinvd).toEqual([]);
  });

  it('row 4: a TDX host kernel whose TDX was never initialised: not buildable before, no flags or WBINVD after', () => {
    const platform = intel(false, 4, { tdx_host_kernel: true });
    const before = run({ kernel: 'before', platform });
    expect(before.outcome).toBe('not_buildable');
    expect(before.trace.map((t) => [t.fn, t.evidence])).toEqual([['Kconfig', 'DIFF']]);
    const r = run({ kernel: 'after', platform });
    expect(r.outcome).toBe('jumped');
    expect(r.wbinvd).toEqual([]);
    expect(r.trace.some((t) => t.kind === 'seamcall')).toBe(false);
    expect(r.trace.find((t) => t.fn === 'Kconfig')?.note).toMatch(/never initialised/);
    expect(Object.values(r.flags_at_start)).toEqual([false, false, false, false]);
    // Without TDX host support at all (row 1) the kernel builds either way.
    expect(run({ kernel: 'before', platform: intel(false) }).outcome).toBe('jumped');
  });

  it('§6: the erratum is detected by a TDX host kernel, TDX initialised or not: the load is refused', () => {
    for (const platform of [
      intel(false, 4, { tdx_host_kernel: true, tdx_pw_mce: true }),
      intel(true, 4, { tdx_pw_mce: true }),
    ])
      expect(run({ kernel: 'after', platform }).outcome).toBe('load_refused');
  });

  it('row 5: TDX host with KVM: every online CPU (K included) flushes in syscore_shutdown, then none at stop or relocate', () => {
    const r = run({ kernel: 'after', platform: intel(true) });
    const early = r.wbinvd.filter((w) => w.site === 'tdx_cpu_flush_cache_for_kexec');
    expect(early.map((w) => w.cpu)).toEqual([0, 1, 2, 3]);
    expect(early.every((w) => w.phase === 'syscore_shutdown')).toBe(true);
    expect(flushers(r, 'stop_this_cpu')).toEqual([]);
    expect(flushers(r, 'relocate_kernel')).toEqual([]);
    expect(r.relocate_kernel).toEqual({ flags: [] });
  });

  it('row 5 [INF]: a SEAMCALL after the flush makes that CPU flush again at stop', () => {
    const r = run({
      kernel: 'after',
      platform: intel(true),
      events: [{ kvm_unload: true }, { seamcall: 2 }],
    });
    expect(flushers(r, 'stop_this_cpu')).toEqual([2]);
    expect(r.flags_at_start).toEqual({ '0': false, '1': false, '2': true, '3': false });
  });

  it('row 6: a CPU offlined earlier flushed then (TDX flush and hlt_play_dead) and does nothing at kexec', () => {
    const r = run({ kernel: 'after', platform: intel(true), events: [{ offline: 3 }] });
    const on3 = r.wbinvd.filter((w) => w.cpu === 3);
    expect(on3.map((w) => w.site)).toEqual(['tdx_cpu_flush_cache_for_kexec', 'play_dead']);
    expect(on3.every((w) => w.phase === 'events')).toBe(true);
    expect(r.stopped['3']).toBe('offline');
    expect(r.trace.some((t) => t.cpu === 3 && t.fn === 'stop_this_cpu')).toBe(false);
  });

  it('row 7: a TDX remote CPU reached only by NMI skips the stop_this_cpu WBINVD (flag cleared in K1)', () => {
    const r = run({ kernel: 'after', platform: intel(true), stop: { 2: 'irqs_off' } });
    expect(r.stopped['2']).toBe('nmi');
    expect(flushers(r, 'stop_this_cpu')).toEqual([]);
    // It took KVM's shutdown IPI before: the model says it takes the interrupts as disabled after that.
    expect(r.caveats.filter((c) => /^CPU 2 has interrupts off/.test(c.text)).map((c) => c.evidence)).toEqual([
      'INF',
    ]);
    const noKvm = run({ kernel: 'after', platform: amd('active'), stop: { 2: 'irqs_off' } });
    expect(noKvm.caveats.some((c) => /interrupts off/.test(c.text))).toBe(false);
  });
});

describe('§9b kdump', () => {
  it.each(['before', 'after'] as const)('row 8: no SME, no TDX (%s): none', (kernel) => {
    expect(run({ kernel, platform: amd('none'), path: 'kdump' }).wbinvd).toEqual([]);
  });

  it('row 9: SME supported but inactive: before none, after K relocate_kernel', () => {
    expect(run({ kernel: 'before', platform: amd('supported'), path: 'kdump' }).wbinvd).toEqual([]);
    const after = run({ kernel: 'after', platform: amd('supported'), path: 'kdump' });
    expect(after.wbinvd.map((w) => [w.cpu, w.site])).toEqual([[0, 'relocate_kernel']]);
  });

  it.each(['before', 'after'] as const)('row 10: SME active (%s): only K in relocate_kernel', (kernel) => {
    const r = run({ kernel, platform: amd('active'), path: 'kdump', start_cpu: 2 });
    expect(r.wbinvd.map((w) => [w.cpu, w.site])).toEqual([[2, 'relocate_kernel']]);
  });

  it('row 11: SEV-SNP host: R flush in kdump_sev_callback via the shootdown NMI; K as rows 9/10', () => {
    for (const kernel of ['before', 'after'] as const) {
      for (const sme of ['supported', 'active'] as const) {
        const r = run({ kernel, platform: amd(sme, 4, { snp_host: true }), path: 'kdump' });
        const sev = r.wbinvd.filter((w) => w.site === 'kdump_sev_callback');
        expect(sev.map((w) => w.cpu)).toEqual(remotes);
        expect(sev.every((w) => w.via === 'nmi' && w.phase === 'crash_shutdown')).toBe(true);
        // §6: that WBINVD is quoted on the list; only the callback's stub was seen in source.
        const steps = r.trace.filter((t) => t.kind === 'wbinvd');
        expect(steps.filter((t) => t.site === 'kdump_sev_callback').map((t) => t.evidence)).toEqual(
          remotes.map(() => 'LIST'),
        );
        expect(steps.filter((t) => t.site === 'relocate_kernel').every((t) => t.evidence === 'SRC')).toBe(
          true,
        );
        const kFlush = kernel === 'after' || sme === 'active';
        expect(flushers(r, 'relocate_kernel')).toEqual(kFlush ? [0] : []);
      }
    }
  });

  it('row 12: TDX host in kdump: R none (no kvm_shutdown, no flag check), K relocate_kernel with its flag set', () => {
    const r = run({ kernel: 'after', platform: intel(true), path: 'kdump', start_cpu: 1 });
    expect(r.kexec_cpu).toBe(1);
    expect(r.wbinvd.map((w) => [w.cpu, w.site])).toEqual([[1, 'relocate_kernel']]);
    expect(r.stopped).toEqual({ '0': 'nmi_shootdown', '2': 'nmi_shootdown', '3': 'nmi_shootdown' });
  });
});

describe('§2 control flow of kexec', () => {
  it('K1-K9: kernel_kexec order: migrate_to_reboot_cpu, syscore_shutdown, machine_shutdown, machine_kexec, relocate_kernel', () => {
    const r = run({ kernel: 'after', platform: intel(true) });
    const order = [
      'migrate_to_reboot_cpu',
      'syscore_shutdown',
      'native_machine_shutdown',
      'kmsg_dump',
      'machine_kexec',
      'relocate_kernel',
      'identity_mapped',
      'swap_pages',
    ].map((fn) => seqOf(r, (t) => t.fn === fn));
    expect(order.every((s) => Number.isFinite(s))).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('K is the reboot CPU (CPU 0) whichever CPU ran kexec -e; the start CPU is stopped like the others', () => {
    const r = run({ kernel: 'after', platform: amd('supported'), start_cpu: 3 });
    expect(r.kexec_cpu).toBe(0);
    expect(r.stopped['3']).toBe('reboot_ipi');
    expect(flushers(r, 'stop_this_cpu')).toContain(3);
  });

  it('migrate_to_reboot_cpu falls back to the first online CPU when the reboot CPU is offline', () => {
    const r = run({ kernel: 'after', platform: amd('supported'), events: [{ offline: 0 }], start_cpu: 2 });
    expect(r.kexec_cpu).toBe(1);
    const named = run({ kernel: 'after', platform: amd('supported'), reboot_cpu: 2 });
    expect(named.kexec_cpu).toBe(2);
  });

  it('K1: kvm_shutdown flushes every online CPU including K, before any REBOOT IPI', () => {
    const r = run({ kernel: 'after', platform: intel(true, 3) });
    const ipi = seqOf(r, (t) => t.fn === 'apic_send_IPI_allbutself');
    for (const w of r.wbinvd) expect(w.seq).toBeLessThan(ipi);
  });

  it('R1: in stop_this_cpu the WBINVD comes before the CPU reports stopped (cpumask_clear_cpu)', () => {
    const r = run({ kernel: 'after', platform: amd('active') });
    for (const cpu of remotes) {
      const flush = seqOf(r, (t) => t.cpu === cpu && t.kind === 'wbinvd');
      const report = seqOf(r, (t) => t.cpu === cpu && t.kind === 'report');
      const halt = seqOf(r, (t) => t.cpu === cpu && t.kind === 'halt');
      expect(flush).toBeLessThan(report);
      expect(report).toBeLessThan(halt);
    }
  });

  it('K5: the NMI goes only to CPUs still in cpus_stop_mask after the ~1 s wait', () => {
    const r = run({ kernel: 'after', platform: amd('active'), stop: { 2: 'irqs_off' } });
    const nmis = r.trace.filter((t) => t.fn === '__apic_send_IPI');
    expect(nmis.map((t) => t.to)).toEqual([[2]]);
    expect(r.stopped).toEqual({ '1': 'reboot_ipi', '2': 'nmi', '3': 'reboot_ipi' });
    expect(r.wbinvd.find((w) => w.cpu === 2)?.via).toBe('nmi');
    expect(r.trace.some((t) => t.fn === 'register_stop_handler')).toBe(true);
    // CPU 2 never took the REBOOT vector: the NMI runs stop_this_cpu() for the first time, not "again".
    const nmi = r.trace.find((t) => t.fn === 'smp_stop_nmi_callback');
    expect(nmi?.note).toMatch(/then stop_this_cpu\(\)\.$/);
  });

  it('K5: no NMI fallback when every CPU takes the REBOOT IPI in time', () => {
    const r = run({ kernel: 'after', platform: amd('active') });
    expect(r.trace.some((t) => t.fn === 'register_stop_handler' || t.fn === '__apic_send_IPI')).toBe(false);
  });

  it('R2/§5: a late CPU reports, is sent the NMI anyway, flushes twice, and K goes on meanwhile (the race)', () => {
    const r = run({ kernel: 'after', platform: amd('active'), stop: { 3: 'late' } });
    expect(r.race).toEqual([3]);
    const on3 = r.wbinvd.filter((w) => w.cpu === 3);
    expect(on3.map((w) => w.via)).toEqual(['reboot_ipi', 'nmi']);
    const kGoesOn = seqOf(r, (t) => t.fn === 'native_stop_other_cpus' && /goes on while CPU 3/.test(t.note));
    expect(on3[1]?.seq).toBeGreaterThan(kGoesOn);
    expect(r.stopped['3']).toBe('reboot_ipi');
    expect(r.trace.find((t) => t.fn === 'smp_stop_nmi_callback')?.note).toMatch(
      /wakes it from HLT.*stop_this_cpu\(\) again/,
    );
  });

  it('§5: on a TDX host the late CPU has nothing to flush at stop: the series keeps WBINVD out of the race', () => {
    const r = run({ kernel: 'after', platform: intel(true), stop: { 3: 'late' } });
    expect(r.race).toEqual([3]);
    expect(flushers(r, 'stop_this_cpu')).toEqual([]);
  });

  it('K7: the flag is read before load_segments()', () => {
    const r = run({ kernel: 'after', platform: amd('supported') });
    const read = seqOf(r, (t) => t.fn === 'machine_kexec' && /this_cpu_read/.test(t.note));
    const seg = seqOf(r, (t) => t.fn === 'load_segments');
    expect(read).toBeLessThan(seg);
  });

  it('K9: the relocate_kernel WBINVD runs before swap_pages copies the new kernel', () => {
    const r = run({ kernel: 'after', platform: amd('active') });
    const flush = r.wbinvd.find((w) => w.site === 'relocate_kernel')?.seq ?? Infinity;
    expect(flush).toBeLessThan(seqOf(r, (t) => t.fn === 'swap_pages'));
  });

  it('offline CPUs never run stop_this_cpu() and flush in hlt_play_dead (both kernels)', () => {
    for (const kernel of ['before', 'after'] as const) {
      const r = run({ kernel, platform: amd('active'), events: [{ offline: 2 }] });
      expect(flushers(r, 'play_dead')).toEqual([2]);
      expect(r.stopped['2']).toBe('offline');
      expect(r.trace.some((t) => t.cpu === 2 && t.fn === 'stop_this_cpu')).toBe(false);
    }
  });
});

describe('§3 where the flag is set, cleared and read', () => {
  it('set at AMD bring-up iff raw CPUID reports SME (supported or active), never on Intel at bring-up', () => {
    expect(run({ kernel: 'after', platform: amd('none') }).flags_at_start['0']).toBe(false);
    expect(run({ kernel: 'after', platform: amd('supported') }).flags_at_start['0']).toBe(true);
    expect(run({ kernel: 'after', platform: amd('active') }).flags_at_start['0']).toBe(true);
    const r = run({ kernel: 'after', platform: intel(false) });
    expect(r.trace.some((t) => t.fn === 'early_detect_mem_encrypt')).toBe(false);
  });

  it('flags_at_start is reported only for the after kernel', () => {
    expect(run({ kernel: 'before', platform: amd('active') }).flags_at_start).toEqual({});
  });

  it('a SEAMCALL sets the flag before the SEAMCALL is issued', () => {
    const r = run({
      kernel: 'after',
      platform: intel(true),
      events: [{ kvm_unload: true }, { seamcall: 1 }],
    });
    const eventSeq = seqOf(r, (t) => t.fn === 'event' && /SEAMCALL/.test(t.note));
    const set = seqOf(r, (t) => t.seq > eventSeq && t.cpu === 1 && t.flag?.to === true);
    const call = seqOf(r, (t) => t.seq > eventSeq && t.cpu === 1 && t.kind === 'seamcall');
    expect(set).toBeLessThan(call);
  });

  it('module-init SEAMCALLs (TDH.SYS.LP.INIT) set the flag on every online CPU', () => {
    const r = run({ kernel: 'after', platform: intel(true, 3) });
    expect(r.flags_at_start).toEqual({ '0': true, '1': true, '2': true });
  });

  it('only tdx_cpu_flush_cache_for_kexec clears the flag, right after its WBINVD', () => {
    const r = run({ kernel: 'after', platform: intel(true), events: [{ kvm_disable: 2 }] });
    const clears = r.trace.filter((t) => t.flag?.to === false);
    expect(clears.length).toBeGreaterThan(0);
    for (const c of clears) {
      expect(c.fn).toBe('tdx_cpu_flush_cache_for_kexec');
      const prev = r.trace[c.seq - 2];
      expect(prev?.kind).toBe('wbinvd');
      expect(prev?.cpu).toBe(c.cpu);
    }
  });

  it('stop_this_cpu() only reads the flag: no flag change on any stop path', () => {
    const r = run({ kernel: 'after', platform: amd('active'), stop: { 2: 'irqs_off', 3: 'late' } });
    const stopPhase = r.trace.filter((t) => t.phase === 'stop_other_cpus');
    expect(stopPhase.some((t) => t.flag)).toBe(false);
  });

  it('an SME flag is never cleared: KVM disabling virtualization on AMD leaves it set', () => {
    const r = run({
      kernel: 'after',
      platform: amd('supported'),
      events: [{ kvm_disable: 1 }, { kvm_unload: true }],
    });
    expect(r.flags_at_start['1']).toBe(true);
    expect(flushers(r, 'stop_this_cpu')).toContain(1);
  });

  it('KVM disabling virtualization on one TDX CPU flushes and clears only that CPU', () => {
    const r = run({ kernel: 'after', platform: intel(true), events: [{ kvm_disable: 2 }] });
    expect(r.flags_at_start).toEqual({ '0': true, '1': true, '2': false, '3': true });
    const early = r.wbinvd.filter((w) => w.phase === 'events');
    expect(early.map((w) => [w.cpu, w.site])).toEqual([[2, 'tdx_cpu_flush_cache_for_kexec']]);
  });

  it('§3: each KVM disable step says which path ran it, with its evidence (unload is [INF])', () => {
    const r = run({
      kernel: 'after',
      platform: intel(true),
      events: [{ offline: 3 }, { kvm_disable: 2 }, { kvm_unload: true }],
    });
    const disables = r.trace
      .filter((t) => t.fn === 'kvm_disable_virtualization_cpu' && t.kind === 'step')
      .map((t) => [t.cpu, t.evidence, t.note.split(';')[0]]);
    expect(disables).toEqual([
      [3, 'SRC', 'the KVM CPU-hotplug teardown (kvm_offline_cpu) runs as the CPU goes offline'],
      [
        2,
        'INF',
        "the scenario's event: the model's stand-in for a KVM path that disables virtualization on one CPU",
      ],
      [0, 'INF', expect.stringMatching(/^KVM stops using virtualization: its hotplug state is removed/)],
      [1, 'INF', expect.stringMatching(/^KVM stops using virtualization/)],
    ]);
    const k = run({ kernel: 'after', platform: intel(true) });
    const atShutdown = k.trace.filter((t) => t.fn === 'kvm_disable_virtualization_cpu' && t.kind === 'step');
    expect(atShutdown.length).toBe(4);
    for (const t of atShutdown) {
      expect(t.evidence).toBe('SRC');
      expect(t.note).toMatch(/^kvm_shutdown\(\) runs this on each online CPU/);
    }
  });

  it('§3: the emergency disable is read from source for VMX only; on AMD the model says it infers', () => {
    const tags = (r: ReturnType<typeof run>) =>
      new Set(r.trace.filter((t) => t.fn === 'cpu_emergency_disable_virtualization').map((t) => t.evidence));
    expect(tags(run({ kernel: 'after', platform: intel(true) }))).toEqual(new Set(['SRC']));
    // §3 read v6.18's VMX callback on a TDX host: an Intel host without TDX, or v6.17, is not that.
    expect(tags(run({ kernel: 'after', platform: intel(false) }))).toEqual(new Set(['INF']));
    expect(tags(run({ kernel: 'before', platform: intel(false) }))).toEqual(new Set(['INF']));
    expect(tags(run({ kernel: 'after', platform: amd('active') }))).toEqual(new Set(['INF']));
  });

  it('a CPU that comes back online is brought up again and sets its flag again (AMD)', () => {
    const r = run({ kernel: 'after', platform: amd('supported'), events: [{ offline: 2 }, { online: 2 }] });
    expect(r.flags_at_start['2']).toBe(true);
    expect(flushers(r, 'stop_this_cpu')).toContain(2);
  });

  it('a CPU that comes back online on a TDX host makes no second TDH.SYS.LP.INIT: its flag stays clear until a SEAMCALL', () => {
    const back = run({ kernel: 'after', platform: intel(true), events: [{ offline: 3 }, { online: 3 }] });
    expect(back.flags_at_start['3']).toBe(false);
    // It flushed as it went offline; at kexec, KVM's shutdown finds its flag clear.
    const atShutdown = back.wbinvd.filter((w) => w.phase === 'syscore_shutdown').map((w) => w.cpu);
    expect(atShutdown).toEqual([0, 1, 2]);
    const lpInits = back.trace.filter(
      (t) => t.cpu === 3 && /TDH\.SYS\.LP\.INIT/.test(t.note) && t.kind === 'seamcall',
    );
    expect(lpInits).toHaveLength(1);
    expect(back.caveats.some((c) => c.evidence === 'INF' && /only once per CPU/.test(c.text))).toBe(true);
    const ranTd = run({
      kernel: 'after',
      platform: intel(true),
      events: [{ offline: 3 }, { online: 3 }, { seamcall: 3 }],
    });
    expect(ranTd.flags_at_start['3']).toBe(true);
  });
});

describe('§6 kdump and the partial-write erratum', () => {
  it('remote CPUs are stopped by nmi_shootdown_cpus and never run stop_this_cpu()', () => {
    const r = run({ kernel: 'after', platform: amd('active'), path: 'kdump' });
    expect(r.trace.some((t) => t.fn === 'stop_this_cpu')).toBe(false);
    expect(r.trace.some((t) => t.fn === 'crash_nmi_callback')).toBe(true);
    expect(Object.values(r.stopped).every((s) => s === 'nmi_shootdown')).toBe(true);
  });

  it("the crashing CPU's relocate_kernel WBINVD after the series is said to be read from the code (§8: [INF from code])", () => {
    const said = (kernel: 'before' | 'after') =>
      run({ kernel, platform: amd('supported'), path: 'kdump', start_cpu: 1 }).caveats.filter((c) =>
        /^kdump: CPU 1 goes through the same machine_kexec\(\)/.test(c.text),
      );
    expect(said('after').map((c) => c.evidence)).toEqual(['INF']);
    expect(said('before')).toEqual([]);
  });

  it('in kdump there is no migration: K is the CPU that panicked', () => {
    expect(run({ kernel: 'after', platform: amd('none'), path: 'kdump', start_cpu: 3 }).kexec_cpu).toBe(3);
  });

  it('stop: behaviours do not apply in kdump (no REBOOT IPI, no race)', () => {
    const r = run({ kernel: 'after', platform: amd('active'), path: 'kdump', stop: { 2: 'late' } });
    expect(r.race).toEqual([]);
    expect(r.stopped['2']).toBe('nmi_shootdown');
  });

  it.each(['kexec', 'kdump'] as const)(
    'the erratum refuses the %s image at load time with -EOPNOTSUPP',
    (path) => {
      const r = run({ kernel: 'after', platform: intel(true, 4, { tdx_pw_mce: true }), path });
      expect(r.outcome).toBe('load_refused');
      expect(r.reason).toMatch(/EOPNOTSUPP/);
      expect(r.reason).toMatch(/tdx_pw_mce/);
      expect(r.trace.some((t) => t.fn === 'kernel_kexec' || t.fn === 'panic')).toBe(false);
      expect(r.trace.at(-1)?.fn).toBe('machine_kexec_prepare');
    },
  );
});

describe('§8 the side effect to SME', () => {
  it('SME supported, inactive: stop_this_cpu unchanged, relocate_kernel gains a WBINVD', () => {
    const before = run({ kernel: 'before', platform: amd('supported') });
    const after = run({ kernel: 'after', platform: amd('supported') });
    expect(flushers(after, 'stop_this_cpu')).toEqual(flushers(before, 'stop_this_cpu'));
    expect(flushers(before, 'relocate_kernel')).toEqual([]);
    expect(flushers(after, 'relocate_kernel')).toEqual([0]);
  });

  it('SME active: the same WBINVDs before and after', () => {
    const w = (k: 'before' | 'after') =>
      run({ kernel: k, platform: amd('active') }).wbinvd.map((x) => [x.cpu, x.site]);
    expect(w('after')).toEqual(w('before'));
  });

  describe('Hygon, read from the code ([SRC][INF]; whether parts report the bit is [UNVERIFIED])', () => {
    const hygon = (sme: 'supported' | 'active', kernel: 'before' | 'after') =>
      run({ kernel, platform: { vendor: 'hygon', cpus: 4, sme } });

    it('before: the vendor-neutral CPUID test flushes every remote CPU; relocate_kernel iff SME is active', () => {
      expect(flushers(hygon('supported', 'before'), 'stop_this_cpu')).toEqual([1, 2, 3]);
      expect(flushers(hygon('supported', 'before'), 'relocate_kernel')).toEqual([]);
      expect(flushers(hygon('active', 'before'), 'relocate_kernel')).toEqual([0]);
    });

    it('after: only amd.c sets the flag, so no WBINVD anywhere, and with SME active the new kernel is hit', () => {
      for (const sme of ['supported', 'active'] as const) {
        const r = hygon(sme, 'after');
        expect(r.wbinvd).toEqual([]);
        expect(Object.values(r.flags_at_start)).toEqual([false, false, false, false]);
      }
      expect(hygon('active', 'after').memory?.corrupted).toBeGreaterThan(0);
    });

    it('says what is inferred and what is unverified, on the run and on the skipping step', () => {
      const r = hygon('supported', 'after');
      expect(r.caveats.map((c) => c.evidence)).toEqual(expect.arrayContaining(['INF', 'UNVERIFIED']));
      expect(r.caveats.some((c) => c.text.includes('hygon.c'))).toBe(true);
      const skip = r.trace.find((t) => t.fn === 'stop_this_cpu' && t.kind === 'decision');
      expect(skip?.evidence).toBe('INF');
      expect(skip?.note).toContain('hygon.c');
      // An AMD run has no Hygon caveat.
      expect(
        run({ kernel: 'after', platform: amd('supported') }).caveats.some((c) => c.text.includes('Hygon')),
      ).toBe(false);
    });

    it('SEV-SNP and TDX are refused on Hygon, naming the field', () => {
      expect(() =>
        run({ kernel: 'after', platform: { vendor: 'hygon', cpus: 2, sme: 'active', snp_host: true } }),
      ).toThrow(/platform\.snp_host/);
      expect(() => run({ kernel: 'after', platform: { vendor: 'hygon', cpus: 2, tdx: true } })).toThrow(
        /platform\.tdx/,
      );
    });
  });
});

describe('§7 the cache model: why the flush is needed', () => {
  it('following the kernel, the new kernel is never corrupted (all platforms, both paths)', () => {
    const platforms = [
      amd('none'),
      amd('supported'),
      amd('active'),
      amd('active', 4, { snp_host: true }),
      intel(false),
      intel(true),
    ];
    for (const platform of platforms) {
      for (const path of ['kexec', 'kdump']) {
        for (const kernel of ['before', 'after']) {
          if (kernel === 'before' && 'tdx' in platform && platform.tdx) continue;
          const r = run({
            kernel,
            platform,
            path,
            stop: path === 'kexec' ? { 2: 'irqs_off', 3: 'late' } : {},
          });
          expect(r.memory?.corrupted, `${kernel} ${path} ${JSON.stringify(platform)}`).toBe(0);
        }
      }
    }
  });

  it("skipping a remote CPU's stop_this_cpu WBINVD on an SME-active host corrupts lines that CPU wrote back", () => {
    const r = run({
      kernel: 'after',
      platform: amd('active'),
      faults: [{ skip_wbinvd: { site: 'stop_this_cpu', cpu: 2 } }],
    });
    expect(r.memory?.corrupted).toBeGreaterThan(0);
    const culprits = new Set(r.memory?.lines.filter((l) => l.status === 'corrupted').map((l) => l.culprit));
    expect([...culprits]).toEqual([2]);
    expect(r.trace.some((t) => t.kind === 'wbinvd_skipped' && t.cpu === 2)).toBe(true);
  });

  it('skipping the TDX flush on one CPU leaves private-KeyID aliases; in most write-back orders they corrupt', () => {
    let corruptedRuns = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const r = run({
        kernel: 'after',
        seed,
        platform: intel(true),
        faults: [{ skip_wbinvd: { site: 'tdx_cpu_flush_cache_for_kexec', cpu: 1 } }],
      });
      expect(r.memory?.at_risk).toBeGreaterThan(0);
      const bad = r.memory?.lines.filter((l) => l.status === 'corrupted') ?? [];
      if (bad.length) corruptedRuns++;
      expect(
        bad.every((l) => l.culprit === 1 && l.culprit_attr?.kind === 'keyid' && l.culprit_attr.private),
      ).toBe(true);
    }
    expect(corruptedRuns).toBeGreaterThan(15);
  });

  it('a corrupted line reads as garbage: the stale alias was written under another key', () => {
    const r = run({
      kernel: 'after',
      platform: amd('active'),
      faults: [{ skip_wbinvd: { site: 'relocate_kernel' } }],
    });
    const bad = r.memory?.lines.filter((l) => l.status === 'corrupted') ?? [];
    expect(bad.length).toBeGreaterThan(0);
    expect(
      bad.every((l) => l.read === 'garbage' && l.culprit_attr?.kind === 'cbit' && l.culprit_attr.c === 1),
    ).toBe(true);
  });

  it('a verdict that rests on the seeded write-back order is [INF], with the private-cache caveat', () => {
    const verdict = (r: ReturnType<typeof run>) =>
      r.trace.find((t) => t.fn === 'new_kernel' && t.kind === 'note');
    const privateCaches = (r: ReturnType<typeof run>) =>
      r.caveats.some(
        (c) => c.evidence === 'INF' && c.text.startsWith('The model gives each CPU one private cache'),
      );
    const flushed = run({ kernel: 'after', platform: amd('active') });
    expect(verdict(flushed)?.evidence).toBe('LIST');
    expect(privateCaches(flushed)).toBe(false);
    const skipped = run({
      kernel: 'after',
      platform: amd('active'),
      faults: [{ skip_wbinvd: { site: 'stop_this_cpu', cpu: 2 } }],
    });
    expect(verdict(skipped)?.evidence).toBe('INF');
    expect(privateCaches(skipped)).toBe(true);
  });
});

describe('seeded mutants (find the bug)', () => {
  // The student is asked to name the broken rule from the two runs: a step that says which rule it
  // breaks ("this (broken) model never flushes here, whatever the flag says") would be the answer.
  it.each(MUTANTS)('%s: its run says what it does, never that it is the broken model', (mutant) => {
    for (const platform of [amd('supported'), amd('active'), intel(true)]) {
      const r = run({ kernel: 'after', platform, mutant });
      expect(r.trace.filter((t) => /broken/i.test(t.note)).map((t) => t.note)).toEqual([]);
    }
  });

  it('relocate_kernel_tests_bit0: the flags word still carries the flag, but bit 0 is tested and no WBINVD runs', () => {
    for (const path of ['kexec', 'kdump'] as const) {
      const r = run({ kernel: 'after', platform: amd('active'), path, mutant: 'relocate_kernel_tests_bit0' });
      const faithful = run({ kernel: 'after', platform: amd('active'), path });
      expect(faithful.wbinvd.some((w) => w.site === 'relocate_kernel')).toBe(true);
      expect(r.relocate_kernel).toEqual(faithful.relocate_kernel);
      expect(r.relocate_kernel).toEqual({ flags: ['RELOC_KERNEL_CACHE_INCOHERENT'] });
      expect(r.wbinvd.filter((w) => w.site === 'relocate_kernel')).toEqual([]);
      const test = r.trace.find((t) => t.fn === 'identity_mapped' && t.kind === 'decision');
      expect(test?.note).toMatch(/^testb RELOC_KERNEL_PRESERVE_CONTEXT \(bit 0\) in %r11b: clear/);
    }
    // Before the series there is no flags word: the mutant changes nothing.
    const before = run({ kernel: 'before', platform: amd('active'), mutant: 'relocate_kernel_tests_bit0' });
    expect(before.wbinvd).toEqual(run({ kernel: 'before', platform: amd('active') }).wbinvd);
  });
});
