/**
 * What an exercise says about the credit still to earn: the header's "this try earns up to", the hint
 * button's cost and the "Try again" sentence under a wrong answer, and the feedback's heading. All read
 * the same credit factor, so they never disagree (the sentence said "full credit" with a hint opened and
 * the header 90%; a two-option exercise with no credit left offered a hint at "−10%"). An exercise's score
 * is its best try's (summary.ts's bestScore): where an earlier try holds more than this one can earn, each
 * says so, or "Correct: 3.9 / 6" read as the score beside a header's "you scored 5.25".
 */
import { creditFactor, forcedByElimination, FREE_RETRIES, HINT_COST } from '../../../lab/grade.ts';
import { roundPoints } from '../../../lab/points.ts';
import type { Exercise } from '../../../lab/types.ts';
import { count } from '../../../sim/view.ts';
import { formatPoints } from './points.ts';

export interface TryState {
  /** Wrong tries so far, and the different answers among them (grade.ts's ruledOutBy). */
  wrongTries: number;
  ruledOut: number;
  /** Hints opened, and how many may be opened now. */
  hintsOpen: number;
  hintsAvailable: number;
  /** The best score of the tries that count so far (0 before any): the exercise's score until beaten. */
  held: number;
}

/** The next try's credit in whole percent, as the header shows it. */
export function creditPercent(ex: Exercise, t: TryState, hintsOpen = t.hintsOpen): number {
  return Math.round(
    creditFactor({ wrongTries: t.wrongTries, hintsUsed: hintsOpen, ruledOut: t.ruledOut }, ex) * 100,
  );
}

/** The most points the next try can earn: the exercise's points at the header's percent. */
export function creditPoints(ex: Exercise, t: TryState): number {
  return roundPoints((ex.points * creditPercent(ex, t)) / 100);
}

/**
 * Whether a hint is offered: one is open to take, and it can still help. An answer forced by elimination
 * is known (the header says one option is left), so a hint, free by then, would only spend a click.
 */
export function hintOffered(ex: Exercise, t: TryState): boolean {
  return t.hintsAvailable > t.hintsOpen && !forcedByElimination(ex, t);
}

/** The header's words after "6 points · " on an exercise still to answer. */
export function headerCredit(ex: Exercise, t: TryState): string {
  const percent = creditPercent(ex, t);
  const forced = forcedByElimination(ex, t) ? ' (one option is left: the answer by elimination)' : '';
  if (t.held <= 0) return `this try earns up to ${percent}%${forced}`;
  return `you hold ${formatPoints(t.held)} (your best try counts) · this try earns up to ${formatPoints(creditPoints(ex, t))} (${percent}%)${forced}`;
}

/**
 * The feedback's heading for a try: its own score, and, when an earlier try holds more, that the earlier
 * one is the exercise's score. A right answer forced by elimination says so where "Correct" would be: it
 * is solved, for no credit, and "Correct: 0 / 2 points" read as a grading fault.
 */
export function feedbackHeading(
  g: { correct: boolean; score: number; maxScore: number; byElimination?: boolean },
  held: number,
  t?: Pick<TryState, 'wrongTries' | 'hintsOpen'>,
): string {
  const verdict = !g.correct ? 'Not quite' : g.byElimination ? 'Solved by elimination' : 'Correct';
  const why =
    g.correct && g.byElimination
      ? ' (every other option was already tried)'
      : g.correct && t && g.score < g.maxScore
        ? creditLost(g.score / g.maxScore, t)
        : '';
  const said = `${verdict}: ${formatPoints(g.score)} / ${g.maxScore} points`;
  return held > g.score
    ? `${said} for this try${why}; your best, ${formatPoints(held)}, counts`
    : `${said}${why}`;
}

/**
 * Why a right answer earned less than its points: " (85%: 2 wrong tries before)". Only the wrong tries past
 * the free retry cost anything; a student whose id changed may not have seen the ones made at their
 * earlier variant on this screen, and would otherwise read 1.7 / 2 as a grading fault.
 */
function creditLost(share: number, t: Pick<TryState, 'wrongTries' | 'hintsOpen'>): string {
  const why = [
    ...(t.wrongTries > FREE_RETRIES ? [`${count(t.wrongTries, 'wrong try', 'wrong tries')} before`] : []),
    ...(t.hintsOpen ? [`${count(t.hintsOpen, 'hint')} opened`] : []),
  ];
  return why.length ? ` (${Math.round(share * 100)}%: ${why.join(' and ')})` : '';
}

/** What each hint still to open would cost the next try, in percent: 0 once no credit is left to lose. */
function hintCosts(ex: Exercise, t: TryState): number[] {
  const left = Math.max(0, t.hintsAvailable - t.hintsOpen);
  return Array.from(
    { length: left },
    (_, i) => creditPercent(ex, t, t.hintsOpen + i) - creditPercent(ex, t, t.hintsOpen + i + 1),
  );
}

/** The hint button: how many, and what the next one costs; free, and said so, when nothing is left to lose. */
export function hintButtonText(ex: Exercise, t: TryState): string {
  const costs = hintCosts(ex, t);
  const [next = 0] = costs;
  const available = `${costs.length} available`;
  if (next === 0) return `Show a hint (${available}; free: no credit is left to lose)`;
  if (costs.length === 1) return `Show a hint (${available}, −${next}%)`;
  return `Show a hint (${available}, −${next}%${costs.every((c) => c === next) ? ' each' : ' for the next'})`;
}

/** The sentence after "Try again:" under a wrong answer, with what the next try can earn and why. */
export function tryAgainText(ex: Exercise, t: TryState): string {
  const percent = creditPercent(ex, t);
  const hint = hintOffered(ex, t);
  const freeHint = hint && hintCosts(ex, t)[0] === 0;
  let said: string;
  if (forcedByElimination(ex, t))
    said = 'one option is left, the answer by elimination: it counts as solved but earns no credit.';
  else if (percent >= 100) said = 'your next try can still earn full credit.';
  else if (percent <= 0)
    said = 'there is no credit left: a right answer counts as solved but earns no points.';
  else {
    const why = [
      ...(t.wrongTries > FREE_RETRIES ? ['each retry earns a little less'] : []),
      ...(t.hintsOpen
        ? [
            `${t.hintsOpen === 1 ? 'the hint' : `the ${count(t.hintsOpen, 'hint')}`} opened cost${t.hintsOpen === 1 ? 's' : ''} ${Math.round(t.hintsOpen * HINT_COST * 100)}%`,
          ]
        : []),
    ];
    const points = t.held > 0 ? ` (${formatPoints(creditPoints(ex, t))} of ${ex.points} points)` : '';
    said = `your next try can earn up to ${percent}%${points}${why.length ? `: ${why.join(', and ')}` : ''}.`;
  }
  if (t.held > 0) said = `${said} ${heldText(ex, t)}`;
  if (!hint) return said;
  return `${said} ${freeHint ? 'A hint is available, free: there is no credit left to lose.' : 'A hint is available.'}`;
}

/** What an earlier try holds, said under a wrong answer: the next try counts only if it earns more. */
function heldText(ex: Exercise, t: TryState): string {
  const held = formatPoints(t.held);
  const from = `You hold ${held} of ${ex.points} points from an earlier try, and your best try counts`;
  return creditPoints(ex, t) > t.held
    ? `${from}.`
    : `${from}: a right answer now counts as solved, and your score stays ${held}.`;
}
