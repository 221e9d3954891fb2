/** Progress files from disk: what a bad field is said to need. */
import { describe, expect, it } from 'vitest';
import {
  MAX_ANSWER_DEPTH,
  parseAttempt,
  parseProfile,
  parseProgress,
  readProgressForGrading,
} from './schema.ts';
import { anAttempt } from './fixture.ts';
import { PROGRESS_VERSION } from './types.ts';

const attempt = anAttempt();
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

const nest = (depth: number): unknown => (depth === 0 ? 0 : [nest(depth - 1)]);

describe('parseProfile', () => {
  it.each([
    ['a line break', 'Ada\nEvil (x)  02-sme  99.00 / 25'],
    ['a tab', 'Ada\tLovelace'],
    ['a terminal escape', 'Ada\u001b[2J'],
    ['a right-to-left override', '\u202eAda'],
    ['a direction isolate', 'Ada\u2066x\u2069'],
    ['a C1 control', 'Ada\u0085x'],
  ])('refuses a name with %s, naming the field', (_, name) => {
    expect(parseProfile({ name, id: 'ada' })).toEqual({
      ok: false,
      error:
        'profile.name must not hold line breaks, tabs or other control characters (terminal escapes, text-direction marks)',
    });
  });

  it('keeps names in any script, and refuses the ids . and ..', () => {
    expect(parseProfile({ name: 'Zoë Ωμέγα 李', id: 'z.1' })).toEqual({
      ok: true,
      value: { name: 'Zoë Ωμέγα 李', id: 'z.1' },
    });
    for (const id of ['.', '..'])
      expect(parseProfile({ name: 'A', id })).toEqual({
        ok: false,
        error: 'profile.id must not be "." or ".."',
      });
  });
});

describe('parseAttempt', () => {
  it.each(['0000-99-99T::::Z', '2026-02-30T10:00:00.000Z', '2026-11-25T24:00:00Z', '2026-11-25T10:00Z', 5])(
    'refuses the time %j',
    (at) => {
      expect(parseAttempt({ ...attempt, at })).toEqual({
        ok: false,
        error: 'attempt.at must be a time in ISO form, UTC (like 2026-11-25T10:00:00.000Z)',
      });
    },
  );

  it.each(['2026-11-25T10:00:00Z', '2028-02-29T23:59:59.123456Z'])('takes the time %j', (at) => {
    expect(parseAttempt({ ...attempt, at }).ok).toBe(true);
  });

  it('refuses an answer nested too deep, or too large as the file writes it', () => {
    expect(parseAttempt({ ...attempt, answer: nest(MAX_ANSWER_DEPTH) }).ok).toBe(true);
    expect(parseAttempt({ ...attempt, answer: nest(MAX_ANSWER_DEPTH + 1) })).toEqual({
      ok: false,
      error: `attempt.answer is nested too deep (more than ${MAX_ANSWER_DEPTH} levels of lists and objects)`,
    });
    // 60 KB as compact JSON, over 200 KB with one number a line, indented.
    const long = Array.from({ length: 30_000 }, () => 1);
    expect(parseAttempt({ ...attempt, answer: long })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^attempt\.answer is too large \(\d+ characters; at most 100000\)$/),
    });
  });
});

