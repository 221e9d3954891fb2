/**
 * What a select-all (choose with `multiple`) exercise's feedback shows of each pick. Marked right or wrong
 * one by one, a wrong try handed over the key: tick everything, check, untick what is marked wrong. So
 * until the exercise is solved or its solution shown, the picks are only counted (how many are false, how
 * many true statements are not selected) and their marks, explanations and misconceptions wait.
 * Single-answer exercises name the one pick, which a wrong try rules out anyway: shown as graded.
 */
import type { Feedback } from '../../../lab/grade.ts';
import type { Exercise } from '../../../lab/types.ts';
import { count } from '../../../sim/view.ts';

/** Said where the marks would be, so a student knows they are held back, and until when. */
export const MARKS_WITHHELD =
  'Which of your picks are right is shown once the exercise is solved or its solution is shown.';

/** Whether each pick's mark is withheld: a select-all exercise, neither solved nor its solution shown. */
export function marksWithheld(ex: Exercise, revealed: boolean): boolean {
  return ex.kind === 'choose' && ex.multiple === true && !revealed;
}

/**
 * The feedback to show for a graded try. `revealed`: the exercise is solved (this try or an earlier one)
 * or its solution shown. Withheld, the items about picked options become one count of the false ones; the
 * items about no option (the count of true statements not selected) stay, after it. The panel says
 * MARKS_WITHHELD beside them (not as an item: it would wear a right/wrong badge).
 */
export function shownFeedback(ex: Exercise, feedback: readonly Feedback[], revealed: boolean): Feedback[] {
  if (!marksWithheld(ex, revealed)) return [...feedback];
  const picks = feedback.filter((f) => f.option !== undefined);
  const rest = feedback.filter((f) => f.option === undefined);
  const wrong = picks.filter((f) => !f.correct).length;
  const said =
    picks.length === 0
      ? 'You selected no statement.'
      : picks.length === 1
        ? `Your one pick is ${wrong ? 'false' : 'true'}.`
        : wrong === 0
          ? `None of your ${count(picks.length, 'pick')} is false.`
          : `${wrong} of your ${count(picks.length, 'pick')} ${wrong === 1 ? 'is' : 'are'} false.`;
  return [{ text: said, correct: wrong === 0 }, ...rest];
}
