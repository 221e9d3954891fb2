import { describe, expect, it } from 'vitest';
import { parseScenarioText, simulate } from '../../../sim/index.ts';
import {
  cpuForSite,
  cpusFlushingAt,
  faultMatched,
  faultMiss,
  faultMissInRuns,
  siteOption,
} from './fault-miss.ts';

const run = (yaml: string) => {
  const p = parseScenarioText(yaml);
  if (!p.ok) throw new Error(`bad scenario: ${JSON.stringify(p)}`);
  return simulate(p.scenario);
};
// Lab 1 step 3's platform, with the student's seed 2.
const AMD = 'kernel: after\nplatform: {vendor: amd, cpus: 4, sme: active}\nseed: 2\n';
const withFault = (base: string, site: string, cpu?: number) =>
  `${base}faults: [{skip_wbinvd: {site: ${site}${cpu === undefined ? '' : `, cpu: ${cpu}`}}}]\n`;

describe('a fault that matches no WBINVD of the run is said, with why, from the run', () => {
  it('relocate_kernel on a CPU that is not the kexec CPU: said, naming the kexec CPU', () => {
    const r = run(withFault(AMD, 'relocate_kernel', 1));
    expect(faultMatched(r, { site: 'relocate_kernel', cpu: 1 })).toBe(false);
    expect(faultMiss(r, { site: 'relocate_kernel', cpu: 1 })).toBe(
      'This fault matches no WBINVD in this run: relocate_kernel runs only on the kexec CPU, CPU 0.',
    );
    // The same site on the kexec CPU, or on any CPU, skips it: nothing to say.
    for (const cpu of [0, null]) {
      const hit = run(withFault(AMD, 'relocate_kernel', cpu ?? undefined));
      expect(faultMiss(hit, { site: 'relocate_kernel', cpu })).toBeNull();
    }
  });

  it('the kexec CPU moved by reboot=: the note follows the run, not CPU 0', () => {
    const r = run(withFault(`${AMD}reboot_cpu: 2\n`, 'relocate_kernel', 0));
    expect(r.kexec_cpu).toBe(2);
    expect(faultMiss(r, { site: 'relocate_kernel', cpu: 0 })).toBe(
      'This fault matches no WBINVD in this run: relocate_kernel runs only on the kexec CPU, CPU 2.',
    );
  });

  it('stop_this_cpu on the kexec CPU: it stops the others, and where the WBINVD does run', () => {
    const r = run(withFault(AMD, 'stop_this_cpu', 0));
    expect(faultMiss(r, { site: 'stop_this_cpu', cpu: 0 })).toBe(
      'This fault matches no WBINVD in this run: CPU 0 runs kexec and stops the others, so it runs no stop_this_cpu; the WBINVD in stop_this_cpu runs on CPUs 1–3.',
    );
    expect(faultMiss(run(withFault(AMD, 'stop_this_cpu', 1)), { site: 'stop_this_cpu', cpu: 1 })).toBeNull();
  });

  it('a site no CPU flushes at on this platform (the TDX flush on AMD, the SEV-SNP kdump flush): said', () => {
    for (const site of ['tdx_cpu_flush_cache_for_kexec', 'kdump_sev_callback', 'play_dead'] as const) {
      const r = run(withFault(AMD, site));
      expect(cpusFlushingAt(r, site)).toEqual([]);
      expect(faultMiss(r, { site, cpu: null })).toBe(
        `This fault matches no WBINVD in this run: no CPU does a WBINVD in ${site} here.`,
      );
    }
  });

  it('a CPU offline before kexec: its play_dead WBINVD is where it flushes, not on another CPU', () => {
    const r = run(withFault(`${AMD}events: [{offline: 2}]\n`, 'play_dead', 3));
    expect(cpusFlushingAt(r, 'play_dead')).toEqual([2]);
    expect(faultMiss(r, { site: 'play_dead', cpu: 3 })).toBe(
      'This fault matches no WBINVD in this run: the WBINVD in play_dead runs on CPU 2 here, not on CPU 3.',
    );
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
  const kexec = run(withFault(AMD, 'stop_this_cpu'));
  const kdump = run(withFault(`${AMD}path: kdump\n`, 'stop_this_cpu'));
  const f = { site: 'stop_this_cpu', cpu: null } as const;

  it('one run: as in a lab step', () => {
    expect(faultMissInRuns([{ result: kexec, label: 'Run' }], f)).toBeNull();
    expect(faultMissInRuns([{ result: kdump, label: 'Run' }], f)).toBe(faultMiss(kdump, f));
  });

  it('two runs: the one it matches nothing in is named; both, said once when the reason is the same', () => {
    expect(
      faultMissInRuns(
        [
          { result: kexec, label: 'kexec' },
          { result: kdump, label: 'kdump' },
        ],
        f,
      ),
    ).toBe('This fault matches no WBINVD in the kdump run: no CPU does a WBINVD in stop_this_cpu here.');
    const tdx = { site: 'tdx_cpu_flush_cache_for_kexec', cpu: null } as const;
    const a = run(withFault(AMD, tdx.site));
    const b = run(withFault(AMD.replace('after', 'before'), tdx.site));
    expect(
      faultMissInRuns(
        [
          { result: a, label: 'after (v6.18)' },
          { result: b, label: 'before (v6.17)' },
        ],
        tdx,
      ),
    ).toBe(
      'This fault matches no WBINVD in either run: no CPU does a WBINVD in tdx_cpu_flush_cache_for_kexec here.',
    );
    // Each run its own reason: both said, each with its run.
    const reloc = { site: 'relocate_kernel', cpu: 1 } as const;
    const supported = 'kernel: after\nplatform: {vendor: amd, cpus: 4, sme: supported}\n';
    expect(
      faultMissInRuns(
        [
          { result: run(withFault(supported, reloc.site, 1)), label: 'after (v6.18)' },
          {
            result: run(withFault(supported.replace('after', 'before'), reloc.site, 1)),
            label: 'before (v6.17)',
          },
        ],
        reloc,
      ),
    ).toBe(
      'This fault matches no WBINVD in either run: in the after (v6.18) run, relocate_kernel runs only on the kexec CPU, CPU 0; in the before (v6.17) run, no CPU does a WBINVD in relocate_kernel here.',
    );
  });
});
