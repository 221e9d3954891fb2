/**
 * The variant a student was shown, as an attempt records it, and the instance to grade the attempt
 * against. An instructor may edit a lab after students started (another range, a parameter added, the
 * mutants reordered): the seed alone then draws another variant than the one answered, and grading the
 * old answer against it marks right work wrong. An attempt that records its variant is graded against
 * that one; an older attempt, which records only its seed, against what the seed draws from the lab now.
 */
import { makeInstance, type Instance } from './keys.ts';
import type { Attempt, ShownVariant } from './progress/types.ts';
import type { Exercise } from './types.ts';
import { pickParams, type ParamValues } from './variants.ts';

/** What an attempt at `inst` records of it: its variant, and the broken rule of a find_bug exercise. */
export function shownOf(inst: Instance): Pick<Attempt, 'variant' | 'mutant'> {
  return {
    variant: { seed: inst.seed, params: { ...inst.values } },
    ...(inst.key.kind === 'find_bug' ? { mutant: inst.key.mutant } : {}),
  };
}

/**
 * The parameter values an attempt was shown, as the exercise has its parameters now: the recorded value
 * of each parameter the exercise still has, and, for one added since, what the seed draws (the student
 * was shown no value for it; the scenario needs one). Recorded values of parameters since removed are
 * not substituted: nothing in the exercise names them any more.
 */
function valuesShown(ex: Exercise, variant: ShownVariant): ParamValues {
  const drawn = ex.params ? pickParams(ex.params, variant.seed) : {};
  const out: ParamValues = {};
  for (const name of Object.keys(drawn)) out[name] = variant.params[name] ?? (drawn[name] as number | string);
  return out;
}

/**
 * The instance an attempt is graded against: its recorded variant and broken rule when it has them,
 * else what its seed draws from the exercise as it is now. Throws as makeInstance does (the lab changed
 * so that the variant shown no longer runs, or its broken rule is no longer an option).
 */
export function shownInstance(
  ex: Exercise,
  attempt: Pick<Attempt, 'variantSeed' | 'variant' | 'mutant'>,
): Instance {
  const { variant, mutant } = attempt;
  if (!variant) return makeInstance(ex, attempt.variantSeed, undefined, mutant);
  return makeInstance(ex, variant.seed, valuesShown(ex, variant), mutant);
}

/** What an attempt records of the variant it was shown. */
export type ShownRecord = Pick<Attempt, 'variant' | 'mutant'>;

/**
 * What the exercise panel shows a student: the variant of their latest recorded attempt at this seed
 * when the lab has been edited since so that the seed now draws another one (the panel must show the
 * variant their attempts are graded against, not a fresh draw their answers do not fit), else the
 * seed's draw. This is the record to show, or null when it is the draw's own (or there is none): plain
 * data, so that a caller can compare it by value and build the instance only when it changes.
 */
export function recordedShown(
  drawn: Instance,
  attempts: readonly Pick<Attempt, 'variantSeed' | 'variant' | 'mutant'>[],
): ShownRecord | null {
  const last = attempts.findLast((a) => a.variant && a.variantSeed === drawn.seed);
  if (!last) return null;
  const recorded: ShownRecord = { variant: last.variant, ...(last.mutant ? { mutant: last.mutant } : {}) };
  return JSON.stringify(recorded) === JSON.stringify(shownOf(drawn)) ? null : recorded;
}

/**
 * The instance of a record from recordedShown(). A recorded variant the lab can no longer build (its
 * broken rule removed) gives way to the draw.
 */
export function showRecorded(ex: Exercise, drawn: Instance, shown: ShownRecord): Instance {
  try {
    return shownInstance(ex, { variantSeed: drawn.seed, ...shown });
  } catch {
    return drawn;
  }
}
