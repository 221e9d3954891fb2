import { describe, expect, it } from 'vitest';
import type { ChooseExercise } from '../../../lab/types.ts';
import type { GridExercise } from '../../../lab/types.ts';
import {
  creditPercent,
  creditPoints,
  feedbackHeading,
  headerCredit,
  hintButtonText,
  hintOffered,
  tryAgainText,
  type TryState,
} from './credit-words.ts';

const choose = (options: number, multiple = false): ChooseExercise => ({
  id: 'x',
  kind: 'choose',
  prompt: 'Which?',
  points: 2,
  hints: ['one', 'two', 'three'],
  multiple,
  options: Array.from({ length: options }, (_, i) => ({ text: `option ${i}`, explain: '' })),
});
const state = (t: Partial<TryState>): TryState => ({
  wrongTries: 0,
  ruledOut: 0,
  hintsOpen: 0,
  hintsAvailable: 0,
  held: 0,
  ...t,
});

describe('the "Try again" sentence agrees with what the next try can earn', () => {
  const three = choose(3);

  it('after the free retry with no hint: full credit', () => {
    const t = state({ wrongTries: 1, ruledOut: 1, hintsAvailable: 1 });
    expect(tryAgainText(three, t)).toBe('your next try can still earn full credit. A hint is available.');
  });

  it('a hint opened: no longer full credit, and the header and the sentence say the same 90%', () => {
    const t = state({ wrongTries: 1, ruledOut: 1, hintsAvailable: 1, hintsOpen: 1 });
    expect(creditPercent(three, t)).toBe(90);
    expect(tryAgainText(three, t)).toBe('your next try can earn up to 90%: the hint opened costs 10%.');
    const two = state({ wrongTries: 2, ruledOut: 2, hintsAvailable: 2, hintsOpen: 2 });
    const multi = choose(3, true);
    expect(tryAgainText(multi, two)).toBe(
      'your next try can earn up to 65%: each retry earns a little less, and the 2 hints opened cost 20%.',
    );
  });

  it('retries past the free one, no hint opened', () => {
    const t = state({ wrongTries: 2, ruledOut: 2, hintsAvailable: 2, hintsOpen: 0 });
    expect(tryAgainText(choose(4), t)).toBe(
      'your next try can earn up to 85%: each retry earns a little less. A hint is available.',
    );
  });

  it('one option left (two options, one wrong try): no credit, and no hint offered, which could not help', () => {
    const two = choose(2);
    const t = state({ wrongTries: 1, ruledOut: 1, hintsAvailable: 1 });
    expect(creditPercent(two, t)).toBe(0);
    expect(hintOffered(two, t)).toBe(false);
    expect(tryAgainText(two, t)).toBe(
      'one option is left, the answer by elimination: it counts as solved but earns no credit.',
    );
    expect(headerCredit(two, t)).toBe(
      'this try earns up to 0% (one option is left: the answer by elimination)',
    );
    // Three options, two ruled out: the same.
    expect(hintOffered(choose(3), state({ wrongTries: 2, ruledOut: 2, hintsAvailable: 2 }))).toBe(false);
  });

  it('no credit left but the answer not forced: the hint is still offered, free, as it still helps', () => {
    // A multiple-answer choose rules out no whole answer: 40% after the retries, less four hints' 40%.
    const spent = state({ wrongTries: 5, ruledOut: 5, hintsAvailable: 5, hintsOpen: 4 });
    const five = { ...choose(3, true), hints: ['1', '2', '3', '4', '5'] };
    expect(creditPercent(five, spent)).toBe(0);
    expect(hintOffered(five, spent)).toBe(true);
    expect(tryAgainText(five, spent)).toBe(
      'there is no credit left: a right answer counts as solved but earns no points. A hint is available, free: there is no credit left to lose.',
    );
  });
});

describe('the hint button states what the next hint costs, never a cost that costs nothing', () => {
  it('−10% while there is credit to lose', () => {
    const three = choose(3);
    expect(hintButtonText(three, state({ wrongTries: 1, ruledOut: 1, hintsAvailable: 1 }))).toBe(
      'Show a hint (1 available, −10%)',
    );
    expect(hintButtonText(choose(3, true), state({ wrongTries: 2, ruledOut: 2, hintsAvailable: 2 }))).toBe(
      'Show a hint (2 available, −10% each)',
    );
  });
});

