import { describe, expect, it } from 'vitest';
import { parseScenarioText, simulate } from '../../../sim/index.ts';
import {
  cpuForSite,
  cpusFlushingAt,
  faultMiss,
  faultMissInRuns,
  nthSame,
  siteOption,
  type FaultChoice,
} from './fault-miss.ts';

const scenarioRun = (yaml: string) => {
  const p = parseScenarioText(yaml);
  if (!p.ok) throw new Error(`bad scenario: ${JSON.stringify(p)}`);
  return { result: simulate(p.scenario), scenario: p.scenario };
};
const run = (yaml: string) => scenarioRun(yaml).result;
// Lab 1 step 3's platform, with the student's seed 2.
const AMD = 'kernel: after\nplatform: {vendor: amd, cpus: 4, sme: active}\nseed: 2\n';
const withFault = (base: string, site: string, cpu?: number) =>
  `${base}faults: [{skip_wbinvd: {site: ${site}${cpu === undefined ? '' : `, cpu: ${cpu}`}}}]\n`;
const said = (why: string) => `This fault matches no WBINVD in this run: ${why}.`;

describe("a fault that matches no WBINVD of the run is said, with why, in the simulator's words", () => {
  it('relocate_kernel on a CPU that is not the kexec CPU: said, naming the kexec CPU', () => {
    const r = scenarioRun(withFault(AMD, 'relocate_kernel', 1));
    expect(faultMiss(r, { site: 'relocate_kernel', cpu: 1 })).toBe(
      said('relocate_kernel runs only on the kexec CPU (CPU 0)'),
    );
    // The same site on the kexec CPU, or on any CPU, skips it: nothing to say.
    for (const cpu of [0, null]) {
      const hit = scenarioRun(withFault(AMD, 'relocate_kernel', cpu ?? undefined));
      expect(faultMiss(hit, { site: 'relocate_kernel', cpu })).toBeNull();
    }
  });

  it('the kexec CPU moved by reboot=: the note follows the run, not CPU 0', () => {
    const r = scenarioRun(withFault(`${AMD}reboot_cpu: 2\n`, 'relocate_kernel', 0));
    expect(r.result.kexec_cpu).toBe(2);
    expect(faultMiss(r, { site: 'relocate_kernel', cpu: 0 })).toBe(
      said('relocate_kernel runs only on the kexec CPU (CPU 2)'),
    );
  });

  it('stop_this_cpu on the kexec CPU: it runs on the others', () => {
    const r = scenarioRun(withFault(AMD, 'stop_this_cpu', 0));
    expect(faultMiss(r, { site: 'stop_this_cpu', cpu: 0 })).toBe(
      said('stop_this_cpu() runs on the other CPUs, not on the kexec CPU (CPU 0)'),
    );
    const hit = scenarioRun(withFault(AMD, 'stop_this_cpu', 1));
    expect(faultMiss(hit, { site: 'stop_this_cpu', cpu: 1 })).toBeNull();
  });

  it('a site no CPU flushes at on this platform: why, as `flushpoint simulate` says it but for the field', () => {
    const why = {
      tdx_cpu_flush_cache_for_kexec: 'tdx_cpu_flush_cache_for_kexec() runs only on an Intel TDX host',
      kdump_sev_callback: 'kdump_sev_callback() runs only in kdump',
      play_dead: 'the play_dead WBINVD runs only on a CPU going offline (an offline event)',
    } as const;
    for (const site of ['tdx_cpu_flush_cache_for_kexec', 'kdump_sev_callback', 'play_dead'] as const) {
      const r = scenarioRun(withFault(AMD, site));
      expect(cpusFlushingAt(r.result, site)).toEqual([]);
      expect(faultMiss(r, { site, cpu: null })).toBe(said(why[site]));
    }
  });

  it('a CPU offline before kexec: its play_dead WBINVD is where it flushes, not on another CPU', () => {
    const r = scenarioRun(withFault(`${AMD}events: [{offline: 2}]\n`, 'play_dead', 3));
    expect(cpusFlushingAt(r.result, 'play_dead')).toEqual([2]);
    expect(faultMiss(r, { site: 'play_dead', cpu: 3 })).toBe(
      said('the play_dead WBINVD runs only on a CPU going offline, and only CPU 2 goes offline here'),
    );
  });

  it('a fault the run was not made with says nothing about it', () => {
    const r = scenarioRun(AMD);
    expect(faultMiss(r, { site: 'relocate_kernel', cpu: 1 })).toBeNull();
  });

  it('the fault list marks each site with the CPUs that flush there in this run, or with none', () => {
    const r = run(AMD);
    expect(siteOption(r, 'stop_this_cpu')).toBe('stop_this_cpu (CPUs 1–3)');
    expect(siteOption(r, 'relocate_kernel')).toBe('relocate_kernel (CPU 0)');
    expect(siteOption(r, 'tdx_cpu_flush_cache_for_kexec')).toBe(
      'tdx_cpu_flush_cache_for_kexec (no WBINVD in this run)',
    );
    // A skipped WBINVD still marks its site: the fault took it out, the kernel would have run it.
    expect(cpusFlushingAt(run(withFault(AMD, 'relocate_kernel')), 'relocate_kernel')).toEqual([0]);
  });

  it('a CPU chosen for one site goes back to every CPU when the new site does not flush on it', () => {
    const r = run(AMD);
    expect(cpuForSite(r, 'relocate_kernel', 1)).toBeNull();
    expect(cpuForSite(r, 'relocate_kernel', 0)).toBe(0);
    expect(cpuForSite(r, 'stop_this_cpu', 2)).toBe(2);
    expect(cpuForSite(r, 'tdx_cpu_flush_cache_for_kexec', 2)).toBeNull();
    expect(cpuForSite(r, '', 2)).toBeNull();
    expect(cpuForSite(r, 'stop_this_cpu', null)).toBeNull();
  });
});

