import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../node/labs/load.ts';
import { triesAcrossVariants } from './exercise-tries.ts';
import { grade, referenceAnswer, type Answer } from './grade.ts';
import { makeInstance } from './keys.ts';
import { GUEST_ID, type Attempt } from './progress/types.ts';
import { regrade } from './regrade.ts';
import { variantSeed } from './variants.ts';

const LABS = join(import.meta.dirname, '..', '..', 'labs');

describe('the tries that weigh on the next answer', () => {
  it('counts wrong tries at every variant, up to a solution shown at any of them', () => {
    const wrong = { correct: false, solutionShown: false };
    const right = { correct: true, solutionShown: false };
    const shown = { correct: false, solutionShown: true };
    expect(triesAcrossVariants([])).toEqual({ wrongTries: 0, solutionShown: false });
    expect(triesAcrossVariants([wrong, wrong, right, wrong])).toEqual({
      wrongTries: 3,
      solutionShown: false,
    });
    expect(triesAcrossVariants([wrong, shown, wrong])).toEqual({ wrongTries: 1, solutionShown: true });
  });

  it("gives an answer after the student id changed the score the instructor's grade gives it", async () => {
    const lab = await loadLab(LABS, '02-sme-two-wbinvds');
    const ex = lab.exercises.find((e) => e.id === 'who-runs-relocate');
    if (!ex || ex.kind !== 'choose') throw new Error('lab 2 has no who-runs-relocate');
    const key = `${lab.id}/${ex.id}`;
    const guest = makeInstance(ex, variantSeed(GUEST_ID, key));
    const own = makeInstance(ex, variantSeed('ada-1', key));
    const right = referenceAnswer(guest);
    if (right.kind !== 'choose') throw new Error('unreachable');
    const wrongAnswer: Answer = {
      kind: 'choose',
      selected: [ex.options.findIndex((_, i) => !right.selected.includes(i))],
    };
    const at = (
      inst: typeof guest,
      answer: Answer,
      correct: boolean,
      extra: Partial<Attempt> = {},
    ): Attempt => ({
      id: `a${Math.random()}`,
      labId: lab.id,
      exerciseId: ex.id,
      variantSeed: inst.seed,
      variant: { seed: inst.seed, params: { ...inst.values } },
      answer,
      score: 0,
      maxScore: ex.points,
      hintsUsed: 0,
      correct,
      solutionShown: false,
      at: '2026-11-29T08:00:00.000Z',
      durationMs: 1,
      ...extra,
    });
    // Two wrong tries as the guest, then the student's own variant answered right.
    const before = [at(guest, wrongAnswer, false), at(guest, wrongAnswer, false)];
    const ownRight = referenceAnswer(own);
    const { wrongTries } = triesAcrossVariants(before);
    const app = grade(own, ownRight, { wrongTries, hintsUsed: 0, ruledOut: 0 });
    expect(app.correct).toBe(true);
    expect(app.score).toBeLessThan(ex.points); // the tries as the guest cost credit
    expect(regrade(ex, [...before, at(own, ownRight, true, { score: app.score })]).best).toBeCloseTo(
      app.score,
      3,
    );
    // A solution shown as the guest ends the grading of the exercise, at every variant.
    const shown = [...before, at(guest, right, false, { solutionShown: true })];
    expect(triesAcrossVariants(shown).solutionShown).toBe(true);
    expect(regrade(ex, [...shown, at(own, ownRight, true)])).toMatchObject({ solved: false, best: 0 });
  });
});
