/** Progress files from disk: what a bad field is said to need. */
import { describe, expect, it } from 'vitest';
import {
  MAX_ANSWER_DEPTH,
  parseAttempt,
  parseProfile,
  parseProgress,
  parseProgressKeepingGood,
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

describe('parseAttempt: counts and seeds are whole numbers, as the app makes them', () => {
  // Fails without the fix: 1.5 hints and seed 1.5 were read, and graded.
  it.each([
    ['hintsUsed', 1.5, 'attempt.hintsUsed must be a whole number from 0 to 100'],
    ['variantSeed', 1.5, 'attempt.variantSeed must be a whole number from 0 to 4294967295'],
  ])('refuses %s %j, naming the field', (field, value, error) => {
    expect(parseAttempt({ ...attempt, [field]: value })).toEqual({ ok: false, error });
    const r = readProgressForGrading(progress({ ...attempt, [field]: value }));
    expect(r.ok && r.value.notes).toEqual([
      `${error.replace('attempt.', 'attempts[0].')}: this attempt cannot be graded, skipped`,
    ]);
  });

  it('says that an id is too long, not that it holds what an id may not', () => {
    // Fails without the fix: "must be an id (letters, digits, . _ -)", for an id of only letters.
    expect(parseProfile({ name: 'Ada', id: 'a'.repeat(101) })).toEqual({
      ok: false,
      error: 'profile.id must be an id of at most 100 characters (it has 101)',
    });
    expect(parseProfile({ name: 'Ada', id: 'a'.repeat(100) }).ok).toBe(true);
  });
});

describe('parseProgressKeepingGood (what the store loads)', () => {
  // Fails without the fix: a profile that could not be read made the whole file unusable, so the store
  // moved it aside and started with no attempts.
  it.each([
    ['a name with a right-to-left mark', { name: 'Ada\u200f', id: 'ada' }, /^profile\.name must not hold/],
    ['an id too long', { name: 'Ada', id: 'a'.repeat(101) }, /^profile\.id must be an id of at most 100/],
    ['a profile that is no object', 'Ada', /^profile must be an object with name and id$/],
  ])('reads %s as no profile, keeping every attempt, and says why', (_, profile, why) => {
    const r = parseProgressKeepingGood({ version: PROGRESS_VERSION, profile, attempts: [attempt] });
    expect(r).toMatchObject({ ok: true, value: { profile: null }, bad: [] });
    expect(r.ok && r.value.attempts).toEqual([attempt]);
    expect(r.ok && r.badProfile).toMatch(why);
    // The strict reading still refuses it.
    expect(parseProgress({ version: PROGRESS_VERSION, profile, attempts: [attempt] })).toMatchObject({
      ok: false,
      error: expect.stringMatching(why) as string,
    });
  });

  // Fails without the fix: the attempt was dropped from the progress (and so from the student's export).
  it('keeps an attempt whose time or duration, which nothing reads, is malformed: as written', () => {
    const { at: _, ...timeless } = attempt;
    const odd = [
      { ...attempt, id: 'b', at: '2026-11-25 10:00' },
      { ...attempt, id: 'c', durationMs: -5, at: 1_700_000_000 },
      { ...timeless, id: 'd' },
    ];
    const r = parseProgressKeepingGood({
      version: PROGRESS_VERSION,
      profile: null,
      attempts: [attempt, ...odd],
    });
    expect(r.ok && r.bad).toEqual([]);
    expect(r.ok && r.value.attempts).toEqual([attempt, ...odd]);
    // Written back as read: the same text, nothing normalised, the missing time still missing.
    expect(r.ok && JSON.parse(JSON.stringify(r.value.attempts))).toEqual([attempt, ...odd]);
    expect(r.ok && r.asWritten.map((w) => w.index)).toEqual([1, 2, 2, 3]);
    expect(parseProgress(progress(odd[0] as object))).toMatchObject({
      ok: false,
      error: 'attempts[0].at must be a time in ISO form, UTC (like 2026-11-25T10:00:00.000Z)',
    });
  });

  // What the rule above must not let through. (Fails without the fix too, which named the time first.)
  it('still drops an attempt over a field that is read, or a time too deep to write back', () => {
    const r = parseProgressKeepingGood(progress({ ...attempt, at: '2026-11-25 10:00', score: 'high' }));
    expect(r.ok && r.bad).toEqual([{ index: 0, error: 'attempts[0].score must be a number from 0 to 1000' }]);
    const deep = parseProgressKeepingGood(progress({ ...attempt, at: nest(MAX_ANSWER_DEPTH + 1) }));
    expect(deep.ok && deep.bad).toEqual([
      {
        index: 0,
        error: `attempts[0].at is nested too deep (more than ${MAX_ANSWER_DEPTH} levels of lists and objects)`,
      },
    ]);
  });
});

describe('readProgressForGrading', () => {
  it('never takes a name with a line break, naming the field; the id, which can be read, is kept', () => {
    const r = readProgressForGrading({
      version: PROGRESS_VERSION,
      profile: { name: 'Ada\nEvil  99.00 / 25', id: 'ada' },
      attempts: [attempt],
    });
    expect(r.ok && r.value.profile).toEqual({ name: '(no name)', id: 'ada' });
    expect(r.ok && r.value.notes).toEqual([
      'profile.name must not hold line breaks, tabs or other control characters (terminal escapes, text-direction marks): graded under the student id ada, with the name (no name)',
    ]);
    expect(r.ok && r.value.attempts).toHaveLength(1);
  });

  // Fails without the fix: one bad field read the whole profile as none, and "alice" was graded as
  // "(no name) ((no id))", her seeds checked against the guest id's.
  it('keeps whichever of the name and the id can be read, naming the other', () => {
    const read = (profile: unknown) => {
      const r = readProgressForGrading({ version: PROGRESS_VERSION, profile, attempts: [attempt] });
      return r.ok ? [r.value.profile, r.value.notes] : r;
    };
    expect(read({ name: '', id: 'alice' })).toEqual([
      { name: '(no name)', id: 'alice' },
      ['profile.name must not be empty: graded under the student id alice, with the name (no name)'],
    ]);
    expect(read({ id: 'alice' })).toEqual([
      { name: '(no name)', id: 'alice' },
      [
        'profile.name must be text up to 200 characters: graded under the student id alice, with the name (no name)',
      ],
    ]);
    expect(read({ name: 'Alice' })).toEqual([
      { name: 'Alice', id: '(no id)' },
      [
        'profile.id must be an id (letters, digits, . _ -): graded under the name Alice, with the student id (no id) (so the variant seeds cannot be checked as theirs)',
      ],
    ]);
    // Neither: a file without a profile, both fields named.
    expect(read({ name: ' ', id: '..' })).toEqual([
      null,
      [
        'profile.name must not be empty; profile.id must not be "." or "..": read as a file without a profile',
      ],
    ]);
    expect(read('Alice')).toEqual([
      null,
      ['profile must be an object with name and id: read as a file without a profile'],
    ]);
  });

  it("a version-1 file's profile is named by its own key, student", () => {
    const r = readProgressForGrading({ version: 1, student: 'Vera', attempts: [] });
    expect(r.ok && r.value.notes).toContain(
      'student must be an object with name and id: read as a file without a profile',
    );
    const half = readProgressForGrading({ version: 1, student: { name: 'Vera', id: '..' }, attempts: [] });
    expect(half.ok && half.value.notes.join('\n')).toMatch(/^student\.id must not be "\." or "\.\."/);
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
    // The fields not read, by attempt, for what a grader reports on each (not read back from the notes).
    expect(r.ok && r.value.attempts.map((a) => a.fieldsNotRead)).toEqual([
      undefined,
      ['score', 'at', 'correct'],
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
      'attempts[0].variantSeed must be a whole number from 0 to 4294967295; attempts[0].hintsUsed must be a whole number from 0 to 100: this attempt cannot be graded, skipped',
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

  it("an unreadable profile field is named, the other kept; version 1's attempts kept no seed", () => {
    const { variantSeed: _, ...unseeded } = attempt;
    const r = readProgressForGrading({
      version: 1,
      student: { name: 'Lin', id: 'l i n' },
      attempts: [unseeded, attempt],
    });
    expect(r.ok && r.value.profile).toEqual({ name: 'Lin', id: '(no id)' });
    expect(r.ok && r.value.notes).toEqual([
      'student.id must be an id (letters, digits, . _ -): graded under the name Lin, with the student id (no id) (so the variant seeds cannot be checked as theirs)',
    ]);
    expect(r.ok && r.value.attempts.map((a) => [a.attempt.variantSeed, a.seedSaved])).toEqual([
      [0, false],
      [1, true],
    ]);
  });
});

describe('a version-1 file with "profile", which version 1 never wrote (its name and id were "student")', () => {
  const {
    id: _,
    variantSeed: __,
    hintsUsed: ___,
    solutionShown: ____,
    durationMs: _____,
    ...v1Attempt
  } = attempt;
  const lin = { name: 'Lin', id: 'lin' };

  it('is read without it, and says so naming the field, for the grader and for the store', () => {
    const file = { version: 1, profile: lin, attempts: [v1Attempt] };
    const r = readProgressForGrading(file);
    expect(r.ok && r.value.profile).toBeNull();
    expect(r.ok && r.value.notRead).toEqual(['profile']);
    expect(r.ok && r.value.notes).toEqual([
      `profile is not a field of a version-1 file (version 1 wrote the name and id as "student"; "profile" is version 2's): not read, so graded as a file without a profile: if it holds this student's name and id, rename the key to "student" (or, if the rest of the file is version 2's, make its version 2)`,
    ]);
    expect(r.ok && r.value.attempts).toHaveLength(1);
    const kept = parseProgressKeepingGood(file);
    expect(kept.ok && [kept.value.profile, kept.notRead]).toEqual([
      null,
      [
        `profile is not a field of a version-1 file (version 1 wrote the name and id as "student"; "profile" is version 2's): not read`,
      ],
    ]);
    expect(parseProgress(file)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^profile is not a field of a version-1 file/),
    });
  });

  it('beside "student", the student is read and "profile" named as not read; null or absent is nothing to say', () => {
    const both = readProgressForGrading({
      version: 1,
      student: lin,
      profile: { name: 'X', id: 'x' },
      attempts: [],
    });
    expect(both.ok && both.value.profile).toEqual(lin);
    expect(both.ok && both.value.notes).toEqual([
      `profile is not a field of a version-1 file (version 1 wrote the name and id as "student"; "profile" is version 2's): not read; graded under "student" (Lin, lin)`,
    ]);
    for (const file of [
      { version: 1, student: lin, attempts: [] },
      { version: 1, student: lin, profile: null, attempts: [] },
      { version: 2, profile: lin, attempts: [] },
    ]) {
      const r = readProgressForGrading(file);
      expect(r.ok && [r.value.notes, r.value.notRead]).toEqual([[], []]);
      const k = parseProgressKeepingGood(file);
      expect(k.ok && k.notRead).toEqual([]);
    }
  });
});

describe('the variant and broken rule an attempt records', () => {
  const shown = { variant: { seed: 1, params: { c: 2, vendor: 'amd' } }, mutant: 'wbinvd_after_swap_pages' };

  it('are optional: an attempt without them still loads, and one with them keeps them', () => {
    expect(parseAttempt(attempt)).toMatchObject({ ok: true });
    const r = parseAttempt(anAttempt(shown));
    expect(r).toMatchObject({ ok: true, value: shown });
    // Saved back as it was: no variant or mutant key appears in an older attempt.
    const old = parseAttempt(attempt);
    if (!old.ok) throw new Error(old.error);
    expect(old.value).not.toHaveProperty('variant');
    expect(old.value).not.toHaveProperty('mutant');
  });

  it.each([
    [{ variant: 3 }, 'attempt.variant must be an object with seed and params'],
    [
      { variant: { seed: 'x', params: {} } },
      'attempt.variant.seed must be a whole number from 0 to 4294967295',
    ],
    [
      { variant: { seed: 1.5, params: {} } },
      'attempt.variant.seed must be a whole number from 0 to 4294967295',
    ],
    [
      { variant: { seed: 1 } },
      'attempt.variant.params must be an object of parameter values (like {"n": 4})',
    ],
    [
      { variant: { seed: 1, params: [] } },
      'attempt.variant.params must be an object of parameter values (like {"n": 4})',
    ],
    [
      { variant: { seed: 1, params: { c: true } } },
      'attempt.variant.params.c must be a number or text up to 200 characters without control characters',
    ],
    [
      { variant: { seed: 1, params: { c: 'a\u001b[2J' } } },
      'attempt.variant.params.c must be a number or text up to 200 characters without control characters',
    ],
    [
      { variant: { seed: 1, params: { 'no space': 1 } } },
      'attempt.variant.params has a parameter named "no space": a name is letters, digits and _ (not starting with a digit)',
    ],
    [{ variant: { seed: 2, params: {} } }, "attempt.variant.seed (2) must be the attempt's variantSeed (1)"],
    [{ mutant: 7 }, 'attempt.mutant must be a mutant id (letters, digits, . _ -)'],
    [{ mutant: 'two words' }, 'attempt.mutant must be a mutant id (letters, digits, . _ -)'],
  ])('refuses %j, naming the field', (over, error) => {
    expect(parseAttempt(anAttempt(over))).toEqual({ ok: false, error });
  });

  it('a progress file with a bad one is refused at attempts[i]; a grader skips that attempt, saying why', () => {
    const bad = anAttempt({ variant: { seed: 1, params: { c: null } } });
    expect(parseProgress(progress(bad))).toMatchObject({
      ok: false,
      error:
        'attempts[0].variant.params.c must be a number or text up to 200 characters without control characters',
    });
    const r = readProgressForGrading(progress(bad));
    if (!r.ok) throw new Error(r.error);
    expect(r.value.attempts).toEqual([]);
    expect(r.value.notes).toEqual([
      'attempts[0].variant.params.c must be a number or text up to 200 characters without control characters: this attempt cannot be graded, skipped',
    ]);
  });

  it('a parameter named __proto__ is kept as a value, not made the prototype', () => {
    const r = parseAttempt(anAttempt({ variant: JSON.parse('{"seed":1,"params":{"__proto__":5}}') }));
    if (!r.ok) throw new Error(r.error);
    expect(Object.getPrototypeOf(r.value.variant?.params)).toBe(Object.prototype);
    expect(Object.keys(r.value.variant?.params ?? {})).toEqual(['__proto__']);
  });
});
