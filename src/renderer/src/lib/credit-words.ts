/**
 * What an exercise says about the credit still to earn: the hint button's cost and the "Try again"
 * sentence under a wrong answer. Both read the same credit factor as the header's "this try earns up to",
 * so the three never disagree (the sentence said "full credit" with a hint opened and the header 90%; a
 * two-option exercise with no credit left offered a hint at "−10%").
 */
import { creditFactor, forcedByElimination, FREE_RETRIES, HINT_COST } from '../../../lab/grade.ts';
import type { Exercise } from '../../../lab/types.ts';
import { count } from '../../../sim/view.ts';

export interface TryState {
  /** Wrong tries so far, and the different answers among them (grade.ts's ruledOutBy). */
  wrongTries: number;
  ruledOut: number;
  /** Hints opened, and how many may be opened now. */
  hintsOpen: number;
  hintsAvailable: number;
}

/** The next try's credit in whole percent, as the header shows it. */
export function creditPercent(ex: Exercise, t: TryState, hintsOpen = t.hintsOpen): number {
  return Math.round(
    creditFactor({ wrongTries: t.wrongTries, hintsUsed: hintsOpen, ruledOut: t.ruledOut }, ex) * 100,
  );
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
  const hint = t.hintsAvailable > t.hintsOpen;
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
    said = `your next try can earn up to ${percent}%${why.length ? `: ${why.join(', and ')}` : ''}.`;
  }
  if (!hint) return said;
  return `${said} ${freeHint ? 'A hint is available, free: there is no credit left to lose.' : 'A hint is available.'}`;
}
