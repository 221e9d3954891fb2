/**
 * What the steps' notes and the caveats claim holds in the run they are in: no flag before the series
 * (the reference's §2a B1: nothing flag-related), no TDX caveat that the run contradicts, and no
 * scenario setting that is silently left unused.
 */
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from './parse.ts';
import { MUTANTS } from './scenario.ts';
import { amd, intel, run } from './test-helpers.ts';
import { TDX_CORRUPTION_INF, tdxCorruptionInferred } from './tdx-corruption.ts';

describe('before the series, no note speaks of cache_state_incoherent', () => {
  const platforms = [
    amd('none'),
    amd('supported'),
    amd('active'),
    amd('active', 4, { snp_host: true }),
    intel(false),
  ];
  const eventLists = [[], [{ kvm_disable: 1 }], [{ kvm_unload: true }], [{ offline: 2 }, { online: 2 }]];
  it.each(['kexec', 'kdump'])('on the %s path, whatever the platform, events or broken model', (path) => {
    for (const platform of platforms)
      for (const events of eventLists)
        for (const mutant of [null, ...MUTANTS]) {
          const r = run({ kernel: 'before', platform, events, path, mutant, start_cpu: 1 });
          for (const t of r.trace)
            expect(t.note, `${JSON.stringify({ platform, events, path, mutant })}: ${t.fn}`).not.toMatch(
              /cache_state_incoherent/,
            );
        }
  });

  it('KVM disabling virtualization on AMD, and kdump stopping the other CPUs, are said without the flag', () => {
    const disable = run({ kernel: 'before', platform: amd('supported'), events: [{ kvm_disable: 1 }] });
    // What KVM's SVM side does is outside the reference: said as the model's choice, tagged [INF].
    const disableStep = disable.trace.find((t) => t.fn === 'kvm_disable_virtualization_cpu');
    expect(disableStep?.note).toBe(
      "No TDX here: the reference covers only TDX's part of KVM, so the model does no cache flush when KVM disables virtualization here [INF].",
    );
    expect(disableStep?.evidence).toBe('INF');
    const kdump = run({ kernel: 'before', platform: amd('supported'), path: 'kdump' });
    expect(kdump.trace.find((t) => t.fn === 'crash_nmi_callback')?.note).toBe(
      'The shootdown NMI arrives: run the kdump callback. No stop_this_cpu(), so no CPUID test and no WBINVD of its own.',
    );
    // After the series the flag exists, and the notes may say what it does not do.
    const after = run({ kernel: 'after', platform: amd('supported'), path: 'kdump' });
    expect(after.trace.find((t) => t.fn === 'crash_nmi_callback')?.note).toMatch(
      /no look at cache_state_incoherent/,
    );
  });
});

describe('the TDH.VP.FLUSH caveat', () => {
  it('holds in a run where a CPU reaches the TDX flush with its flag clear (offline, then online again)', () => {
    const r = run({ kernel: 'after', platform: intel(true), events: [{ offline: 2 }, { online: 2 }] });
    // CPU 2 came back without TDH.SYS.LP.INIT: its flag is clear when kvm_shutdown() flushes.
    expect(r.flags_at_start['2']).toBe(false);
    const caveat = r.caveats.find((c) => c.text.includes('TDH.VP.FLUSH'))?.text ?? '';
    expect(caveat).not.toMatch(/already set/);
    expect(caveat).toMatch(/a CPU whose flag is clear here has no TD vCPU in the model/);
    expect(caveat).toMatch(
      /were one associated, its TDH\.VP\.FLUSH would set the flag and the CPU would flush/,
    );
  });
});

