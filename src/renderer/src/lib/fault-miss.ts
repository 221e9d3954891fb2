/**
 * Whether a "skip a WBINVD" fault skipped anything in a run, and, when it did not, why, in words read off
 * the run. A fault that matches no WBINVD (relocate_kernel on a CPU that is not the kexec CPU, the TDX
 * flush on an AMD host) leaves the run as it was: without a word, a student reads "all lines intact" as
 * the effect of a skipped flush and draws the wrong conclusion.
 */
import { cpusLabel, type SimResult, type WbinvdSite } from '../../../sim/view.ts';

/** A fault as the lab and sandbox controls set it: a site, and a CPU or (null) every CPU. */
export interface FaultChoice {
  site: WbinvdSite;
  cpu: number | null;
}

/** The CPUs that reach a WBINVD at `site` in this run: those that ran it and those a fault made skip it. */
export function cpusFlushingAt(r: SimResult, site: WbinvdSite): number[] {
  const cpus = new Set<number>();
  for (const w of r.wbinvd) if (w.site === site) cpus.add(w.cpu);
  for (const t of r.trace)
    if (t.kind === 'wbinvd_skipped' && t.site === site && t.cpu !== null) cpus.add(t.cpu);
  return [...cpus].sort((a, b) => a - b);
}

/** Whether the fault (one of the run's own) skipped at least one WBINVD of the run. */
export function faultMatched(r: SimResult, f: FaultChoice): boolean {
  return r.trace.some(
    (t) => t.kind === 'wbinvd_skipped' && t.site === f.site && (f.cpu === null || t.cpu === f.cpu),
  );
}

/** The CPU that runs relocate_kernel, as the model view names it. */
const kexecCpuWords = (r: SimResult, cpu: number): string =>
  r.path === 'kdump' ? `the CPU that panicked, CPU ${cpu}` : `the kexec CPU, CPU ${cpu}`;

/** Why a fault of this run skipped nothing (what follows "matches no WBINVD"); null when it skipped one. */
function missWhy(r: SimResult, f: FaultChoice): string | null {
  if (faultMatched(r, f)) return null;
  const at = cpusFlushingAt(r, f.site);
  const k = r.kexec_cpu;
  if (at.length === 0) return `no CPU does a WBINVD in ${f.site} here`;
  if (f.site === 'relocate_kernel' && k !== null)
    return `relocate_kernel runs only on ${kexecCpuWords(r, k)}`;
  if (f.cpu === k && (f.site === 'stop_this_cpu' || f.site === 'kdump_sev_callback'))
    return `CPU ${k} ${r.path === 'kdump' ? 'panicked' : 'runs kexec'} and stops the others, so it runs no ${f.site}; the WBINVD in ${f.site} runs on ${cpusLabel(at)}`;
  return `the WBINVD in ${f.site} runs on ${cpusLabel(at)} here, not on CPU ${f.cpu}`;
}

/**
 * Why a fault of this run skipped nothing, as a sentence; null when it skipped a WBINVD. Only for faults
 * the run was made with: a fault it was not made with says nothing about it.
 */
export function faultMiss(r: SimResult, f: FaultChoice): string | null {
  const why = missWhy(r, f);
  return why && `This fault matches no WBINVD in this run: ${why}.`;
}

/**
 * The same for runs compared (the sandbox's two settings, each named by its label): said for the run it
 * skipped nothing in, or for both, once when the reason is the same; null when it skipped one in each.
 */
export function faultMissInRuns(
  runs: readonly { result: SimResult; label: string }[],
  f: FaultChoice,
): string | null {
  const [only] = runs;
  if (runs.length === 1 && only) return faultMiss(only.result, f);
  const missed = runs.flatMap(({ result, label }) => {
    const why = missWhy(result, f);
    return why ? [{ label, why }] : [];
  });
  const [first] = missed;
  if (!first) return null;
  if (missed.length < runs.length)
    return `This fault matches no WBINVD in the ${first.label} run: ${first.why}.`;
  if (missed.every((m) => m.why === first.why))
    return `This fault matches no WBINVD in either run: ${first.why}.`;
  return `This fault matches no WBINVD in either run: ${missed.map((m) => `in the ${m.label} run, ${m.why}`).join('; ')}.`;
}

/** A site as the lab's fault list offers it: with the CPUs that flush there, or marked as doing nothing. */
export function siteOption(r: SimResult, site: WbinvdSite): string {
  const at = cpusFlushingAt(r, site);
  return at.length ? `${site} (${cpusLabel(at)})` : `${site} (no WBINVD in this run)`;
}

/**
 * The CPU the fault keeps when its site changes: a CPU chosen for one site (stop_this_cpu on CPU 1) is
 * rarely meant for another (relocate_kernel runs on the kexec CPU only), so it goes back to every CPU
 * unless it flushes at the new site too.
 */
export function cpuForSite(r: SimResult, site: WbinvdSite | '', cpu: number | null): number | null {
  return cpu !== null && site && cpusFlushingAt(r, site).includes(cpu) ? cpu : null;
}