describe('an earlier try that holds more than this one can earn is said wherever the credit is', () => {
  // Lab 4's "A SEAMCALL before kexec": 6 points, partial credit per cell.
  const grid: GridExercise = {
    id: 'g',
    kind: 'grid',
    prompt: 'Mark every WBINVD.',
    points: 6,
    hints: ['one', 'two'],
    sites: ['stop_this_cpu', 'relocate_kernel'],
  };

  it('the header: what the student holds and what this try can earn, in points', () => {
    const t = state({ wrongTries: 2, ruledOut: 2, hintsAvailable: 2, hintsOpen: 2, held: 5.25 });
    expect(creditPercent(grid, t)).toBe(65);
    expect(creditPoints(grid, t)).toBe(3.9);
    expect(headerCredit(grid, t)).toBe(
      'you hold 5.25 (your best try counts) · this try earns up to 3.9 (65%)',
    );
    // Nothing held: the percent alone, as before.
    expect(headerCredit(grid, { ...t, held: 0 })).toBe('this try earns up to 65%');
  });

  it('the "Try again" sentence: a right answer now cannot raise the score, and says so', () => {
    const t = state({ wrongTries: 2, ruledOut: 2, hintsAvailable: 2, hintsOpen: 2, held: 5.25 });
    expect(tryAgainText(grid, t)).toBe(
      'your next try can earn up to 65% (3.9 of 6 points): each retry earns a little less, and the 2 hints opened cost 20%. You hold 5.25 of 6 points from an earlier try, and your best try counts: a right answer now counts as solved, and your score stays 5.25.',
    );
    const free = state({ wrongTries: 1, ruledOut: 1, hintsAvailable: 1, held: 4.5 });
    expect(tryAgainText(grid, free)).toBe(
      'your next try can still earn full credit. You hold 4.5 of 6 points from an earlier try, and your best try counts. A hint is available.',
    );
  });

  it("the feedback's heading: this try's score, and the best one that counts when it is higher", () => {
    expect(feedbackHeading({ correct: true, score: 3.9, maxScore: 6 }, 5.25)).toBe(
      'Correct: 3.9 / 6 points for this try; your best, 5.25, counts',
    );
    expect(feedbackHeading({ correct: false, score: 3, maxScore: 6 }, 4.5)).toBe(
      'Not quite: 3 / 6 points for this try; your best, 4.5, counts',
    );
    // This try is the best (its own score counted in `held` once saved): said as it was.
    expect(feedbackHeading({ correct: true, score: 6, maxScore: 6 }, 6)).toBe('Correct: 6 / 6 points');
    expect(feedbackHeading({ correct: false, score: 4.5, maxScore: 6 }, 0)).toBe('Not quite: 4.5 / 6 points');
  });

  it('a right answer that earned less says why: the wrong tries past the free retry, the hints opened', () => {
    const t = (wrongTries: number, hintsOpen: number) => ({ wrongTries, hintsOpen });
    expect(feedbackHeading({ correct: true, score: 1.7, maxScore: 2 }, 1.7, t(2, 0))).toBe(
      'Correct: 1.7 / 2 points (85%: 2 wrong tries before)',
    );
    expect(feedbackHeading({ correct: true, score: 1.5, maxScore: 2 }, 1.5, t(2, 1))).toBe(
      'Correct: 1.5 / 2 points (75%: 2 wrong tries before and 1 hint opened)',
    );
    expect(feedbackHeading({ correct: true, score: 1.8, maxScore: 2 }, 1.8, t(1, 1))).toBe(
      'Correct: 1.8 / 2 points (90%: 1 hint opened)',
    );
    // Beside an earlier try that holds more: said of this try.
    expect(feedbackHeading({ correct: true, score: 3.9, maxScore: 6 }, 4, t(2, 2))).toBe(
      'Correct: 3.9 / 6 points for this try (65%: 2 wrong tries before and 2 hints opened); your best, 4, counts',
    );
    // Full credit, or a wrong answer: nothing to explain here (the "Try again" sentence says the rest).
    expect(feedbackHeading({ correct: true, score: 2, maxScore: 2 }, 2, t(1, 0))).toBe(
      'Correct: 2 / 2 points',
    );
    expect(feedbackHeading({ correct: false, score: 0, maxScore: 2 }, 0, t(3, 1))).toBe(
      'Not quite: 0 / 2 points',
    );
  });

  it('a right answer forced by elimination is headed so, not "Correct: 0 / 2 points"', () => {
    expect(feedbackHeading({ correct: true, score: 0, maxScore: 2, byElimination: true }, 0)).toBe(
      'Solved by elimination: 0 / 2 points (every other option was already tried)',
    );
    // Only a right answer is solved by elimination.
    expect(feedbackHeading({ correct: false, score: 0, maxScore: 2, byElimination: true }, 0)).toBe(
      'Not quite: 0 / 2 points',
    );
  });
});
