/**
 * Keys computed by running the model. An exercise instance is the exercise with the student's seeded
 * parameters substituted, its simulation, and the correct answer read off that simulation.
 */
import { simulate, validateScenario, type MutantId, type SimResult, type TraceStep } from '../sim/index.ts';
import { FACTS } from './facts.ts';
import { findBugOptions } from './find-bug-options.ts';
import type { Claim, Exercise, StepMatch } from './types.ts';
import { pickParams, substitute, type ParamValues } from './variants.ts';

export type Key =
  | { kind: 'choose'; correct: number[] }
  | { kind: 'grid'; cpus: number; cells: string[] }
  | { kind: 'order'; order: number[] }
  | { kind: 'predict'; correct: number }
  | { kind: 'find_bug'; mutant: MutantId; correct: number }
  | { kind: 'explain' };

export interface Instance {
  exercise: Exercise;
  seed: number;
  values: Record<string, number | string>;
  /** The faithful run the question is about (null for exercises without a scenario). */
  result: SimResult | null;
  /** find_bug: the run of the broken model the student inspects. */
  mutantResult: SimResult | null;
  key: Key;
}

/** Runs scenario data (validated by the simulator). Throws with the issues when invalid. */
export function runScenario(data: unknown): SimResult {
  const parsed = validateScenario(data);
  if (!parsed.ok)
    throw new Error(`invalid scenario: ${parsed.issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
  return simulate(parsed.scenario);
}

/**
 * The run of `inst`'s scenario, as its variant has it, under the broken model `mutant`: the one drawn, or
 * another option of the exercise (a mutant not drawn, a decoy), to tell what that one would show.
 */
export function brokenRun(inst: Instance, mutant: MutantId): SimResult | null {
  const scenario = inst.exercise.scenario;
  return scenario ? runScenario({ ...scenario, mutant }) : null;
}

/** Does a step match? `cpu: 'K'` means the kexec CPU of the run. */
export function stepMatches(step: TraceStep, m: StepMatch, r: SimResult): boolean {
  if (m.fn !== undefined && step.fn !== m.fn) return false;
  if (m.kind !== undefined && step.kind !== m.kind) return false;
  if (m.site !== undefined && step.site !== m.site) return false;
  if (m.cpu !== undefined && step.cpu !== (m.cpu === 'K' ? r.kexec_cpu : m.cpu)) return false;
  return true;
}

/** The first step after `after` that matches (Infinity when none does). */
export function firstSeq(r: SimResult, m: StepMatch, after = 0): number {
  return r.trace.find((t) => t.seq > after && stepMatches(t, m, r))?.seq ?? Infinity;
}

/** Evaluates a claim against a run. */
export function evalClaim(c: Claim, r: SimResult): boolean {
  const cpuOf = (cpu: number | 'K' | undefined) => (cpu === 'K' ? r.kexec_cpu : cpu);
  const wmatch = (q: { cpu?: number | 'K'; site?: string; phase?: string; via?: string | null }) =>
    r.wbinvd.some(
      (w) =>
        (q.cpu === undefined || w.cpu === cpuOf(q.cpu)) &&
        (q.site === undefined || w.site === q.site) &&
        (q.phase === undefined || w.phase === q.phase) &&
        (q.via === undefined || w.via === q.via),
    );
  if ('wbinvd' in c) return wmatch(c.wbinvd);
  if ('no_wbinvd' in c) return !wmatch(c.no_wbinvd);
  if ('flag_at_start' in c)
    return r.flags_at_start[String(cpuOf(c.flag_at_start.cpu))] === c.flag_at_start.value;
  if ('relocate_flag' in c)
    return (
      !!r.relocate_kernel && 'flags' in r.relocate_kernel && r.relocate_kernel.flags.includes(c.relocate_flag)
    );
  if ('host_mem_enc_active' in c)
    return (
      !!r.relocate_kernel &&
      'host_mem_enc_active' in r.relocate_kernel &&
      r.relocate_kernel.host_mem_enc_active === c.host_mem_enc_active
    );
  if ('outcome' in c) return r.outcome === c.outcome;
  if ('stopped' in c) return r.stopped[String(c.stopped.cpu)] === c.stopped.how;
  if ('race' in c) return r.race.includes(c.race);
  if ('corrupted' in c) return (r.memory?.corrupted ?? 0) > 0 === c.corrupted;
  if ('kexec_cpu' in c) return r.kexec_cpu === c.kexec_cpu;
  if ('step_before' in c) return firstSeq(r, c.step_before.first) < firstSeq(r, c.step_before.then);
  return false;
}

/**
 * Builds the instance of an exercise for a seed: substitutes parameters, runs the model, computes the key.
 * `given` parameter values replace the seed's pick (labs check walks every combination); the seed still
 * draws a find_bug exercise's mutant unless `mutant` names the one the student was shown (shown-variant.ts),
 * which must be one of the exercise's options (findBugOptions) for its answer to be read.
 */
export function makeInstance(
  ex: Exercise,
  seed: number,
  given?: ParamValues,
  shownMutant?: string,
): Instance {
  // Parameters are substituted everywhere, scenario or not: a choose exercise on facts may use them too.
  const values = given ?? (ex.params ? pickParams(ex.params, seed) : {});
  const exercise = substitute(ex, values);
  const scenario = exercise.scenario;
  let result: SimResult | null = scenario ? runScenario(scenario) : null;
  let mutantResult: SimResult | null = null;
  let key: Key;
  switch (exercise.kind) {
    case 'choose': {
      const correct: number[] = [];
      exercise.options.forEach((o, i) => {
        const truth = o.fact
          ? (FACTS[o.fact]?.truth ?? false)
          : o.claim && result
            ? evalClaim(o.claim, result)
            : false;
        if (truth) correct.push(i);
      });
      key = { kind: 'choose', correct };
      break;
    }
    case 'grid': {
      const r = result as SimResult;
      const cells = new Set<string>();
      for (const w of r.wbinvd) {
        if (!exercise.sites.includes(w.site)) continue;
        if (exercise.phases && !exercise.phases.includes(w.phase)) continue;
        cells.add(`${w.cpu}:${w.site}`);
      }
      key = { kind: 'grid', cpus: r.cpus, cells: [...cells].sort() };
      break;
    }
    case 'order': {
      const r = result as SimResult;
      const seqs = exercise.items.map((it) => firstSeq(r, it.match));
      key = {
        kind: 'order',
        order: seqs
          .map((s, i) => [s, i] as const)
          .sort((a, b) => a[0] - b[0])
          .map(([, i]) => i),
      };
      break;
    }
    case 'predict': {
      const r = result as SimResult;
      const anchor = firstSeq(r, exercise.after);
      const seqs = exercise.options.map((o) => firstSeq(r, o.match, anchor));
      const best = Math.min(...seqs);
      key = { kind: 'predict', correct: Number.isFinite(best) ? seqs.indexOf(best) : -1 };
      break;
    }
    case 'find_bug': {
      let idx = seed % exercise.mutants.length;
      if (shownMutant !== undefined) {
        // The lab may have reordered its mutants since: the answer indexes the options, so the shown one
        // is found among them; gone from them, no answer can name it.
        idx = findBugOptions(exercise).indexOf(shownMutant);
        if (idx < 0)
          throw new Error(
            `the broken rule shown, ${shownMutant}, is no longer among the exercise's options (${findBugOptions(exercise).join(', ')})`,
          );
      }
      const mutant = findBugOptions(exercise)[idx] as MutantId;
      mutantResult = runScenario({ ...(scenario as object), mutant });
      key = { kind: 'find_bug', mutant, correct: idx };
      break;
    }
    case 'explain':
      key = { kind: 'explain' };
      result = null;
      break;
  }
  return { exercise, seed, values, result, mutantResult, key };
}
