/** Runs scenario data through the simulator (the part of the sandbox that loads the model). */
import type { Scenario } from '../../../sim/view.ts';
import { simulate, validateScenario, type SimResult } from '../../../sim/run.ts';

export type RunOutcome =
  | { ok: true; result: SimResult; scenario: Scenario }
  | { ok: false; issues: { field: string; message: string }[] };

/** Validates and runs scenario data. */
export function runData(data: unknown): RunOutcome {
  const v = validateScenario(data);
  if (!v.ok) return { ok: false, issues: v.issues.map((i) => ({ field: i.field, message: i.message })) };
  return { ok: true, result: simulate(v.scenario), scenario: v.scenario };
}
