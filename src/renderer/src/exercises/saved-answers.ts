/**
 * Saved answers read back: for the exercise panel, to show a done exercise as it was answered (after a
 * reload too), and for the results, to say how a student rated their explanation. Saved answers are data
 * from a file (this app's, an older one's, an edited one), so only one that fits the exercise is used.
 */
import { findBugOptions } from '../../../lab/find-bug-options.ts';
import type { Answer } from '../../../lab/grade.ts';
import type { Instance } from '../../../lab/keys.ts';
import type { Attempt } from '../../../lab/progress/types.ts';

export type SelfAssessment = 'got-it' | 'partly' | 'missed';

/** How the results say each rating: "answered: got it". */
export const SELF_ASSESSMENT_SAID: Readonly<Record<SelfAssessment, string>> = {
  'got-it': 'got it',
  partly: 'partly',
  missed: 'missed',
};

const isSelfAssessment = (x: unknown): x is SelfAssessment =>
  typeof x === 'string' && Object.hasOwn(SELF_ASSESSMENT_SAID, x);

const isIndex = (x: unknown, n: number): x is number =>
  Number.isInteger(x) && (x as number) >= 0 && (x as number) < n;

/** The same numbers, each once, in any order. */
const sameSet = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && [...a].sort((x, y) => x - y).join() === [...b].sort((x, y) => x - y).join();

/** A saved answer as an answer to `inst`, or null when it is none (another kind, an option it lacks). */
export function savedAnswer(inst: Instance, saved: unknown): Answer | null {
  if (typeof saved !== 'object' || saved === null) return null;
  const a = saved as Record<string, unknown>;
  const ex = inst.exercise;
  if (a['kind'] !== ex.kind) return null;
  switch (ex.kind) {
    case 'choose': {
      const s: unknown = a['selected'];
      if (!Array.isArray(s) || !s.every((i) => isIndex(i, ex.options.length))) return null;
      const selected = [...new Set(s as number[])].sort((x, y) => x - y);
      return selected.length === 0 || (!ex.multiple && selected.length !== 1)
        ? null
        : { kind: 'choose', selected };
    }
    case 'grid': {
      const c: unknown = a['cells'];
      return Array.isArray(c) && c.every((x) => typeof x === 'string')
        ? { kind: 'grid', cells: [...(c as string[])] }
        : null;
    }
    case 'order': {
      const o: unknown = a['order'];
      const key = inst.key.kind === 'order' ? inst.key.order : [];
      return Array.isArray(o) && o.every((i) => Number.isInteger(i)) && sameSet(o as number[], key)
        ? { kind: 'order', order: [...(o as number[])] }
        : null;
    }
    case 'predict':
      return isIndex(a['selected'], ex.options.length) ? { kind: 'predict', selected: a['selected'] } : null;
    // An index into its mutants then its decoys: one saved before it had decoys means what it did then.
    case 'find_bug':
      return isIndex(a['selected'], findBugOptions(ex).length)
        ? { kind: 'find_bug', selected: a['selected'] }
        : null;
    case 'explain': {
      const text = a['text'];
      if (typeof text !== 'string') return null;
      const self = a['selfAssessment'];
      return { kind: 'explain', text, ...(isSelfAssessment(self) ? { selfAssessment: self } : {}) };
    }
  }
}

/**
 * How a student rated their last saved explanation of an exercise against the model answer; "answered"
 * when it was saved without a rating, null when it never was. An explain exercise is never graded: its
 * saved attempts are stored as not correct, which says nothing of the answer.
 */
export function selfAssessed(
  attempts: readonly Attempt[],
  labId: string,
  exerciseId: string,
): SelfAssessment | 'answered' | null {
  const last = attempts.filter((a) => a.labId === labId && a.exerciseId === exerciseId).at(-1);
  if (!last) return null;
  const self = (last.answer as { selfAssessment?: unknown } | null)?.selfAssessment;
  return isSelfAssessment(self) ? self : 'answered';
}