describe('readProgressForGrading', () => {
  it('reads a file whose name has a line break as one without a profile, naming the field', () => {
    const r = readProgressForGrading({
      version: PROGRESS_VERSION,
      profile: { name: 'Ada\nEvil  99.00 / 25', id: 'ada' },
      attempts: [attempt],
    });
    expect(r.ok && r.value.profile).toBeNull();
    expect(r.ok && r.value.notes).toEqual([
      'profile.name must not hold line breaks, tabs or other control characters (terminal escapes, text-direction marks): read as a file without a profile',
    ]);
    expect(r.ok && r.value.attempts).toHaveLength(1);
  });

  const file = (attempts: unknown[]) => ({ version: PROGRESS_VERSION, profile: null, attempts });

  it('a bad field grading does not read is named and the attempt kept; the app keeps refusing it', () => {
    const odd = { ...attempt, at: '2026-11-25 10:00', score: 2000, correct: 'yes' };
    expect(parseProgress(file([attempt, odd]))).toMatchObject({ ok: false, error: /^attempts\[1\]\.score/ });
    const r = readProgressForGrading(file([attempt, odd]));
    expect(r.ok && r.value.notes).toEqual([
      'attempts[1].score must be a number from 0 to 1000: not read to grade it; graded anyway',
      'attempts[1].at must be a time in ISO form, UTC (like 2026-11-25T10:00:00.000Z): not read to grade it; graded anyway',
      'attempts[1].correct must be true or false: not read to grade it; graded anyway',
    ]);
    expect(r.ok && r.value.attempts.map((a) => [a.index, a.attempt.answer, a.attempt.variantSeed])).toEqual([
      [0, attempt.answer, 1],
      [1, attempt.answer, 1],
    ]);
    expect(r.ok && r.value.skipped).toEqual([]);
  });

  it('an attempt without a field grading needs is skipped, with where it belongs when that can be read', () => {
    const r = readProgressForGrading(
      file([
        { ...attempt, variantSeed: -1, hintsUsed: 'two' },
        null,
        attempt,
        { ...attempt, labId: 'a lab', exerciseId: undefined },
      ]),
    );
    expect(r.ok && r.value.notes).toEqual([
      'attempts[0].variantSeed must be a number from 0 to 4294967295; attempts[0].hintsUsed must be a number from 0 to 100: this attempt cannot be graded, skipped',
      'attempts[1] is not an attempt (an object): skipped',
      'attempts[3].labId must be an id (letters, digits, . _ -); attempts[3].exerciseId must be an id (letters, digits, . _ -): this attempt cannot be graded, skipped',
    ]);
    expect(r.ok && r.value.attempts.map((a) => a.index)).toEqual([2]);
    expect(r.ok && r.value.skipped).toEqual([
      { index: 0, labId: attempt.labId, exerciseId: attempt.exerciseId },
      { index: 1 },
      { index: 3, labId: undefined, exerciseId: undefined },
    ]);
  });

  it('a file that is no progress file is still refused, with why', () => {
    expect(readProgressForGrading([])).toMatchObject({ ok: false, error: 'the file is not a JSON object' });
    expect(readProgressForGrading({ version: 3, attempts: [] })).toMatchObject({
      ok: false,
      problem: 'future-version',
    });
    expect(readProgressForGrading({ version: 2, attempts: {} })).toMatchObject({
      ok: false,
      error: 'attempts must be a list',
    });
    // Version 1's attempts that are not a list used to read as none: "upgraded", and every one lost.
    const v1 = { version: 1, student: { name: 'Lin', id: 'lin' }, attempts: { 0: attempt } };
    expect(readProgressForGrading(v1)).toMatchObject({ ok: false, error: 'attempts must be a list' });
    expect(parseProgress(v1)).toMatchObject({ ok: false, error: 'attempts must be a list' });
  });

  it("an unreadable profile is named, and the file read as one without; version 1's attempts kept no seed", () => {
    const { variantSeed: _, ...unseeded } = attempt;
    const r = readProgressForGrading({
      version: 1,
      student: { name: 'Lin', id: 'l i n' },
      attempts: [unseeded, attempt],
    });
    expect(r.ok && r.value.profile).toBeNull();
    expect(r.ok && r.value.notes).toEqual([
      'profile.id must be an id (letters, digits, . _ -): read as a file without a profile',
    ]);
    expect(r.ok && r.value.attempts.map((a) => [a.attempt.variantSeed, a.seedSaved])).toEqual([
      [0, false],
      [1, true],
    ]);
  });
});
