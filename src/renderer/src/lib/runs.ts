/**
 * The runs the sandbox shows for a form: the scenario, and the second setting when comparing. Shared by
 * the sandbox (at run time) and the build (which precomputes the first screen's runs, see
 * scripts/first-runs-plugin.ts), so both give exactly the same result.
 */
import type { SimResult } from '../../../sim/view.ts';
import { compareVariant, toScenario, type FormState } from './scenario-form.ts';
import type { RunOutcome } from './scenario-run.ts';

export interface Runs {
  a: SimResult;
  b: SimResult | null;
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
  let issues: { field: string; message: string }[] = [];
  if (v) {
    const rb = runData(toScenario(v.form));
    if (rb.ok) b = rb.result;
    else issues = rb.issues.map((i) => ({ ...i, message: `${v.b}: ${i.message}` }));
  }
  return {
    ok: true,
    runs: { a: a.result, b, labelA: v?.a ?? 'Run', labelB: v?.b ?? '', vendor: form.vendor },
    issues,
  };
}
