/**
 * Every trace step has its file (ARCHITECTURE.md's contract): a WBINVD step, whose fn is the instruction,
 * has the file of the function the WBINVD is in, as the domain reference names it, or the mainline
 * tree's, marked so, where the reference names none.
 */
import { describe, expect, it } from 'vitest';
import { KERNEL_FILES, pathFromMainline, WBINVD_SITE_FNS } from './kernel-files.ts';
import type { SimResult } from './result.ts';
import { WBINVD_SITES, type WbinvdSite } from './scenario.ts';
import { amd, intel, run } from './test-helpers.ts';

/** The files the reference names for each site's function (§1, §3, §11 of kexec-wbinvd.md). */
const REFERENCE_FILES: Partial<Record<WbinvdSite, string>> = {
  stop_this_cpu: 'arch/x86/kernel/process.c',
  relocate_kernel: 'arch/x86/kernel/relocate_kernel_64.S',
  tdx_cpu_flush_cache_for_kexec: 'arch/x86/virt/vmx/tdx/tdx.c',
  play_dead: 'arch/x86/kernel/smpboot.c',
};

/** Runs that between them reach every site, a skipped WBINVD at each among them. */
function runs(skip: boolean): SimResult[] {
  const faults = (site: WbinvdSite) => (skip ? [{ skip_wbinvd: { site } }] : []);
  return [
    run({ kernel: 'after', platform: amd('active'), faults: faults('stop_this_cpu') }),
    run({ kernel: 'before', platform: amd('active'), faults: faults('relocate_kernel') }),
    run({
      kernel: 'after',
      platform: intel(true),
      events: [{ offline: 3 }],
      faults: [...faults('tdx_cpu_flush_cache_for_kexec'), ...faults('play_dead')],
    }),
    run({
      kernel: 'after',
      platform: amd('active', 4, { snp_host: true }),
      path: 'kdump',
      faults: faults('kdump_sev_callback'),
    }),
  ];
}

describe('the file of each trace step', () => {
  it.each([false, true])('a WBINVD step (skipped: %s) has the file of its site', (skip) => {
    const seen = new Set<string>();
    for (const r of runs(skip))
      for (const t of r.trace.filter((x) => x.kind === (skip ? 'wbinvd_skipped' : 'wbinvd'))) {
        const site = t.site as WbinvdSite;
        seen.add(site);
        expect(t.fn).toBe('wbinvd');
        expect(t.file, `${site} on CPU ${t.cpu}`).toBe(REFERENCE_FILES[site] ?? 'arch/x86/virt/svm/sev.c');
      }
    expect([...seen].sort()).toEqual([...WBINVD_SITES].sort());
  });

  it('no step of any of these runs has an empty file', () => {
    for (const r of [...runs(false), ...runs(true)])
      for (const t of r.trace) expect(t.file, `step ${t.seq} (${t.fn})`).not.toBe('');
  });

  it("marks a WBINVD step's file as the mainline tree's only where the reference names none", () => {
    for (const site of WBINVD_SITES)
      expect(pathFromMainline('wbinvd', site), site).toBe(REFERENCE_FILES[site] === undefined);
    expect(pathFromMainline('kdump_sev_callback')).toBe(true);
    expect(KERNEL_FILES[WBINVD_SITE_FNS.play_dead]).toBe('arch/x86/kernel/smpboot.c');
    // Without a site, "wbinvd" is the instruction: no function, no file to mark.
    expect(pathFromMainline('wbinvd')).toBe(false);
  });
});
