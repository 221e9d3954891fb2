import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../node/labs/load.ts';
import { referenceAnswer } from './grade.ts';
import { makeInstance } from './keys.ts';
import type { Attempt } from './progress/types.ts';
import { regrade } from './regrade.ts';

const LABS = join(import.meta.dirname, '..', '..', 'labs');

const attempt = (answer: unknown, seed: number, extra: Partial<Attempt> = {}): Attempt => ({
  id: `a${Math.random()}`,
  labId: '02-sme-two-wbinvds',
  exerciseId: 'who-runs-relocate',
  variantSeed: seed,
  answer,
  score: 99, // never read
  maxScore: 2,
  hintsUsed: 0,
  correct: false,
  solutionShown: false,
  at: '2026-11-26T08:00:00.000Z',
  durationMs: 1,
  ...extra,
});

describe('regrading one exercise', () => {
  it('grades from the lab and the seed, keeps the best, and names what the wrong answer believed', async () => {
    const lab = await loadLab(LABS, '02-sme-two-wbinvds');
    const ex = lab.exercises.find((e) => e.id === 'who-runs-relocate');
    if (!ex) throw new Error('lab 2 has no who-runs-relocate');
    const seed = 7;
    const right = referenceAnswer(makeInstance(ex, seed));
    const r = regrade(ex, [attempt({ kind: 'choose', selected: [1] }, seed), attempt(right, seed)]);
    expect(r).toEqual({
      attempts: 2,
      best: 2, // the free retry: full credit
      solved: true,
      solutionShown: false,
      misconceptions: ['start-cpu-is-k'],
    });
  });

  it('counts nothing after the solution was shown, and an unreadable answer as a wrong try', async () => {
    const lab = await loadLab(LABS, '02-sme-two-wbinvds');
    const ex = lab.exercises.find((e) => e.id === 'who-runs-relocate');
    if (!ex) throw new Error('lab 2 has no who-runs-relocate');
    const right = referenceAnswer(makeInstance(ex, 3));
    const r = regrade(ex, [
      attempt({ kind: 'grid', cells: [] }, 3),
      attempt(right, 3, { solutionShown: true }),
      attempt(right, 3),
    ]);
    expect(r).toMatchObject({ attempts: 3, best: 0, solved: false, solutionShown: true, misconceptions: [] });
  });
});
