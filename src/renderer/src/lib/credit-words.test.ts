import { describe, expect, it } from 'vitest';
import type { ChooseExercise } from '../../../lab/types.ts';
import { creditPercent, hintButtonText, tryAgainText, type TryState } from './credit-words.ts';

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

  it('one option left (two options, one wrong try): no credit, and the hint offered free', () => {
    const two = choose(2);
    const t = state({ wrongTries: 1, ruledOut: 1, hintsAvailable: 1 });
    expect(creditPercent(two, t)).toBe(0);
    expect(tryAgainText(two, t)).toBe(
      'one option is left, the answer by elimination: it counts as solved but earns no credit. A hint is available, free: there is no credit left to lose.',
    );
    expect(hintButtonText(two, t)).toBe('Show a hint (1 available; free: no credit is left to lose)');
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