describe('the sandbox: a fault said for each run compared that it matches nothing in', () => {
  const kexec = scenarioRun(withFault(AMD, 'stop_this_cpu'));
  const kdump = scenarioRun(withFault(`${AMD}path: kdump\n`, 'stop_this_cpu'));
  const f = { site: 'stop_this_cpu', cpu: null } as const;

  it('one run: as in a lab step', () => {
    expect(faultMissInRuns([{ ...kexec, label: 'Run' }], f)).toBeNull();
    expect(faultMissInRuns([{ ...kdump, label: 'Run' }], f)).toBe(faultMiss(kdump, f));
  });

  it('two runs: the one it matches nothing in is named; both, said once when the reason is the same', () => {
    expect(
      faultMissInRuns(
        [
          { ...kexec, label: 'kexec' },
          { ...kdump, label: 'kdump' },
        ],
        f,
      ),
    ).toBe(
      'This fault matches no WBINVD in the kdump run: in kdump the other CPUs are stopped by the shootdown NMI (crash_nmi_callback()), never by stop_this_cpu().',
    );
    const tdx = { site: 'tdx_cpu_flush_cache_for_kexec', cpu: null } as const;
    expect(
      faultMissInRuns(
        [
          { ...scenarioRun(withFault(AMD, tdx.site)), label: 'after (v6.18)' },
          { ...scenarioRun(withFault(AMD.replace('after', 'before'), tdx.site)), label: 'before (v6.17)' },
        ],
        tdx,
      ),
    ).toBe(
      'This fault matches no WBINVD in either run: tdx_cpu_flush_cache_for_kexec() runs only on an Intel TDX host.',
    );
    // Each run its own reason, each said with its run. No SME in CPUID: after the series the flag is
    // clear, before it SME is not active; either way relocate_kernel does no WBINVD.
    const reloc = { site: 'relocate_kernel', cpu: null } as const;
    const none = 'kernel: after\nplatform: {vendor: amd, cpus: 4, sme: none}\n';
    expect(
      faultMissInRuns(
        [
          { ...scenarioRun(withFault(none, reloc.site)), label: 'after (v6.18)' },
          { ...scenarioRun(withFault(none.replace('after', 'before'), reloc.site)), label: 'before (v6.17)' },
        ],
        reloc,
      ),
    ).toBe(
      'This fault matches no WBINVD in either run: in the after (v6.18) run, RELOC_KERNEL_CACHE_INCOHERENT is clear in this run, so relocate_kernel does no WBINVD to skip; in the before (v6.17) run, host_mem_enc_active is false in this run (SME is not active), so relocate_kernel does no WBINVD to skip.',
    );
  });
});

describe('what a student reads under a fault names no field of the scenario file', () => {
  const FIELD = /\w\[\d+\]|\b(platform|path|faults)(\.\w+)?:|platform\.\w+/;

  it('a fault given twice: the second is said, naming the first by its site and CPU, not faults[0]', () => {
    const faults: FaultChoice[] = [
      { site: 'stop_this_cpu', cpu: null },
      { site: 'stop_this_cpu', cpu: 2 },
      { site: 'stop_this_cpu', cpu: null },
    ];
    const yaml = `${AMD}faults: [{skip_wbinvd: {site: stop_this_cpu}}, {skip_wbinvd: {site: stop_this_cpu, cpu: 2}}, {skip_wbinvd: {site: stop_this_cpu}}]\n`;
    const r = scenarioRun(yaml);
    const notes = faults.map((f, i) => faultMiss(r, { ...f, nth: nthSame(faults, i) }));
    // The first skips CPUs 1-3; the same fault again is the one that did nothing, not the first.
    expect(notes[0]).toBeNull();
    expect(notes[1]).toMatch(
      /^This fault matches no WBINVD in this run: the fault above it, skip WBINVD in stop_this_cpu on every CPU it runs on, already skips that WBINVD \(CPU 2's, step \d+\): only the first fault naming a WBINVD applies\.$/,
    );
    expect(notes[2]).toMatch(
      /the fault above it, skip WBINVD in stop_this_cpu on every CPU it runs on, already skips/,
    );
    for (const n of notes) expect(n ?? '').not.toMatch(FIELD);
    expect(nthSame(faults, 2)).toBe(1);
    expect(nthSame(faults, 1)).toBe(0);
  });

  it.each([
    [AMD, 'tdx_cpu_flush_cache_for_kexec'],
    [AMD, 'kdump_sev_callback'],
    [`${AMD}path: kdump\n`, 'kdump_sev_callback'],
    ['kernel: after\nplatform: {vendor: intel, cpus: 2, tdx: true, tdx_pw_mce: true}\n', 'relocate_kernel'],
  ] as const)('%s, a fault at %s', (base, site) => {
    const note = faultMiss(scenarioRun(withFault(base, site)), { site, cpu: null });
    expect(note).toMatch(/^This fault matches no WBINVD in this run: /);
    expect(note).not.toMatch(FIELD);
    expect(note).not.toMatch(/load_refused|not_buildable/);
  });
});
