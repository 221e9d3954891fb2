import { describe, expect, it } from 'vitest';
import { labScore, nextExercise } from './summary.ts';
import type { Attempt } from './types.ts';

const EXERCISES = [
  { id: 'a', points: 2 },
  { id: 'b', points: 3 },
  { id: 'c', points: 0, kind: 'explain' }, // ungraded
  { id: 'd', points: 4 },
];

let n = 0;
const attempt = (exerciseId: string, extra: Partial<Attempt> = {}): Attempt => ({
  id: `t${++n}`,
  labId: 'lab',
  exerciseId,
  variantSeed: 1,
  answer: null,
  score: 0,
  maxScore: 2,
  hintsUsed: 0,
  correct: false,
  solutionShown: false,
  at: '2026-11-26T10:00:00.000Z',
  durationMs: 1000,
  ...extra,
});

describe('where a student goes on in a lab', () => {
  it('is the first exercise not yet solved, then the next, past ones solved or shown', () => {
    expect(nextExercise([], 'lab', EXERCISES)).toBe(0);
    const tried = [attempt('a')];
    expect(nextExercise(tried, 'lab', EXERCISES)).toBe(0);
    const solvedA = [...tried, attempt('a', { correct: true, score: 2 })];
    expect(nextExercise(solvedA, 'lab', EXERCISES)).toBe(1);
    const shownB = [...solvedA, attempt('b', { solutionShown: true })];
    expect(nextExercise(shownB, 'lab', EXERCISES)).toBe(2);
    // An ungraded exercise is done once tried; another lab's attempts do not count.
    const explained = [
      ...shownB,
      attempt('c', { maxScore: 0 }),
      attempt('d', { labId: 'other', correct: true }),
    ];
    expect(nextExercise(explained, 'lab', EXERCISES)).toBe(3);
    expect(
      nextExercise([...explained, attempt('d', { correct: true, score: 4, maxScore: 4 })], 'lab', EXERCISES),
    ).toBeNull();
    expect(labScore(solvedA, 'lab', EXERCISES)).toMatchObject({ score: 2, max: 9, solved: 1, total: 3 });
  });
});
