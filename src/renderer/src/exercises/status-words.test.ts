/**
 * The status words a student sees: an explain exercise is "answered" once saved, never "tried" (a failed
 * try) nor solved or shown, whatever its attempts' flags say; the graded kinds keep their words.
 */
import { describe, expect, it } from 'vitest';
import { canBeSolved } from '../../../lab/class-grade.ts';
import { summariseLab } from '../../../lab/progress/summary.ts';
import type { Attempt } from '../../../lab/progress/types.ts';
import { shippedLab } from '../../../node/test-labs.ts';
import { selfAssessed } from './saved-answers.ts';
import { ANSWERED, answeredSaid, gradedBadge, listBadge, NOT_ANSWERED } from './status-words.ts';

const flags = (solved: boolean, solutionShown: boolean) => ({ solved, solutionShown });

describe("an explain exercise's status", () => {
  it('is nothing in the list before an answer is saved, "answered" after, whatever the flags', () => {
    expect(listBadge('explain', undefined)).toBeNull();
    for (const [solved, shown] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const)
      expect(listBadge('explain', flags(solved, shown))).toEqual({ text: 'answered', tone: null });
  });

  it('is said in the results as the student rated it, with the same word', () => {
    expect(answeredSaid('answered')).toBe(ANSWERED);
    expect(answeredSaid('got-it')).toBe('answered: got it');
    expect(answeredSaid('partly')).toBe('answered: partly');
    expect(answeredSaid('missed')).toBe('answered: missed');
    expect(NOT_ANSWERED).toBe('not answered');
  });

  it("reads a shipped lab's saved explanation as answered, never solved (canBeSolved agrees)", () => {
    const lab = shippedLab('02-sme-two-wbinvds');
    const ex = lab.exercises.find((e) => e.kind === 'explain');
    if (!ex) throw new Error('lab 2 has an explain exercise');
    expect(canBeSolved(ex)).toBe(false);
    // As the exercise panel saves it: never correct, 0 of 0.
    const saved: Attempt = {
      id: 'a1',
      labId: lab.id,
      exerciseId: ex.id,
      variantSeed: 1,
      answer: { kind: 'explain', text: 'GS is reset', selfAssessment: 'partly' },
      score: 0,
      maxScore: 0,
      hintsUsed: 0,
      correct: false,
      solutionShown: false,
      at: '2026-11-27T08:00:00.000Z',
      durationMs: 1,
    };
    expect(listBadge(ex.kind, summariseLab([saved], lab.id).get(ex.id))?.text).toBe(ANSWERED);
    const rated = selfAssessed([saved], lab.id, ex.id);
    expect(rated && answeredSaid(rated)).toBe('answered: partly');
  });
});

describe("a graded exercise's status in the list", () => {
  it('is said in the words of the results: solved, solution shown, wrong so far', () => {
    expect(listBadge('choose', undefined)).toBeNull();
    expect(listBadge('choose', flags(true, false))).toEqual({ text: 'solved', tone: 'ok' });
    expect(listBadge('grid', flags(false, true))).toEqual({ text: 'solution shown', tone: 'warn' });
    expect(listBadge('order', flags(false, false))).toEqual({ text: 'wrong so far', tone: 'bad' });
    for (const [solved, shown] of [
      [true, false],
      [false, true],
      [false, false],
    ] as const)
      expect(listBadge('grid', flags(solved, shown))).toEqual(gradedBadge(flags(solved, shown)));
  });
});
