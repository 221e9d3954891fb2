/**
 * What a student's earlier attempts at one exercise weigh on the next, counted as `flushpoint grade` and
 * the Grade screen count them (regrade.ts): over every variant the student answered in this progress
 * file, not only the one on screen. A student whose id changed (a guest who then entered theirs) sees
 * another variant, but the wrong tries and a solution shown before still count, so the score the app
 * gives an answer is the one the instructor's grade gives it. What rules options out (ruledOutBy) stays
 * the variant's own: another variant's right option may be another one.
 */
import type { Attempt } from './progress/types.ts';

export interface Tries {
  /** Wrong tries before the solution was shown, if it was: each lowers the credit of the next. */
  wrongTries: number;
  /** The solution was shown, at any variant: nothing after it is graded. */
  solutionShown: boolean;
}

/** `attempts`: one exercise's, in the order they were made. */
export function triesAcrossVariants(attempts: readonly Pick<Attempt, 'correct' | 'solutionShown'>[]): Tries {
  let wrongTries = 0;
  for (const a of attempts) {
    if (a.solutionShown) return { wrongTries, solutionShown: true };
    if (!a.correct) wrongTries++;
  }
  return { wrongTries, solutionShown: false };
}
