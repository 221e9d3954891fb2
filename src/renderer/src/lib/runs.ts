/**
 * The runs the sandbox shows for a form: the scenario, and the second setting when comparing. Shared by
 * the sandbox (at run time) and the build (which precomputes the first screen's runs, see
 * scripts/first-runs-plugin.ts), so both give exactly the same result.
 */
import type { Scenario, SimResult } from '../../../sim/view.ts';
import { compareVariant, toScenario, type FormState } from './scenario-form.ts';
import type { RunOutcome } from './scenario-run.ts';

export interface Runs {
  a: SimResult;
  b: SimResult | null;
  /** The scenarios they ran, defaults filled (what a fault's note is worked out from). */
  scenarioA: Scenario;
  scenarioB: Scenario | null;
  labelA: string;
  labelB: string;
  /** The platform they ran on: Hygon's runs are read from the code only and say so. */
  vendor: FormState['vendor'];
}

export type RunsOutcome =
  | { ok: true; runs: Runs; issues: { field: string; message: string }[] }
  | { ok: false; issues: { field: string; message: string }[] };

export function computeRuns(form: FormState, runData: (data: unknown) => RunOutcome): RunsOutcome {
  const a = runData(toScenario(form));
  if (!a.ok) return { ok: false, issues: a.issues };
  const v = compareVariant(form);
  let b: SimResult | null = null;
  let scenarioB: Scenario | null = null;
  let issues: { field: string; message: string }[] = [];
  if (v) {
    const rb = runData(toScenario(v.form));
    if (rb.ok) ({ result: b, scenario: scenarioB } = rb);
    else issues = rb.issues.map((i) => ({ ...i, message: `${v.b}: ${i.message}` }));
  }
  return {
    ok: true,
    runs: {
      a: a.result,
      b,
      scenarioA: a.scenario,
      scenarioB,
      labelA: v?.a ?? 'Run',
      labelB: v?.b ?? '',
      vendor: form.vendor,
    },
    issues,
  };
}
