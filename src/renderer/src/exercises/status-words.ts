/**
 * The words a student's screens say of an exercise's status: the lab's exercise list, the exercise's
 * header and the results say the same, and a badge is read out in the words it shows. An explain
 * exercise is never graded (class-grade's canBeSolved): once its answer is saved it is "answered", never
 * "wrong so far". A graded exercise with wrong tries is "wrong so far" in the list as in the results (the
 * list said "tried", which hid that no try was right yet, and "shown" for "solution shown").
 */
import type { ExerciseSummary } from '../../../lab/progress/summary.ts';
import type { Exercise } from '../../../lab/types.ts';
import { SELF_ASSESSMENT_SAID, type SelfAssessment } from './saved-answers.ts';

/** An explain exercise with an answer saved. */
export const ANSWERED = 'answered';
/** An explain exercise with none saved yet, where a status is listed for every exercise (the results). */
export const NOT_ANSWERED = 'not answered';

export interface StatusBadge {
  text: string;
  /** The badge's colour class: none for a status that is neither good nor a warning. */
  tone: 'ok' | 'warn' | 'bad' | null;
}

/** A graded exercise with at least one attempt saved, in the list and in the results. */
export function gradedBadge(sum: Pick<ExerciseSummary, 'solved' | 'solutionShown'>): StatusBadge {
  if (sum.solved) return { text: 'solved', tone: 'ok' };
  if (sum.solutionShown) return { text: 'solution shown', tone: 'warn' };
  return { text: 'wrong so far', tone: 'bad' };
}

/** The badge of an exercise in the lab's exercise list; none before anything was saved for it. */
export function listBadge(
  kind: Exercise['kind'],
  sum: Pick<ExerciseSummary, 'solved' | 'solutionShown'> | undefined,
): StatusBadge | null {
  if (!sum) return null;
  // First: an explain attempt's correct and solutionShown flags say nothing (a file may set them anyway).
  if (kind === 'explain') return { text: ANSWERED, tone: null };
  return gradedBadge(sum);
}

/** An answered explain exercise in the results, with the student's rating when they gave one. */
export function answeredSaid(rating: SelfAssessment | 'answered'): string {
  return rating === 'answered' ? ANSWERED : `${ANSWERED}: ${SELF_ASSESSMENT_SAID[rating]}`;
}
