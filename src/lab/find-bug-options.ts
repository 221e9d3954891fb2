/**
 * A find_bug exercise's options: the broken rules the student picks the drawn one from. They are its
 * `mutants` (one of which each student draws) and then its `decoys` (offered, never drawn), in the lab
 * file's order. A saved answer's `selected` indexes this list, so the mutants keep the indexes they had
 * before an exercise gained decoys.
 */
import { MUTANT_RULES } from './mutants.ts';
import type { MutantId } from '../sim/index.ts';
import type { FindBugExercise } from './types.ts';

export const findBugOptions = (ex: Pick<FindBugExercise, 'mutants' | 'decoys'>): string[] => [
  ...ex.mutants,
  ...(ex.decoys ?? []),
];

/** Whether option `i` of `ex` (an index into findBugOptions) is a decoy: never drawn, so never the answer. */
export const isDecoy = (ex: Pick<FindBugExercise, 'mutants' | 'decoys'>, i: number): boolean =>
  i >= ex.mutants.length && i < ex.mutants.length + (ex.decoys?.length ?? 0);

/** A find_bug option as the student is offered it: its broken rule in words, else (unknown) its id. */
export const findBugOptionText = (id: string): string => MUTANT_RULES[id as MutantId]?.option ?? id;
