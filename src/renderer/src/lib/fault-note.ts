/**
 * What a fault that did skip a WBINVD did, in plain words, said under it in the sandbox's fault list
 * and beside a lab step's fault: which WBINVD it took out (site, CPUs, steps) and what came of it for the
 * new kernel. A fault that skipped nothing is fault-miss.ts's to say. The words follow the simulator's
 * own notes on the same run (the skipped step: "The dirty lines stay in CPU n's cache"; the new kernel:
 * lines "overwritten by stale lines written back after the copy", or "no stale alias was left in any
 * cache") and are read from its result, so the note cannot tell another story than the timeline.
 */
import { citeSteps, cpusLabel, type SimResult } from '../../../sim/view.ts';
import { outcomeOf, type FaultChoice, type ScenarioRun } from './fault-miss.ts';

/** What the skipped WBINVDs left on the new kernel's pages, from the run's memory report. */
function effectOnNewKernel(r: SimResult, cpus: readonly number[]): string {
  const mem = r.memory;
  if (!mem) return '';
  const hit = mem.lines.filter(
    (l) => l.status === 'corrupted' && l.culprit !== null && cpus.includes(l.culprit),
  );
  const of = `of the new kernel's ${mem.lines.length} lines`;
  if (hit.length)
    return `, and ${hit.length} ${of} ${hit.length === 1 ? 'was' : 'were'} overwritten by stale lines ${cpusLabel(hit.map((l) => l.culprit as number))} wrote back after the copy`;
  if (!mem.corrupted && !mem.at_risk)
    return `, but none ${of} was overwritten: no stale alias (a new-kernel address under another encryption attribute) was left in any cache`;
  return `, but none ${of} was overwritten by them in this run`;
}

/**
 * "Skipped the relocate_kernel WBINVD on CPU 0 (step 50): its dirty lines stay in CPU 0's cache, and 2
 * of the new kernel's 16 lines were overwritten by stale lines CPU 0 wrote back after the copy." Null
 * when the fault skipped nothing in this run, or is not one of its faults.
 */
export function faultEffect(run: ScenarioRun, f: FaultChoice): string | null {
  const o = outcomeOf(run, f);
  if (!o?.injected.length) return null;
  const cpus = [...new Set(o.injected.map((x) => x.cpu))].sort((a, b) => a - b);
  const [only] = cpus;
  const what = `Skipped the ${f.site} WBINVD on ${cpusLabel(cpus)} (${citeSteps(o.injected.map((x) => x.seq))})`;
  const stay =
    cpus.length === 1
      ? `its dirty lines stay in CPU ${only}'s cache`
      : "each one's dirty lines stay in its cache";
  return `${what}: ${stay}${effectOnNewKernel(run.result, cpus)}.`;
}

/**
 * The same for runs compared, each named by its label ("In the after (v6.18) run: skipped …"); null when
 * the fault skipped nothing in any of them.
 */
export function faultEffectInRuns(
  runs: readonly (ScenarioRun & { label: string })[],
  f: FaultChoice,
): string | null {
  const [only] = runs;
  if (runs.length === 1 && only) return faultEffect(only, f);
  const said = runs.flatMap((run) => {
    const effect = faultEffect(run, f);
    return effect ? [`In the ${run.label} run: ${effect.charAt(0).toLowerCase()}${effect.slice(1)}`] : [];
  });
  return said.length ? said.join(' ') : null;
}