describe('scenario settings a path does not use are said, not dropped', () => {
  it('reboot_cpu in kdump: a note says the panicking CPU runs the crash kernel, as stop: gets', () => {
    const r = run({ kernel: 'after', platform: amd('active'), path: 'kdump', start_cpu: 1, reboot_cpu: 3 });
    expect(r.kexec_cpu).toBe(1);
    expect(r.trace.find((t) => t.note.includes('reboot_cpu'))).toMatchObject({
      cpu: 1,
      kind: 'note',
      note: "The scenario's reboot_cpu (CPU 3) does not apply in kdump: no migrate_to_reboot_cpu() runs, and CPU 1, which panicked, runs the crash kernel.",
    });
    const plain = run({ kernel: 'after', platform: amd('active'), path: 'kdump', start_cpu: 1 });
    expect(plain.trace.some((t) => t.note.includes('reboot_cpu'))).toBe(false);
  });

  it('a CPU given twice in stop: (2 and 02, or 2 and "2") is refused at the second, naming both', () => {
    const head = 'kernel: after\nplatform: { vendor: amd, cpus: 4, sme: active }\nstop:\n  2: late\n';
    const zero = parseScenarioText(`${head}  '02': irqs_off\n`);
    expect(zero.ok ? [] : zero.issues).toEqual([
      { field: 'stop.02', message: 'CPU 2 is given twice (as 2 and as 02): keep one of them', line: 5 },
    ]);
    const quoted = parseScenarioText(`${head}  "2": irqs_off\n`);
    expect(quoted.ok ? [] : quoted.issues).toEqual([
      {
        field: '(syntax)',
        message: 'key "2" is written twice in this mapping (as 2 and as "2"): keep one of them',
        line: 5,
      },
    ]);
  });
});

