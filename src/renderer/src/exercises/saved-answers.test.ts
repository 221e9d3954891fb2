/**
 * Saved answers read back: a done exercise is shown with the answer that was kept, and the results say
 * how an explanation was rated, never that it was wrong.
 */
import { describe, expect, it } from 'vitest';
import { makeInstance } from '../../../lab/keys.ts';
import type { Attempt } from '../../../lab/progress/types.ts';
import type { Exercise } from '../../../lab/types.ts';
import { shippedLab } from '../../../node/test-labs.ts';
import { savedAnswer, selfAssessed } from './saved-answers.ts';

const lab = shippedLab('02-sme-two-wbinvds');
const ex = (kind: Exercise['kind'], multiple = false) => {
  const e = lab.exercises.find((x) => x.kind === kind && (x.kind !== 'choose' || x.multiple === multiple));
  if (!e) throw new Error(`lab 2 has no ${kind} exercise`);
  return makeInstance(e, 4);
};

const attempt = (exerciseId: string, answer: unknown, labId = lab.id): Attempt => ({
  id: `a${Math.random()}`,
  labId,
  exerciseId,
  variantSeed: 1,
  answer,
  score: 0,
  maxScore: 0,
  hintsUsed: 0,
  correct: false,
  solutionShown: false,
  at: '2026-11-27T08:00:00.000Z',
  durationMs: 1,
});

describe('an explanation in the results', () => {
  it('is said as the student last rated it, or "answered"; never tried, null', () => {
    const id = 'explain-flag';
    expect(selfAssessed([], lab.id, id)).toBeNull();
    const got = attempt(id, { kind: 'explain', text: 'x', selfAssessment: 'got-it' });
    const partly = attempt(id, { kind: 'explain', text: 'y', selfAssessment: 'partly' });
    expect(selfAssessed([got], lab.id, id)).toBe('got-it');
    expect(selfAssessed([got, partly], lab.id, id)).toBe('partly');
    expect(selfAssessed([partly, attempt(id, { kind: 'explain', text: 'z' })], lab.id, id)).toBe('answered');
    // Data from a file: a rating it does not know, or no answer at all, is still an answer given.
    expect(selfAssessed([attempt(id, { kind: 'explain', selfAssessment: 'toString' })], lab.id, id)).toBe(
      'answered',
    );
    expect(selfAssessed([attempt(id, null)], lab.id, id)).toBe('answered');
    // Another lab's exercise of the same id, or another exercise, is not this one.
    expect(selfAssessed([got], 'another-lab', id)).toBeNull();
    expect(selfAssessed([got], lab.id, 'who-runs-relocate')).toBeNull();
  });
});

describe('a saved answer read back for the widgets', () => {
  it('is used when it fits the exercise as it stands', () => {
    expect(savedAnswer(ex('choose'), { kind: 'choose', selected: [1] })).toEqual({
      kind: 'choose',
      selected: [1],
    });
    expect(savedAnswer(ex('choose', true), { kind: 'choose', selected: [2, 0, 2] })).toEqual({
      kind: 'choose',
      selected: [0, 2],
    });
    expect(savedAnswer(ex('grid'), { kind: 'grid', cells: ['0:relocate_kernel'] })).toEqual({
      kind: 'grid',
      cells: ['0:relocate_kernel'],
    });
    const order = ex('order');
    const items = order.key.kind === 'order' ? [...order.key.order].reverse() : [];
    expect(savedAnswer(order, { kind: 'order', order: items })).toEqual({ kind: 'order', order: items });
    expect(savedAnswer(ex('predict'), { kind: 'predict', selected: 1 })).toEqual({
      kind: 'predict',
      selected: 1,
    });
    expect(savedAnswer(ex('find_bug'), { kind: 'find_bug', selected: 0 })).toEqual({
      kind: 'find_bug',
      selected: 0,
    });
    expect(savedAnswer(ex('explain'), { kind: 'explain', text: 'GS', selfAssessment: 'missed' })).toEqual({
      kind: 'explain',
      text: 'GS',
      selfAssessment: 'missed',
    });
  });

  it('is left out when it does not: another kind, an option or item the exercise lacks, not an answer', () => {
    const choose = ex('choose');
    for (const bad of [
      null,
      'choose',
      { kind: 'grid', cells: [] },
      { kind: 'choose', selected: [] },
      { kind: 'choose', selected: [0, 1] },
      { kind: 'choose', selected: [99] },
      { kind: 'choose', selected: [0.5] },
      { kind: 'choose', selected: '0' },
    ])
      expect(savedAnswer(choose, bad), JSON.stringify(bad)).toBeNull();
    const order = ex('order');
    const n = order.key.kind === 'order' ? order.key.order.length : 0;
    expect(savedAnswer(order, { kind: 'order', order: [...Array(n - 1).keys()] })).toBeNull();
    expect(savedAnswer(order, { kind: 'order', order: Array(n).fill(0) })).toBeNull();
    expect(savedAnswer(ex('predict'), { kind: 'predict', selected: -1 })).toBeNull();
    expect(savedAnswer(ex('find_bug'), { kind: 'find_bug', selected: 9 })).toBeNull();
    expect(savedAnswer(ex('grid'), { kind: 'grid', cells: [1] })).toBeNull();
    expect(savedAnswer(ex('explain'), { kind: 'explain' })).toBeNull();
  });

  it("a find_bug's: an index into its mutants then its decoys", () => {
    const bug = shippedLab('01-why-flush').exercises.find((e) => e.id === 'find-the-bug');
    if (bug?.kind !== 'find_bug' || bug.mutants.length !== 2 || bug.decoys?.length !== 2)
      throw new Error("lab 1's find-the-bug has two mutants and two decoys");
    const inst = makeInstance(bug, 4);
    // A mutant's, as saved before the decoys were added; a decoy's (a wrong pick is kept too).
    for (const selected of [0, 1, 2, 3])
      expect(savedAnswer(inst, { kind: 'find_bug', selected })).toEqual({ kind: 'find_bug', selected });
    expect(savedAnswer(inst, { kind: 'find_bug', selected: 4 })).toBeNull();
    // Without the decoys, only the mutants are options.
    expect(
      savedAnswer(makeInstance({ ...bug, decoys: [] }, 4), { kind: 'find_bug', selected: 2 }),
    ).toBeNull();
  });
});
