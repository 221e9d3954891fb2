/** faultOutcomes: which WBINVD each fault of a scenario skipped, and why one skipped none. */
import { describe, expect, it } from 'vitest';
import { faultLabel, faultOutcomes, faultWords } from './faults.ts';
import { formatTimeline } from './format.ts';
import type { Fault, WbinvdSite } from './scenario.ts';
import { simulate } from './simulate.ts';
import { amd, intel } from './test-helpers.ts';
import { validateScenario } from './validate.ts';

/** The outcomes of a scenario's faults, and its run (the timeline to say them in). */
function outcomes(input: Record<string, unknown>) {
  const v = validateScenario(input);
  if (!v.ok) throw new Error(JSON.stringify(v.issues));
  const r = simulate(v.scenario);
  return { r, o: faultOutcomes(v.scenario, r) };
}

const skip = (site: WbinvdSite, cpu?: number): Fault => ({
  skip_wbinvd: cpu === undefined ? { site } : { site, cpu },
});

describe('faultOutcomes', () => {
  it('gives each fault the WBINVDs it skipped, by CPU and trace step', () => {
    const { r, o } = outcomes({ kernel: 'after', platform: amd('active'), faults: [skip('stop_this_cpu')] });
    const steps = r.trace.filter((t) => t.kind === 'wbinvd_skipped');
    expect(o).toEqual([
      {
        fault: skip('stop_this_cpu'),
        index: 0,
        injected: steps.map((t) => ({ cpu: t.cpu, seq: t.seq })),
        unmatched: null,
      },
    ]);
    expect(o[0]?.injected.map((x) => x.cpu)).toEqual([1, 2, 3]);
  });

  it('says why a fault skipped nothing, in the run’s terms', () => {
    const why = (input: Record<string, unknown>) => outcomes(input).o.map((x) => x.unmatched);
    // The audit's case: relocate_kernel on the CPU that ran kexec -e, which is not the reboot CPU.
    expect(
      why({
        kernel: 'after',
        platform: amd('active'),
        start_cpu: 2,
        faults: [skip('relocate_kernel', 2), skip('play_dead')],
      }),
    ).toEqual([
      'relocate_kernel runs only on the kexec CPU (CPU 0)',
      'the play_dead WBINVD runs only on a CPU going offline (an offline event)',
    ]);
    expect(why({ kernel: 'after', platform: amd('none'), faults: [skip('kdump_sev_callback', 3)] })).toEqual([
      'kdump_sev_callback() runs only in kdump (path: kdump)',
    ]);
    expect(
      why({
        kernel: 'after',
        platform: amd('active'),
        path: 'kdump',
        faults: [skip('kdump_sev_callback'), skip('stop_this_cpu')],
      }),
    ).toEqual([
      'kdump_sev_callback() flushes only on a SEV-SNP host (platform.snp_host: true)',
      'in kdump the other CPUs are stopped by the shootdown NMI (crash_nmi_callback()), never by stop_this_cpu()',
    ]);
    expect(why({ kernel: 'before', platform: amd('supported'), faults: [skip('relocate_kernel')] })).toEqual([
      'host_mem_enc_active is false in this run (SME is not active), so relocate_kernel does no WBINVD to skip',
    ]);
    expect(
      why({
        kernel: 'after',
        platform: amd('none'),
        faults: [skip('relocate_kernel'), skip('stop_this_cpu', 0)],
      }),
    ).toEqual([
      'RELOC_KERNEL_CACHE_INCOHERENT is clear in this run, so relocate_kernel does no WBINVD to skip',
      'stop_this_cpu() runs on the other CPUs, not on the kexec CPU (CPU 0)',
    ]);
    // TDX: the flags were cleared in kvm_shutdown(), before the CPUs stop.
    expect(why({ kernel: 'after', platform: intel(true), faults: [skip('stop_this_cpu', 1)] })).toEqual([
      "stop_this_cpu() flushes only a CPU whose cache_state_incoherent is set, and CPU 1's was not when it stopped",
    ]);
    expect(
      why({
        kernel: 'after',
        platform: amd('active'),
        events: [{ offline: 2 }],
        faults: [skip('play_dead', 1), skip('stop_this_cpu', 2)],
      }),
    ).toEqual([
      'the play_dead WBINVD runs only on a CPU going offline, and only CPU 2 goes offline here',
      'CPU 2 is offline when kexec starts: it never runs stop_this_cpu()',
    ]);
    expect(
      why({ kernel: 'after', platform: intel(false), faults: [skip('tdx_cpu_flush_cache_for_kexec')] }),
    ).toEqual(['tdx_cpu_flush_cache_for_kexec() runs only on an Intel TDX host (platform.tdx: true)']);
    expect(
      why({
        kernel: 'after',
        platform: intel(true, 4, { tdx_pw_mce: true }),
        faults: [skip('relocate_kernel')],
      }),
    ).toEqual(['the run ended before kexec (load_refused), so relocate_kernel never ran']);
  });

  it('a fault naming WBINVDs an earlier fault already skips did nothing, and says which one did', () => {
    const { o } = outcomes({
      kernel: 'after',
      platform: amd('active'),
      faults: [skip('stop_this_cpu'), skip('stop_this_cpu', 2)],
    });
    expect(o[0]?.injected.map((x) => x.cpu)).toEqual([1, 2, 3]);
    expect(o[1]?.injected).toEqual([]);
    expect(o[1]?.unmatched).toMatch(/^faults\[0\] already skips the WBINVD it names \(step \d+\)/);
  });

  it("for a screen, the same reasons in the controls' words: no field path, no fault by its index", () => {
    const input = (more: Record<string, unknown>) => {
      const v = validateScenario({ kernel: 'after', platform: amd('active'), ...more });
      if (!v.ok) throw new Error(JSON.stringify(v.issues));
      const r = simulate(v.scenario);
      return { file: faultOutcomes(v.scenario, r), screen: faultOutcomes(v.scenario, r, 'screen') };
    };
    const a = input({
      faults: [
        skip('stop_this_cpu'),
        skip('stop_this_cpu', 2),
        skip('tdx_cpu_flush_cache_for_kexec'),
        skip('kdump_sev_callback'),
      ],
    });
    expect(a.screen.map((x) => x.unmatched)).toEqual([
      null,
      expect.stringMatching(
        /^the fault above it, skip WBINVD in stop_this_cpu on every CPU it runs on, already skips that WBINVD \(CPU 2's, step \d+\)/,
      ),
      'tdx_cpu_flush_cache_for_kexec() runs only on an Intel TDX host',
      'kdump_sev_callback() runs only in kdump',
    ]);
    // The file's reader still gets the field to set.
    expect(a.file[2]?.unmatched).toMatch(/\(platform\.tdx: true\)$/);
    // Skipped the same WBINVDs either way: only the words differ.
    expect(a.screen.map((x) => x.injected)).toEqual(a.file.map((x) => x.injected));
    const b = input({ path: 'kdump', platform: amd('active'), faults: [skip('kdump_sev_callback')] });
    expect(b.screen[0]?.unmatched).toBe('kdump_sev_callback() flushes only on a SEV-SNP host');
    expect(faultWords({ site: 'play_dead', cpu: 3 })).toBe('skip WBINVD in play_dead on CPU 3');
    expect(faultWords({ site: 'play_dead', cpu: null })).toBe(
      'skip WBINVD in play_dead on every CPU it runs on',
    );
  });

  it('the timeline’s summary says each fault: where it was injected, or that it matched nothing', () => {
    const { r, o } = outcomes({
      kernel: 'after',
      platform: amd('active'),
      start_cpu: 2,
      faults: [skip('relocate_kernel', 2), skip('relocate_kernel', 0)],
    });
    const seq = r.trace.find((t) => t.kind === 'wbinvd_skipped')?.seq;
    const summary = formatTimeline(r, { faults: o }).split('== Summary ==\n')[1] ?? '';
    expect(summary).toContain(
      'Fault matched nothing: skip_wbinvd at relocate_kernel on CPU 2 — relocate_kernel runs only on the kexec CPU (CPU 0)\n',
    );
    expect(summary).toContain(`Fault injected: skip_wbinvd at relocate_kernel on CPU 0 (step ${seq})\n`);
    expect(faultLabel(skip('play_dead'))).toBe('skip_wbinvd at play_dead');
  });

  it('the skipped step says it is the scenario’s fault, not what the kernel does', () => {
    const { r } = outcomes({ kernel: 'after', platform: amd('active'), faults: [skip('relocate_kernel')] });
    const t = r.trace.find((x) => x.kind === 'wbinvd_skipped');
    expect(t?.note).toMatch(/^Fault injected \(the scenario's faults\[0\]; the kernel does not skip it\): /);
  });
});