describe("the domain reference's words, carried by the steps that show them", () => {
  const flagSteps = (r: ReturnType<typeof run>, cpu: number) =>
    r.trace.filter((t) => t.cpu === cpu && t.kind === 'flag');

  it('a WBINVD skipped at the TDX flush: the clear that follows does not say the cache was flushed', () => {
    const r = run({
      kernel: 'after',
      platform: intel(true),
      faults: [{ skip_wbinvd: { site: 'tdx_cpu_flush_cache_for_kexec', cpu: 1 } }],
    });
    const skipped = r.trace.find((t) => t.kind === 'wbinvd_skipped');
    expect(skipped?.note).toMatch(
      /tdx_cpu_flush_cache_for_kexec\(\) still clears cache_state_incoherent next, as its code does after the WBINVD: the flag will say this CPU was flushed although it was not\.$/,
    );
    const clear = flagSteps(r, 1).at(-1);
    expect(clear?.flag).toEqual({ from: true, to: false });
    expect(clear?.note).not.toMatch(/just flushed/);
    expect(clear?.note).toMatch(/the fault skipped that WBINVD/);
    expect(clear?.because).toContain(skipped?.seq);
    // The CPUs whose flush ran still say so.
    expect(flagSteps(r, 2).at(-1)?.note).toBe(
      'cache_state_incoherent = false on CPU 2: its cache was just flushed.',
    );
  });

  it('a WBINVD skipped where the flag is only read says the flag stays as it was; before the series, no flag', () => {
    const stop = run({
      kernel: 'after',
      platform: amd('supported'),
      faults: [{ skip_wbinvd: { site: 'stop_this_cpu', cpu: 2 } }],
    });
    expect(stop.trace.find((t) => t.kind === 'wbinvd_skipped')?.note).toMatch(
      /stop_this_cpu\(\) only reads cache_state_incoherent: it stays set, and the CPU halts\.$/,
    );
    const before = run({
      kernel: 'before',
      platform: amd('supported'),
      faults: [{ skip_wbinvd: { site: 'stop_this_cpu', cpu: 2 } }],
    });
    expect(before.trace.find((t) => t.kind === 'wbinvd_skipped')?.note).not.toMatch(/cache_state_incoherent/);
  });

  it('tdx_flush_keeps_flag: the TDX flush shows no clear, and says none', () => {
    const r = run({ kernel: 'after', platform: intel(true), mutant: 'tdx_flush_keeps_flag' });
    const flushes = r.trace.filter((t) => t.fn === 'tdx_cpu_flush_cache_for_kexec');
    expect(flushes.length).toBeGreaterThan(0);
    expect(flushes.some((t) => t.kind === 'flag')).toBe(false);
    for (const t of flushes.filter((x) => x.kind === 'decision'))
      expect(t.note).toBe('cache_state_incoherent is set: WBINVD now.');
    expect(r.flags_at_start['1']).toBe(true);
    expect(r.wbinvd.filter((w) => w.site === 'stop_this_cpu').map((w) => w.cpu)).toEqual([1, 2, 3]);
  });

  it('no_tdx_flush_at_shutdown: each CPU says the TDX flush is what its shutdown path leaves out', () => {
    const r = run({ kernel: 'after', platform: intel(true), mutant: 'no_tdx_flush_at_shutdown' });
    const left = r.trace.filter(
      (t) => t.fn === 'tdx_disable_virtualization_cpu' && t.phase === 'syscore_shutdown',
    );
    expect(left.map((t) => t.cpu)).toEqual([0, 1, 2, 3]);
    for (const t of left) {
      expect(t.note).toMatch(/returns without calling tdx_cpu_flush_cache_for_kexec\(\): no WBINVD here/);
      expect(t.evidence).toBe('INF');
    }
  });

  it('global_flag: every CPU whose flag a write changes gets a flag step, so the views replay it', () => {
    const r = run({ kernel: 'after', platform: intel(true), mutant: 'global_flag' });
    // CPU 0's TDX flush clears the one flag: CPUs 1-3 show the change as steps of their own.
    const synced = r.trace.filter(
      (t) => t.kind === 'flag' && t.fn === 'tdx_cpu_flush_cache_for_kexec' && t.cpu !== 0,
    );
    expect(synced.map((t) => [t.cpu, t.flag])).toEqual([
      [1, { from: true, to: false }],
      [2, { from: true, to: false }],
      [3, { from: true, to: false }],
    ]);
    expect(synced[0]?.note).toBe(
      "cache_state_incoherent = false on CPU 1 too: CPU 0's write in tdx_cpu_flush_cache_for_kexec() changed it, though CPU 1 ran none of that code.",
    );
    expect(synced[0]?.evidence).toBe('INF');
  });

  it('SEV-SNP kdump: the WBINVD comes between kdump_sev_callback() and disabling the local APIC (§6 order)', () => {
    const r = run({ kernel: 'after', platform: amd('active', 4, { snp_host: true }), path: 'kdump' });
    const mine = r.trace
      .filter((t) => t.cpu === 1 && t.phase === 'crash_shutdown')
      .map((t) => [t.fn, t.kind]);
    const at = (fn: string, kind = 'step') => mine.findIndex(([f, k]) => f === fn && k === kind);
    const apic = mine.findIndex(([f], i) => f === 'kdump_nmi_callback' && i > at('wbinvd', 'wbinvd'));
    expect(at('kdump_nmi_callback')).toBeLessThan(at('wbinvd', 'wbinvd'));
    expect(apic).toBeGreaterThan(at('wbinvd', 'wbinvd'));
    expect(
      r.trace.find((t) => t.cpu === 1 && t.note.startsWith('Back from kdump_sev_callback()'))?.note,
    ).toBe('Back from kdump_sev_callback(), after its WBINVD: disable the local APIC.');
  });

  it("kdump: 'nothing reads the flag' is said only of a CPU whose flag is set", () => {
    const noSme = run({ kernel: 'after', platform: amd('none'), path: 'kdump' });
    const sme = run({ kernel: 'after', platform: amd('supported'), path: 'kdump' });
    const said = (r: ReturnType<typeof run>) =>
      r.trace.filter((t) => t.fn === 'crash_nmi_callback' && t.kind === 'nmi').map((t) => t.note);
    for (const note of said(noSme)) expect(note).not.toMatch(/cache_state_incoherent/);
    for (const note of said(sme)) expect(note).toMatch(/flag is set, but nothing on this path reads it/);
    // The crashing CPU's new relocate_kernel WBINVD ([INF]) is a caveat only where a flag can be set.
    expect(noSme.caveats.some((c) => c.text.startsWith('kdump: CPU 0 goes through'))).toBe(false);
    expect(sme.caveats.find((c) => c.text.startsWith('kdump: CPU 0 goes through'))?.evidence).toBe('INF');
    expect(noSme.caveats.some((c) => /TDX memory/.test(c.text))).toBe(false);
  });

  it('TDX corruption is an inference: a step, a caveat and the summary say [INF]; SME corruption is not', () => {
    const tdx = run({
      kernel: 'after',
      platform: intel(true),
      faults: [{ skip_wbinvd: { site: 'tdx_cpu_flush_cache_for_kexec' } }],
    });
    expect(tdx.memory?.corrupted).toBeGreaterThan(0);
    expect(tdx.caveats).toContainEqual({ evidence: 'INF', text: TDX_CORRUPTION_INF });
    expect(tdx.trace.find((t) => t.fn === 'new_kernel' && t.kind === 'note')?.note).toMatch(
      /On TDX this effect is the model's inference \[INF\]/,
    );
    expect(tdxCorruptionInferred(tdx)).toBe(true);
    const sme = run({
      kernel: 'after',
      platform: amd('active'),
      faults: [{ skip_wbinvd: { site: 'stop_this_cpu' } }],
    });
    expect(sme.memory?.corrupted).toBeGreaterThan(0);
    expect(tdxCorruptionInferred(sme)).toBe(false);
    expect(sme.caveats.some((c) => c.text === TDX_CORRUPTION_INF)).toBe(false);
  });

  it('before the series, bring-up is said as the reference has it: nothing flag-related, CPUID read at the stop', () => {
    const r = run({ kernel: 'before', platform: amd('supported') });
    const [first] = r.trace.filter((t) => t.fn === 'early_detect_mem_encrypt');
    expect(first?.note).toMatch(/Up to v6\.17 nothing flag-related happens at bring-up: there is no flag\./);
    expect(first?.note).toMatch(/stop_this_cpu\(\) reads raw CPUID itself/);
    expect(first?.note).toMatch(/that is why stop_this_cpu\(\)'s test reads raw CPUID/);
  });

  it('CPU 0 offline: the reboot CPU falls back, said in the step, and whether CPU 0 can go offline is [UNVERIFIED]', () => {
    const r = run({
      kernel: 'after',
      platform: amd('supported'),
      start_cpu: 1,
      events: [{ offline: 0 }],
    });
    expect(r.kexec_cpu).toBe(1);
    expect(r.trace.find((t) => t.fn === 'migrate_to_reboot_cpu')?.note).toBe(
      'The reboot CPU 0 is offline, so the first online CPU, CPU 1, takes its place, and the task already runs there.',
    );
    expect(r.caveats.find((c) => c.text.startsWith('CPU 0, the reboot CPU, is offline'))?.evidence).toBe(
      'UNVERIFIED',
    );
    const other = run({ kernel: 'after', platform: amd('supported'), events: [{ offline: 2 }] });
    expect(other.caveats.some((c) => c.text.includes('reboot CPU'))).toBe(false);
  });

  it('the image load is said by its system calls (the reference names no kexec-tools option)', () => {
    const r = run({ kernel: 'after', platform: amd('supported'), path: 'kdump' });
    expect(r.trace.find((t) => t.fn === 'machine_kexec_prepare')?.note).toBe(
      'The crash image, for kdump, is loaded (kexec_load or kexec_file_load); machine_kexec_prepare() accepts it.',
    );
  });
});
