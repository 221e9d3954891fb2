/** Progress files from disk: what a bad field is said to need. */
import { describe, expect, it } from 'vitest';
import { parseProgress } from './schema.ts';
import { PROGRESS_VERSION } from './types.ts';

const attempt = {
  id: 'a0',
  labId: '02-sme-two-wbinvds',
  exerciseId: 'who-runs-relocate',
  variantSeed: 1,
  answer: { kind: 'choose', selected: [0] },
  score: 0,
  maxScore: 2,
  hintsUsed: 0,
  correct: false,
  solutionShown: false,
  at: '2026-11-25T10:00:00.000Z',
  durationMs: 1000,
};
const progress = (a: object) => ({ version: PROGRESS_VERSION, profile: null, attempts: [a] });

describe('parseProgress', () => {
  it('a time that is not one is said to need an ISO UTC time, not an id', () => {
    expect(parseProgress(progress(attempt)).ok).toBe(true);
    expect(parseProgress(progress({ ...attempt, at: 'yesterday' }))).toMatchObject({
      ok: false,
      error: 'attempts[0].at must be a time in ISO form, UTC (like 2026-11-25T10:00:00.000Z)',
    });
  });

  it('an id field still says what an id may hold', () => {
    expect(parseProgress(progress({ ...attempt, labId: 'no spaces' }))).toMatchObject({
      ok: false,
      error: 'attempts[0].labId must be an id (letters, digits, . _ -)',
    });
  });
});
