/**
 * What the model makes the answer of each exercise, variant by variant: `flushpoint labs keys`, for an
 * author who wants to see the keys the engine computes (and paste one as `expect`) before handing a lab
 * out. Pure: built from the lab and the model, like the keys the app grades with.
 */
import { variantValues } from './check.ts';
import { exerciseName } from './exercise-name.ts';
import { findBugOptions, isDecoy } from './find-bug-options.ts';
import { makeInstance, type Instance } from './keys.ts';
import { mustPairsSaid, openPairsSaid } from './order-pairs.ts';
import type { MutantId } from '../sim/index.ts';
import { MUTANT_RULES } from './mutants.ts';
import { shownOptionOrder } from './option-order.ts';
import type { Exercise, Lab } from './types.ts';
import { variantSeed, type ParamValues } from './variants.ts';

/** One variant's answer: in the lab file's `expect` form (null where a kind has none), and in words. */
export interface VariantKey {
  /** The parameter values of this variant; null for an exercise without params. */
  params: Record<string, number | string> | null;
  /** find_bug only: the broken model drawn (each student gets one, from their seed). */
  mutant: string | null;
  /** Listed for one student (`labs keys --student`): the seed the app draws their variant with. */
  seed?: number;
  /**
   * Listed for one student, for a choose, predict or find_bug exercise: the lab file's option (or
   * mutant) numbers in the order the app shows them to that student, so "I picked the second one" can
   * be read.
   */
  shown?: number[];
  expect: number | number[] | string[] | null;
  answer: string[];
}

export interface ExerciseKeys {
  lab: string;
  exercise: string;
  title: string;
  kind: Exercise['kind'];
  points: number;
  variants: VariantKey[];
  /**
   * A find_bug's decoys, when it has some: the options offered but never drawn, so never a key, each as
   * `[number] option (mutant id)` with its lab-file number (the one `shown` and progress files use).
   */
  decoys?: string[];
  /** Why a variant could not be built, if one could not (labs check says the same). */
  errors: string[];
  /**
   * Present when the params make more combinations than are built (labs check says the same): how many
   * there are (null past a million) and how many are listed.
   */
  unlisted?: { combinations: number | null; listed: number };
}

/**
 * The variants to list: every parameter combination (as labs check builds them) and, for find_bug, every
 * broken model with each (a seed's mutant is seed % the number of mutants; decoys are never drawn).
 */
function variantsOf(
  ex: Exercise,
  combos: (ParamValues | null)[],
): { seed: number; values: ParamValues | null }[] {
  const seeds = ex.kind === 'find_bug' ? ex.mutants.map((_, i) => i) : [0];
  return combos.flatMap((values) => seeds.map((seed) => ({ seed, values })));
}

function keyOf(inst: Instance): Pick<VariantKey, 'expect' | 'answer' | 'mutant'> {
  const ex = inst.exercise;
  const k = inst.key;
  if (k.kind === 'choose' && ex.kind === 'choose')
    return { mutant: null, expect: k.correct, answer: k.correct.map((i) => `[${i}] ${ex.options[i]?.text}`) };
  if (k.kind === 'grid')
    return {
      mutant: null,
      expect: k.cells,
      answer: k.cells.length
        ? k.cells.map((c) => {
            const [cpu, site] = c.split(':');
            return `CPU ${cpu}: ${site}`;
          })
        : ['no WBINVD at these sites'],
    };
  if (k.kind === 'order' && ex.kind === 'order')
    return {
      mutant: null,
      expect: k.order,
      answer: [
        ...k.order.map((i) => `[${i}] ${ex.items[i]?.label}`),
        ...openPairsSaid(ex),
        ...mustPairsSaid(ex, k.order),
      ],
    };
  if (k.kind === 'predict' && ex.kind === 'predict')
    return { mutant: null, expect: k.correct, answer: [`[${k.correct}] ${ex.options[k.correct]?.text}`] };
  if (k.kind === 'find_bug')
    return { mutant: k.mutant, expect: null, answer: [`[${k.correct}] ${MUTANT_RULES[k.mutant].option}`] };
  return { mutant: null, expect: null, answer: ['self-assessed: never graded'] };
}

/** A find_bug's decoys as listed (ExerciseKeys.decoys), numbered after its mutants; none for another kind. */
function decoysOf(ex: Exercise): string[] {
  if (ex.kind !== 'find_bug') return [];
  return findBugOptions(ex).flatMap((m, i) =>
    isDecoy(ex, i) ? [`[${i}] ${MUTANT_RULES[m as MutantId].option} (${m})`] : [],
  );
}

/** An exercise's listing, with no variant yet. */
function listing(lab: Lab, ex: Exercise): ExerciseKeys {
  const decoys = decoysOf(ex);
  return {
    lab: lab.id,
    exercise: ex.id,
    title: exerciseName(ex),
    kind: ex.kind,
    points: ex.points,
    ...(decoys.length ? { decoys } : {}),
    variants: [],
    errors: [],
  };
}

/**
 * The keys of a lab's exercises (or of the one named) for one student: the variant the app draws for
 * them, from the seed of their student id and `lab/exercise` (as the exercise panel draws it), for any
 * parameter values (not only the combinations labs check builds).
 */
export function studentKeys(lab: Lab, studentId: string, exerciseId?: string): ExerciseKeys[] {
  return lab.exercises
    .filter((ex) => !exerciseId || ex.id === exerciseId)
    .map((ex) => {
      const out = listing(lab, ex);
      const seed = variantSeed(studentId, `${lab.id}/${ex.id}`);
      try {
        const inst = makeInstance(ex, seed);
        // The order the exercise panel shows this student the options in.
        const order = shownOptionOrder(inst.exercise, seed);
        const shown = order.length ? { shown: order } : {};
        out.variants.push({ params: ex.params ? inst.values : null, ...keyOf(inst), seed, ...shown });
      } catch (err) {
        out.errors.push((err as Error).message);
      }
      return out;
    });
}

/** The keys of a lab's exercises (or of the one named), every variant. */
export function labKeys(lab: Lab, exerciseId?: string): ExerciseKeys[] {
  return lab.exercises
    .filter((ex) => !exerciseId || ex.id === exerciseId)
    .map((ex) => {
      const out = listing(lab, ex);
      const { list, total } = variantValues(ex);
      if (total > list.length)
        out.unlisted = { combinations: total === Infinity ? null : total, listed: list.length };
      for (const { seed, values } of variantsOf(ex, list)) {
        try {
          const inst = makeInstance(ex, seed, values ?? undefined);
          out.variants.push({ params: ex.params ? inst.values : null, ...keyOf(inst) });
        } catch (err) {
          out.errors.push((err as Error).message);
        }
      }
      out.variants.sort(byParams);
      return out;
    });
}

/** Variants in the order of their parameter values (numbers as numbers), then their broken model. */
function byParams(a: VariantKey, b: VariantKey): number {
  for (const name of Object.keys(a.params ?? {})) {
    const x = a.params?.[name];
    const y = b.params?.[name];
    if (x === y) continue;
    return typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
  }
  return (a.mutant ?? '').localeCompare(b.mutant ?? '');
}
