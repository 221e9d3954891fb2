/**
 * Whether a "skip a WBINVD" fault skipped anything in a run, and, when it did not, why: a fault that
 * matches no WBINVD (relocate_kernel on a CPU that is not the kexec CPU, the TDX flush on an AMD host)
 * leaves the run as it was, and without a word a student reads "all lines intact" as the effect of a
 * skipped flush and draws the wrong conclusion. The reason is the simulator's own (faultOutcomes in
 * src/sim/faults.ts), the one `flushpoint simulate` prints, in the words of the controls that set the
 * fault rather than the file's field paths ("faults[0]", "platform.tdx: true"): the student set no field.
 */
import {
  cpusLabel,
  faultOutcomes,
  faultWords,
  type FaultOutcome,
  type Scenario,
  type SimResult,
  type WbinvdSite,
} from '../../../sim/view.ts';

/** A fault in the controls' words ("skip WBINVD in relocate_kernel on every CPU it runs on"), for the fault lists. */
export { faultWords };

/** A fault as the lab and sandbox controls set it: a site, and a CPU or (null) every CPU. */
export interface FaultChoice {
  site: WbinvdSite;
  cpu: number | null;
  /**
   * Which of the run's faults naming this same site and CPU it is, from 0 (the default): a list may hold
   * one twice, and only the first skips anything; the second is said as the one that did nothing.
   */
  nth?: number;
}

/** The place of `faults[i]` among the faults before it naming the same site and CPU (FaultChoice.nth). */
export function nthSame(faults: readonly FaultChoice[], i: number): number {
  const f = faults[i];
  return f ? faults.slice(0, i).filter((g) => g.site === f.site && g.cpu === f.cpu).length : 0;
}

/** A run with the scenario it ran (defaults filled), as runData gives them. */
export interface ScenarioRun {
  result: SimResult;
  scenario: Scenario;
}

/** The CPUs that reach a WBINVD at `site` in this run: those that ran it and those a fault made skip it. */
export function cpusFlushingAt(r: SimResult, site: WbinvdSite): number[] {
  const cpus = new Set<number>();
  for (const w of r.wbinvd) if (w.site === site) cpus.add(w.cpu);
  for (const t of r.trace)
    if (t.kind === 'wbinvd_skipped' && t.site === site && t.cpu !== null) cpus.add(t.cpu);
  return [...cpus].sort((a, b) => a - b);
}

const outcomesOf = new WeakMap<SimResult, FaultOutcome[]>();

/**
 * What every fault of a run did, worked out once per run: the sandbox asks for each of its faults, for
 * each run compared, and again for what a run says to screen readers.
 */
function outcomes(run: ScenarioRun): FaultOutcome[] {
  let o = outcomesOf.get(run.result);
  if (!o) outcomesOf.set(run.result, (o = faultOutcomes(run.scenario, run.result, 'screen')));
  return o;
}

/**
 * What this fault did in the run, if it is one of them: the nth of the run's faults naming its site and
 * CPU (a list may hold one twice; only the first skips anything).
 */
export function outcomeOf(run: ScenarioRun, f: FaultChoice): FaultOutcome | undefined {
  const same = outcomes(run).filter(
    ({ fault }) => fault.skip_wbinvd.site === f.site && (fault.skip_wbinvd.cpu ?? null) === f.cpu,
  );
  return same[f.nth ?? 0];
}

/** Why this fault of the run skipped nothing; null when it skipped a WBINVD, or is not one of the run's. */
function missWhy(run: ScenarioRun, f: FaultChoice): string | null {
  return outcomeOf(run, f)?.unmatched ?? null;
}

/** Why a fault of this run skipped nothing, as a sentence; null when it skipped a WBINVD. */
export function faultMiss(run: ScenarioRun, f: FaultChoice): string | null {
  const why = missWhy(run, f);
  return why && `This fault matches no WBINVD in this run: ${why}.`;
}

/**
 * The same for runs compared (the sandbox's two settings, each named by its label): said for the run it
 * skipped nothing in, or for both, once when the reason is the same; null when it skipped one in each.
 */
export function faultMissInRuns(
  runs: readonly (ScenarioRun & { label: string })[],
  f: FaultChoice,
): string | null {
  const [only] = runs;
  if (runs.length === 1 && only) return faultMiss(only, f);
  const missed = runs.flatMap((run) => {
    const why = missWhy(run, f);
    return why ? [{ label: run.label, why }] : [];
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
