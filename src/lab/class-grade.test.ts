import { mkdirSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradeFiles, MAX_PROGRESS_BYTES } from '../node/grade-files.ts';
import { loadLab } from '../node/labs/load.ts';
import {
  byStudent,
  copiedText,
  otherThanCopies,
  canBeSolved,
  classByExercise,
  classCsv,
  exercisesCsv,
  GRADED_OTHERWISE,
  gradeProgressText,
  labsCsv,
  labsWorkedOn,
  listClass,
  listEveryFile,
  mergedText,
  NO_ATTEMPTS,
  NOT_STARTED,
  NO_ID,
  NO_LAB_TO_LIST,
  noAttemptRows,
  NOT_GRADED,
  notGradedFile,
  repeatedStudents,
  UngradableFile,
  type ClassGrade,
  type LabRow,
  type MergedStudent,
} from './class-grade.ts';
import { tooLargeText } from './progress/file-text.ts';
import { progressOf } from './progress/fixture.ts';
import { GUEST_ID, NO_NAME, type Attempt, type Progress } from './progress/types.ts';
import type { Lab } from './types.ts';
import { count } from '../sim/words.ts';

const LABS = join(import.meta.dirname, '..', '..', 'labs');
let lab: Lab;
let labs: Map<string, Lab>;
beforeAll(async () => {
  lab = await loadLab(LABS, '02-sme-two-wbinvds');
  labs = new Map([[lab.id, lab]]);
});

const text = (name: string, id: string, plans: Parameters<typeof progressOf>[2]) =>
  JSON.stringify(progressOf(lab, { name, id }, plans));

describe('a class graded again by the model', () => {
  it('scores each student from their answers and seeds, not from the scores stored in the file', () => {
    const file = JSON.parse(text('Ada', 'ada-1', { 'who-runs-relocate': 'right' })) as {
      attempts: { score: number }[];
    };
    for (const a of file.attempts) a.score = 0; // what the file says is not counted
    const g = gradeProgressText('ada.json', JSON.stringify(file), labs);
    expect(g.scores).toEqual([
      {
        file: 'ada.json',
        student: 'Ada',
        studentId: 'ada-1',
        lab: lab.id,
        score: 2,
        max: 25,
        solved: 1,
        exercises: lab.exercises.filter(canBeSolved).length,
        // Only compared with the grade now, and the difference pointed out.
        notes: [`1 attempt ${GRADED_OTHERWISE}`],
      },
    ]);
    expect(g.warnings).toEqual([
      'lab 02-sme-two-wbinvds, exercise who-runs-relocate: the app recorded attempts[0] as right (0.00 points), graded again right (2.00): the lab, or how this version of the app grades it, has likely changed since the student answered (or the file was edited); graded as they are now',
    ]);
    expect(g.exercises).toHaveLength(lab.exercises.length);
    expect(g.exercises[0]).toMatchObject({
      exercise: 'who-runs-relocate',
      attempts: 1,
      score: 2,
      solved: true,
    });
    expect(g.exercises[1]).toMatchObject({ attempts: 0, score: 0, solved: false, misconceptions: [] });
  });

  it('sums the class per exercise: tried, solved, the mean, and what the wrong answers believed', () => {
    const rows = [
      gradeProgressText(
        'a.json',
        text('Ada', 'ada-1', { 'who-runs-relocate': 'right', 'grid-sme-active': 'right' }),
        labs,
      ),
      gradeProgressText('b.json', text('Bo', 'bo-2', { 'who-runs-relocate': 'wrong-then-right' }), labs),
      gradeProgressText('c.json', text('Cy', 'cy-3', { 'who-runs-relocate': 'wrong' }), labs),
    ];
    const [summary, ...more] = classByExercise(
      rows.flatMap((r) => r.exercises),
      labs,
    );
    expect(more).toEqual([]);
    expect(summary).toMatchObject({ lab: lab.id, title: lab.title, students: 3, max: 25 });
    const [who, grid] = summary?.exercises ?? [];
    expect(who).toMatchObject({ exercise: 'who-runs-relocate', tried: 3, solved: 2, points: 2 });
    // Ada 2, Bo 2 (a wrong try before the right one costs nothing on this exercise), Cy 0.
    expect(who?.mean).toBeCloseTo(4 / 3);
    expect(who?.beliefs.reduce((n, b) => n + b.students, 0)).toBe(2);
    for (const b of who?.beliefs ?? []) {
      expect(['start-cpu-is-k', 'one-wbinvd-for-all']).toContain(b.id);
      expect(b.text).not.toBe(b.id);
    }
    expect(grid).toMatchObject({ exercise: 'grid-sme-active', tried: 1, solved: 1, beliefs: [] });
    expect(grid?.mean).toBeCloseTo(4 / 3);
  });

  it('names the labs a file answered that are not among the labs given, and grades the others', () => {
    const data = JSON.parse(text('Ada', 'ada-1', { 'who-runs-relocate': 'right' })) as {
      attempts: { labId: string }[];
    };
    const copy = { ...data.attempts[0], id: 'x', labId: 'our-quiz' };
    const g = gradeProgressText(
      'ada.json',
      JSON.stringify({ ...data, attempts: [...data.attempts, copy] }),
      labs,
    );
    expect(g.unknownLabs).toEqual(['our-quiz']);
    expect(g.scores.map((l) => [l.lab, l.score])).toEqual([[lab.id, 2]]);
  });

  it('names what is wrong with a file that is not a progress file', () => {
    expect(() => gradeProgressText('x.json', '{"version": 1, "attempts": [', labs)).toThrow(
      /^not valid JSON: it ends too soon/,
    );
    expect(() => gradeProgressText('x.json', '{"hello": 1}', labs)).toThrow(/^not a progress file: /);
  });

  it('gathers the scores by student, with their totals, sorted by name', () => {
    const rows = [
      ...gradeProgressText('z.json', text('Zoe', 'zoe-1', { 'who-runs-relocate': 'right' }), labs).scores,
      ...gradeProgressText('a.json', text('Ada', 'ada-1', { 'grid-sme-active': 'right' }), labs).scores,
    ];
    expect(byStudent(rows).map((s) => [s.student, s.file, s.score, s.max, Object.keys(s.labs)])).toEqual([
      ['Ada', 'a.json', 4, 25, [lab.id]],
      ['Zoe', 'z.json', 2, 25, [lab.id]],
    ]);
  });

  it('sums points in tenths without float noise: 1.1 + 2.2 is 3.3, not 3.3000000000000003', () => {
    const tenths: Lab = {
      ...lab,
      exercises: lab.exercises.map((ex, i) => ({ ...ex, points: i === 0 ? 1.1 : i === 1 ? 2.2 : 0 })),
    };
    const g = gradeProgressText(
      'a.json',
      JSON.stringify(
        progressOf(
          tenths,
          { name: 'Ada', id: 'ada-1' },
          { [tenths.exercises[0]!.id]: 'right', [tenths.exercises[1]!.id]: 'right' },
        ),
      ),
      new Map([[tenths.id, tenths]]),
    );
    expect(g.scores[0]).toMatchObject({ score: 3.3, max: 3.3 });
    expect(byStudent([...g.scores, ...g.scores]).map((s) => [s.score, s.max])).toEqual([[6.6, 6.6]]);
    expect(classByExercise(g.exercises, new Map([[tenths.id, tenths]]))[0]?.max).toBe(3.3);
  });

  it('lists a student id found in more than one file', () => {
    const row = (file: string, studentId: string): LabRow => ({
      file,
      student: 'S',
      studentId,
      lab: 'l',
      score: 0,
      max: 1,
      solved: 0,
      exercises: 1,
      notes: [],
    });
    expect(repeatedStudents([row('a', 'x'), row('b', 'y'), row('c', 'x'), row('a', 'x')])).toEqual([
      { studentId: 'x', files: ['a', 'c'] },
    ]);
  });

  it('never takes files without a profile for one student: "(no id)" is no student id', () => {
    const anon = (file: string) =>
      gradeProgressText(
        file,
        JSON.stringify({
          ...JSON.parse(text('-', GUEST_ID, { 'who-runs-relocate': 'right' })),
          profile: null,
        }),
        labs,
      );
    const rows = [...anon('a.json').scores, ...anon('b.json').scores];
    expect(rows.map((r) => r.studentId)).toEqual([NO_ID, NO_ID]);
    expect(repeatedStudents(rows)).toEqual([]);
  });

  it('counts as solved n of m only the exercises that can be solved: an explain one never is', () => {
    const all = Object.fromEntries(lab.exercises.map((ex) => [ex.id, 'right' as const]));
    const [row] = gradeProgressText('ada.json', text('Ada', 'ada-1', all), labs).scores;
    expect(lab.exercises.some((ex) => ex.kind === 'explain')).toBe(true);
    // Every exercise answered right: all solved, out of those that can be.
    expect(row).toMatchObject({ score: 25, max: 25, solved: lab.exercises.length - 1 });
    expect(row?.exercises).toBe(row?.solved);
  });

  it('writes CSV a spreadsheet reads safely: quoted fields, and no formula from a student name', () => {
    const g = gradeProgressText(
      'class, week 1/"q".json',
      text('=HYPERLINK("http://x","y")', 'ada-9', { 'who-runs-relocate': 'right' }),
      labs,
    );
    const lines = labsCsv(g.scores).trim().split('\n');
    expect(lines[0]).toBe('file,student,student_id,lab,score,max,solved,exercises,notes');
    expect(lines[1]).toBe(
      `"class, week 1/""q"".json","'=HYPERLINK(""http://x"",""y"")",ada-9,${lab.id},2.00,25,1,${lab.exercises.filter(canBeSolved).length},`,
    );
    const per = exercisesCsv(g.exercises).trim().split('\n');
    expect(per).toHaveLength(1 + lab.exercises.length);
    expect(per[1]).toMatch(/,who-runs-relocate,Which CPU runs relocate_kernel,choose,1,2\.00,2,1,0,,$/);
  });
});

describe('what is wrong in a file that is still graded', () => {
  const points = (id: string) => lab.exercises.find((ex) => ex.id === id)?.points ?? NaN;
  const data = (name: string, id: string, plans: Parameters<typeof progressOf>[2]) =>
    progressOf(lab, { name, id }, plans) as Omit<Progress, 'attempts'> & { attempts: unknown[] };

  it('a bad field grading does not read is named and ignored; an unreadable attempt costs only itself', () => {
    const file = data('Ada', 'ada-1', {
      'who-runs-relocate': 'right',
      'grid-sme-active': 'right',
      'stop-order': 'right',
    });
    const [who, grid, order] = file.attempts as Record<string, unknown>[];
    file.attempts = [
      { ...who, at: '2026-11-25 10:00', score: 2000 }, // neither is read to grade it
      { ...grid, labId: 'no spaces allowed' }, // whose lab it is cannot be read: not graded
      order,
      'an attempt', // not an attempt at all
    ];
    const g = gradeProgressText('ada.json', JSON.stringify(file), labs);
    expect(g.warnings).toEqual([
      'attempts[0].score must be a number from 0 to 1000: not read to grade it; graded anyway',
      'attempts[0].at must be a time in ISO form, UTC (like 2026-11-25T10:00:00.000Z): not read to grade it; graded anyway',
      'attempts[1].labId must be an id (letters, digits, . _ -): this attempt cannot be graded, skipped',
      'attempts[3] is not an attempt (an object): skipped',
    ]);
    // In the CSV too: the fields not read, by name, where the attempt bears.
    const fields = '1 attempt with fields not readable (score, at), graded anyway';
    expect(g.scores).toEqual([
      expect.objectContaining({
        score: points('who-runs-relocate') + points('stop-order'),
        solved: 2,
        notes: ['2 attempts unreadable, not graded', fields],
      }),
    ]);
    // The skipped attempt's exercise (its exerciseId could be read) is noted where it belongs.
    const notes = (id: string) => g.exercises.find((e) => e.exercise === id)?.notes;
    expect(notes('grid-sme-active')).toEqual(['2 attempts unreadable, not graded']);
    expect(notes('who-runs-relocate')).toEqual(['1 attempt unreadable, not graded', fields]);
  });

  it('an attempt saved twice (the same id) is graded once, as the app keeps it, and warned about', () => {
    const file = data('Ada', 'ada-1', { 'who-runs-relocate': 'wrong-then-right' });
    const [wrong, right] = file.attempts as Record<string, unknown>[];
    const once = gradeProgressText('ada.json', JSON.stringify(file), labs);
    // The copy of the wrong try, in the middle: counted, it was one more wrong try before the right one.
    file.attempts = [wrong, wrong, right, { ...right, answer: { kind: 'choose', selected: [0] } }];
    const g = gradeProgressText('ada.json', JSON.stringify(file), labs);
    expect(g.scores[0]?.score).toBe(points('who-runs-relocate'));
    expect(g.scores[0]?.score).toBe(once.scores[0]?.score);
    expect(g.exercises[0]?.attempts).toBe(2);
    expect(g.attempts.map((a) => a.index)).toEqual([0, 2]);
    expect(g.warnings).toEqual([
      `2 attempts repeat an earlier attempt's id (attempts[1] repeats attempts[0], id "${String(wrong?.id)}"; attempts[3] repeats attempts[2], id "${String(right?.id)}"): only the first of each id is graded, as the app stores only that one`,
    ]);
  });

  it('attempts whose id cannot be read are not taken for copies of one another', () => {
    const file = data('Ada', 'ada-1', { 'who-runs-relocate': 'wrong-then-right' });
    file.attempts = (file.attempts as Record<string, unknown>[]).map((a) => ({ ...a, id: 7 }));
    const g = gradeProgressText('ada.json', JSON.stringify(file), labs);
    expect(g.exercises[0]?.attempts).toBe(2);
    expect(g.warnings.filter((w) => /repeat/.test(w))).toEqual([]);
  });

  it('a file with a profile and no attempts has no row of its own; the class lists it (noAttemptRows)', () => {
    const g = gradeProgressText('ada.json', JSON.stringify(data('Ada', 'ada-1', {})), labs);
    expect(g.scores).toEqual([]);
    expect(g.exercises).toEqual([]);
    expect(g.warnings).toEqual([]);
    const listed = noAttemptRows(g, [lab]);
    expect(listed.scores).toEqual([
      {
        file: 'ada.json',
        student: 'Ada',
        studentId: 'ada-1',
        lab: lab.id,
        score: 0,
        max: 25,
        solved: 0,
        exercises: lab.exercises.filter(canBeSolved).length,
        notes: [NO_ATTEMPTS],
      },
    ]);
    expect(listed.exercises.map((e) => [e.exercise, e.attempts, e.score, e.solved, e.notes])).toEqual(
      lab.exercises.map((ex) => [ex.id, 0, 0, false, [NO_ATTEMPTS]]),
    );
    expect(listed.warnings).toEqual([
      'no attempts: this student answered no exercise yet; listed with 0 in each lab the class worked on (1 lab)',
    ]);
    // No lab worked on by anyone: no lab to give them a 0 in; listEveryFile lists them once, with no
    // figures (below), and the warning says so.
    expect(noAttemptRows(g, [])).toEqual({ scores: [], exercises: [], warnings: [NO_LAB_TO_LIST] });
    // A file with rows of its own is listed in those only.
    const ada = gradeProgressText('a.json', text('Ada', 'ada-1', { 'who-runs-relocate': 'right' }), labs);
    expect(noAttemptRows(ada, [lab])).toEqual({ scores: [], exercises: [], warnings: [] });
  });

  it("another student's seeds are graded as they stand, warned about with how many, and noted in the CSV", () => {
    const plans = { 'who-runs-relocate': 'right', 'grid-sme-active': 'right' } as const;
    const alice = data('Alice', 'alice', plans);
    expect(gradeProgressText('alice.json', JSON.stringify(alice), labs).warnings).toEqual([]);
    // Alice's file, handed in with Frank's name and id.
    const frank = { ...alice, profile: { name: 'Frank', id: 'frank' } };
    const g = gradeProgressText('frank.json', JSON.stringify(frank), labs);
    expect(g.scores).toEqual([expect.objectContaining({ studentId: 'frank', score: 6, solved: 2 })]);
    expect(g.warnings).toEqual([
      'the variant seeds of 2 of 2 attempts were not made for student id "frank" (copied from another student?); graded as they stand',
    ]);
    expect(labsCsv(g.scores).split('\n')[1]).toMatch(
      /,frank,02-sme-two-wbinvds,6\.00,25,2,\d+,variant seeds of 2 of 2 attempts not this student's$/,
    );
    const per = exercisesCsv(g.exercises).split('\n');
    expect(per.find((l) => l.includes(',who-runs-relocate,'))).toMatch(
      /,variant seeds of 1 of 1 attempt not this student's$/,
    );
    expect(per.find((l) => l.includes(',stop-order,'))).toMatch(/,0,0,,$/);
  });

  it('seeds made as a guest before the id was set are told apart from copied ones', () => {
    const guest = data('Gus', GUEST_ID, { 'who-runs-relocate': 'right' });
    const later = data('Gus', 'gus-5', { 'grid-sme-active': 'right' });
    const file = { ...later, attempts: [...guest.attempts, ...later.attempts] };
    expect(gradeProgressText('gus.json', JSON.stringify(file), labs).warnings).toEqual([
      'the variant seeds of 1 of 2 attempts were not made for student id "gus-5" (all made as "guest", before the id was set?); graded as they stand',
    ]);
  });

  it('a profile whose id cannot be read: graded under its name, its seeds not checked against "(no id)"', () => {
    const own = data('Alice', 'alice', { 'who-runs-relocate': 'right' });
    const noId = { ...own, profile: { name: 'Alice' } };
    const g = gradeProgressText('alice.json', JSON.stringify(noId), labs);
    expect(g.scores).toEqual([expect.objectContaining({ student: 'Alice', studentId: NO_ID, score: 2 })]);
    expect(g.warnings.filter((w) => /were not made for/.test(w))).toEqual([]);
  });

  it("a file without a profile is named as such, and its seeds are checked against the app's guest id", () => {
    const own = { ...data('-', GUEST_ID, { 'who-runs-relocate': 'right' }), profile: null };
    const g = gradeProgressText('anon.json', JSON.stringify(own), labs);
    expect(g.warnings).toEqual(['no profile (no name, no student id): graded as (no name) ((no id))']);
    expect(g.scores).toEqual([expect.objectContaining({ score: 2, notes: ['no profile'] })]);
    const copied = { ...data('Alice', 'alice', { 'who-runs-relocate': 'right' }), profile: null };
    expect(gradeProgressText('anon.json', JSON.stringify(copied), labs).warnings).toEqual([
      'no profile (no name, no student id): graded as (no name) ((no id))',
      'the variant seeds of 1 of 1 attempt were not made for "guest", the id the app uses without a profile (copied from another student?); graded as they stand',
    ]);
  });
});

describe('progress files read from disk', () => {
  it('grades the good files and names each bad one with what is wrong', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fp-grade-files-'));
    const good = join(dir, 'ada.json');
    writeFileSync(good, text('Ada', 'ada-1', { 'who-runs-relocate': 'right' }));
    const cut = join(dir, 'cut.json');
    writeFileSync(cut, text('Bo', 'bo-2', { 'who-runs-relocate': 'right' }).slice(0, 40));
    const huge = join(dir, 'huge.json');
    writeFileSync(huge, '');
    truncateSync(huge, MAX_PROGRESS_BYTES + 1);
    const folder = join(dir, 'folder.json');
    mkdirSync(folder);
    const missing = join(dir, 'missing.json');
    const other = join(dir, 'other.json');
    const otherData = progressOf(lab, { name: 'Bo', id: 'bo-2' }, { 'who-runs-relocate': 'right' });
    writeFileSync(
      other,
      JSON.stringify({
        ...otherData,
        attempts: otherData.attempts.map((a) => ({ ...a, labId: 'our-quiz' })),
      }),
    );
    const r = await gradeFiles([cut, good, huge, folder, missing, other], labs);
    expect(r.files).toEqual([
      { file: good, student: 'Ada', studentId: 'ada-1' },
      { file: other, student: 'Bo', studentId: 'bo-2' },
    ]);
    expect(r.unknownLabs).toEqual([{ lab: 'our-quiz', files: [other] }]);
    // Bo answered only a lab not given: that work is not graded (and said so); in the lab given he did
    // not start, he is listed so (every lab graded has a row for every student).
    expect(r.scores.map((l) => [l.studentId, l.notes])).toEqual([
      ['ada-1', []],
      ['bo-2', [NOT_STARTED]],
    ]);
    expect(r.problems).toEqual([
      { file: cut, message: expect.stringMatching(/^not valid JSON: it ends too soon/) as string },
      { file: huge, message: expect.stringMatching(/^too large for a progress file/) as string },
      { file: folder, message: 'is a folder, not a progress file' },
      { file: missing, message: 'cannot read (ENOENT)' },
    ]);
  });

  it('names an answer its exercise cannot read by its index in the file, after an attempt that was skipped', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fp-grade-files-')), 'ada.json');
    const data = progressOf(lab, { name: 'Ada', id: 'ada-1' }, { 'who-runs-relocate': 'right' });
    const [who] = data.attempts;
    writeFileSync(file, JSON.stringify({ ...data, attempts: [42, { ...who, answer: null }] }));
    const r = await gradeFiles([file], labs);
    expect(r.problems).toEqual([]);
    expect(r.warnings).toEqual([
      { file, message: 'attempts[0] is not an attempt (an object): skipped' },
      // Recorded right by the app: that it reads as wrong now is said too, by the same index.
      {
        file,
        message: expect.stringMatching(
          /^lab 02-sme-two-wbinvds, exercise who-runs-relocate: the app recorded attempts\[1\] as right \(2\.00 points\), graded again wrong \(0\.00\): /,
        ) as string,
      },
      { file, message: 'attempts[1].answer: not an answer (null); counted as a wrong try' },
    ]);
  });
});

describe('every problem warned about in an attempt is noted on the rows it bears on', () => {
  it('an exercise the lab does not have, an answer of the wrong kind or out of range, a repeated id, a time', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fp-grade-notes-')), 'eve.json');
    const data = progressOf(
      lab,
      { name: 'Eve', id: 'eve-5' },
      { 'who-runs-relocate': 'wrong-then-right', 'grid-sme-active': 'right' },
    );
    const [wrong, right, grid] = data.attempts as [Attempt, Attempt, Attempt];
    const attempts: unknown[] = [
      { ...wrong, at: 'yesterday' }, // a field grading does not read
      wrong, // the same id again: graded once
      { ...right, hintsUsed: 50 }, // more hints than the exercise has
      { ...grid, id: 'g1', answer: { kind: 'predict', selected: 0 }, correct: false, score: 0 },
      { ...grid, id: 'g2', answer: { kind: 'grid', cells: ['99:nowhere'] }, correct: false, score: 0 },
      grid,
      { ...right, id: 'x', exerciseId: 'no-such-exercise' },
    ];
    writeFileSync(file, JSON.stringify({ ...data, attempts }));
    const r = await gradeFiles([file], labs);
    // Each is said on stderr (the warnings), as before (and the verdicts that the hints and the wrong
    // tries made other than the app recorded: noted as such, last).
    const changed = (n: number) => `${count(n, 'attempt')} ${GRADED_OTHERWISE}`;
    expect(r.warnings.map((w) => w.message.replace(/[:(].*/, ''))).toEqual([
      'attempts[0].at must be a time in ISO form, UTC ',
      "1 attempt repeats an earlier attempt's id ",
      'lab 02-sme-two-wbinvds, exercise who-runs-relocate',
      'lab 02-sme-two-wbinvds, exercise grid-sme-active',
      'attempts[2].hintsUsed',
      'attempts[3].answer.kind',
      'attempts[4].answer.cells',
      'attempts[6].exerciseId',
    ]);
    const lost = '1 attempt at an exercise the lab does not have, not graded';
    // The lab's row: every one of them, counted.
    expect(r.scores.map((row) => row.notes)).toEqual([
      [
        '1 attempt with a field not readable (at), graded anyway',
        '1 attempt id repeated, graded once',
        lost,
        '1 answer not readable, counted as a wrong try',
        '1 answer out of range or malformed, graded as it stands',
        '1 attempt with more hints than the exercise has, their cost counted as the file says',
        changed(2),
      ],
    ]);
    // Each exercise's row: its own; the attempt at no exercise of the lab, on every row of the lab.
    const notes = (id: string) => r.exercises.find((e) => e.exercise === id)?.notes;
    expect(notes('who-runs-relocate')).toEqual([
      '1 attempt with a field not readable (at), graded anyway',
      '1 attempt id repeated, graded once',
      lost,
      '1 attempt with more hints than the exercise has, their cost counted as the file says',
      changed(1),
    ]);
    expect(notes('grid-sme-active')).toEqual([
      lost,
      '1 answer not readable, counted as a wrong try',
      '1 answer out of range or malformed, graded as it stands',
      changed(1),
    ]);
    expect(notes('stop-order')).toEqual([lost]);
    // In the CSVs, last, columns unchanged: an instructor who reads only them misses none.
    const csv = labsCsv(r.scores).split('\n');
    expect(csv[0]).toBe('file,student,student_id,lab,score,max,solved,exercises,notes');
    expect(csv[1]).toMatch(
      /,"1 attempt with a field not readable \(at\), graded anyway; 1 attempt id repeated, /,
    );
    expect(exercisesCsv(r.exercises).split('\n')).toContain(
      `${file},Eve,eve-5,${lab.id},stop-order,The order of an SME kexec,order,0,0.00,3,0,0,,"${lost}"`,
    );
    // Grading unchanged: the repeat graded once, the right answer after one wrong try; the grid's two
    // unreadable answers two wrong tries before the right one.
    expect(r.exercises.find((e) => e.exercise === 'who-runs-relocate')).toMatchObject({
      attempts: 2,
      solved: true,
    });
    expect(r.exercises.find((e) => e.exercise === 'grid-sme-active')).toMatchObject({
      attempts: 3,
      solved: true,
    });
  });

  it('an attempt repeated, or with a field not read, at a lab not given is on no row', () => {
    const data = progressOf(lab, { name: 'Eve', id: 'eve-5' }, { 'who-runs-relocate': 'right' });
    const [a] = data.attempts as [Attempt];
    const elsewhere = { ...a, labId: 'our-quiz', at: 'yesterday' };
    const g = gradeProgressText(
      'eve.json',
      JSON.stringify({ ...data, attempts: [a, elsewhere, elsewhere] }),
      labs,
    );
    expect(g.scores.map((row) => [row.lab, row.notes])).toEqual([[lab.id, []]]);
    expect(g.warnings).toHaveLength(3);
  });
});

describe('a student who answered nothing is listed, with 0 in each lab the class worked on', () => {
  let why: Lab;
  let both: Map<string, Lab>;
  beforeAll(async () => {
    why = await loadLab(LABS, '01-why-flush');
    // The labs' order: 01 before 02, whatever order the files answered them in.
    both = new Map([
      [why.id, why],
      [lab.id, lab],
    ]);
  });
  const write = (dir: string, name: string, content: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(content));
    return file;
  };
  const solvable = (l: Lab) => l.exercises.filter(canBeSolved).length;
  const points = (l: Lab) => l.exercises.reduce((n, ex) => n + ex.points, 0);

  it('in the scores, the rows per exercise, the CSVs and the per-exercise figures (with 0)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fp-grade-none-'));
    const ada2 = progressOf(lab, { name: 'Ada', id: 'ada-1' }, { 'who-runs-relocate': 'right' });
    const ada1 = progressOf(why, { name: 'Ada', id: 'ada-1' }, { 'any-order': 'right' });
    const ada = write(dir, 'ada.json', { ...ada2, attempts: [...ada2.attempts, ...ada1.attempts] });
    const cy = write(dir, 'cy.json', { version: 2, profile: { name: 'Cy', id: 'cy-3' }, attempts: [] });
    // Bo worked on lab 02 only: listed there, not in lab 01 (a lab not started is not a row).
    const bo = write(
      dir,
      'bo.json',
      progressOf(lab, { name: 'Bo', id: 'bo-2' }, { 'who-runs-relocate': 'right' }),
    );
    const r = await gradeFiles([ada, cy, bo], both);
    expect(r.problems).toEqual([]);
    expect(r.files.map((f) => f.studentId)).toEqual(['ada-1', 'cy-3', 'bo-2']);
    expect(r.scores.map((s) => [s.studentId, s.lab, s.score, s.max, s.solved, s.exercises, s.notes])).toEqual(
      [
        ['ada-1', why.id, 2, points(why), 1, solvable(why), []],
        ['ada-1', lab.id, 2, 25, 1, solvable(lab), []],
        ['cy-3', why.id, 0, points(why), 0, solvable(why), [NO_ATTEMPTS]],
        ['cy-3', lab.id, 0, 25, 0, solvable(lab), [NO_ATTEMPTS]],
        // Bo worked on one lab of the two: the other is listed, not started, 0.
        ['bo-2', why.id, 0, points(why), 0, solvable(why), [NOT_STARTED]],
        ['bo-2', lab.id, 2, 25, 1, solvable(lab), []],
      ],
    );
    const cys = r.exercises.filter((e) => e.file === cy);
    expect(cys).toHaveLength(why.exercises.length + lab.exercises.length);
    for (const e of cys)
      expect(e).toMatchObject({
        attempts: 0,
        score: 0,
        solved: false,
        misconceptions: [],
        notes: [NO_ATTEMPTS],
      });
    expect(r.warnings).toEqual([
      {
        file: cy,
        message:
          'no attempts: this student answered no exercise yet; listed with 0 in each lab the class worked on (2 labs)',
      },
    ]);
    // The CSVs: rows added, columns as they were.
    const lines = labsCsv(r.scores).trim().split('\n');
    expect(lines[0]).toBe('file,student,student_id,lab,score,max,solved,exercises,notes');
    expect(lines).toContain(`${cy},Cy,cy-3,${lab.id},0.00,25,0,${solvable(lab)},${NO_ATTEMPTS}`);
    expect(exercisesCsv(r.exercises)).toContain(
      `${cy},Cy,cy-3,${lab.id},who-runs-relocate,Which CPU runs relocate_kernel,choose,0,0.00,2,0,0,,${NO_ATTEMPTS}\n`,
    );
    // The class per exercise is among the students the scores list in the lab: Cy too, at 0 (she has not
    // started: "solved 2 of 3", not "2 of 2"), and Bo in lab 02 only, where he has a row; in lab 01 he
    // is said to be left out.
    const [w, s] = classByExercise(r.exercises, both);
    expect([w?.lab, w?.students, w?.noAttempts, w?.notStarted]).toEqual([why.id, 2, 1, 1]);
    expect([s?.lab, s?.students, s?.noAttempts, s?.notStarted]).toEqual([lab.id, 3, 1, 0]);
    // "tried" stays who tried.
    expect(s?.exercises[0]).toMatchObject({ exercise: 'who-runs-relocate', solved: 2, tried: 2 });
    expect(s?.exercises[0]?.mean).toBeCloseTo(4 / 3);
    expect(w?.exercises.find((e) => e.exercise === 'any-order')).toMatchObject({ solved: 1, tried: 1 });
    // "Grade a class": Cy's row, at 0 in each lab; the same id in two empty files is caught.
    expect(byStudent(r.scores).map((st) => [st.studentId, st.score, st.max, Object.keys(st.labs)])).toEqual([
      ['ada-1', 4, points(why) + 25, [why.id, lab.id]],
      // Bo's lab 1, not started, is a cell too (0), so his max is every lab's.
      ['bo-2', 2, points(why) + 25, [why.id, lab.id]],
      ['cy-3', 0, points(why) + 25, [why.id, lab.id]],
    ]);
    const again = write(dir, 'cy-again.json', {
      version: 2,
      profile: { name: 'Cy', id: 'cy-3' },
      attempts: [],
    });
    const twice = await gradeFiles([ada, cy, again], both);
    expect(twice.merged.map((m) => [m.studentId, m.files])).toEqual([['cy-3', [cy, again]]]);
  });

  it('no profile is noted too; attempts that are unreadable or at labs not given are work, not a 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fp-grade-none-'));
    const ada = write(
      dir,
      'ada.json',
      progressOf(lab, { name: 'Ada', id: 'ada-1' }, { 'grid-sme-active': 'right' }),
    );
    const anon = write(dir, 'anon.json', { version: 2, profile: null, attempts: [] });
    const odd = write(dir, 'odd.json', { version: 2, profile: { name: 'Od', id: 'od' }, attempts: ['oops'] });
    const dee = progressOf(lab, { name: 'Dee', id: 'dee-4' }, { 'who-runs-relocate': 'right' });
    const elsewhere = write(dir, 'dee.json', {
      ...dee,
      attempts: dee.attempts.map((a) => ({ ...a, labId: 'our-quiz' })),
    });
    const r = await gradeFiles([anon, odd, elsewhere, ada], both);
    expect(r.files.map((f) => f.file)).toEqual([anon, odd, elsewhere, ada]);
    expect(r.scores.map((s) => [s.file, s.lab, s.score, s.notes])).toEqual([
      [anon, lab.id, 0, ['no profile', NO_ATTEMPTS]],
      // Od's attempt cannot be read, lab and all: whether Od started the lab is not known, so no row.
      // Dee answered only a lab not given: not started in this one.
      [elsewhere, lab.id, 0, [NOT_STARTED]],
      [ada, lab.id, 4, []],
    ]);
    expect(r.exercises.filter((e) => e.file === anon)).toHaveLength(lab.exercises.length);
    // Od's and Dee's files are named by their own warnings, not as "no attempts".
    expect(r.warnings.map((w) => [w.file, w.message])).toEqual([
      [anon, 'no profile (no name, no student id): graded as (no name) ((no id))'],
      [
        anon,
        'no attempts: this student answered no exercise yet; listed with 0 in each lab the class worked on (1 lab)',
      ],
      [odd, 'attempts[0] is not an attempt (an object): skipped'],
    ]);
    expect(r.unknownLabs).toEqual([{ lab: 'our-quiz', files: [elsewhere] }]);
    // Nobody answered a lab graded: there is no lab to list anyone in.
    const none = await gradeFiles([anon], both);
    expect(none.files).toHaveLength(1);
    expect(none.scores).toEqual([]);
    expect(none.exercises).toEqual([]);
    expect(none.warnings.at(-1)?.message).toBe(
      'no attempts: this student answered no exercise yet; nobody in the class answered a lab graded, so listed once, with no figures',
    );
    // gradeFiles says which files have no attempts at all, for listEveryFile to list them.
    expect(r.ungraded.map((f) => [f.file, f.noAttempts])).toEqual([
      [anon, true],
      [odd, false],
      [elsewhere, false],
      [ada, false],
    ]);
  });

  it('labsWorkedOn: the labs some row is of, in the labs order', () => {
    const row = (l: string) => ({ lab: l }) as LabRow;
    expect(labsWorkedOn([row(lab.id), row(why.id), row(lab.id), row('gone')], both)).toEqual([why, lab]);
    expect(labsWorkedOn([], both)).toEqual([]);
  });
});

describe('a lab changed since the students answered', () => {
  // Lab 02 as edited after the class answered: the first two options of who-runs-relocate swapped.
  let edited: Map<string, Lab>;
  beforeAll(() => {
    const swap = lab.exercises.map((ex) =>
      ex.id === 'who-runs-relocate' && ex.kind === 'choose'
        ? { ...ex, options: [ex.options[1], ex.options[0], ...ex.options.slice(2)] }
        : ex,
    );
    edited = new Map([[lab.id, { ...lab, exercises: swap } as Lab]]);
  });
  const files = () => ({
    alice: text('Alice', 'alice', { 'who-runs-relocate': 'right', 'grid-sme-active': 'right' }),
    bob: text('Bob', 'bob', { 'who-runs-relocate': 'wrong-then-right' }),
  });

  it('grades against the lab as it is now, and says which attempts the app recorded otherwise, and where', () => {
    const { alice, bob } = files();
    // Against the lab they answered: nothing to say.
    expect(gradeProgressText('alice.json', alice, labs).warnings).toEqual([]);
    expect(gradeProgressText('bob.json', bob, labs).warnings).toEqual([]);
    const a = gradeProgressText('alice.json', alice, edited);
    // The regrade counts: Alice's right answer is wrong now, and shows the misconception of that option.
    expect(a.scores).toEqual([
      expect.objectContaining({ score: 4, solved: 1, notes: [`1 attempt ${GRADED_OTHERWISE}`] }),
    ]);
    const who = a.exercises.find((e) => e.exercise === 'who-runs-relocate');
    expect(who).toMatchObject({ score: 0, solved: false, notes: [`1 attempt ${GRADED_OTHERWISE}`] });
    expect(a.exercises.find((e) => e.exercise === 'grid-sme-active')?.notes).toEqual([]);
    expect(a.warnings).toEqual([
      'lab 02-sme-two-wbinvds, exercise who-runs-relocate: the app recorded attempts[0] as right (2.00 points), graded again wrong (0.00): the lab, or how this version of the app grades it, has likely changed since the student answered (or the file was edited); graded as they are now',
    ]);
    const per = exercisesCsv(a.exercises).split('\n');
    expect(per.find((l) => l.includes(',who-runs-relocate,'))).toMatch(
      /,choose,1,0\.00,2,0,0,[a-z-]+,1 attempt graded otherwise than the app recorded \(lab or grading changed since\?\)$/,
    );
    expect(labsCsv(a.scores).split('\n')[1]).toMatch(
      /,4\.00,25,1,\d+,1 attempt graded otherwise than the app recorded/,
    );
    // Bob: a wrong try that is right now, then a right answer that is wrong now; both named.
    expect(gradeProgressText('bob.json', bob, edited).warnings).toEqual([
      'lab 02-sme-two-wbinvds, exercise who-runs-relocate: the app recorded attempts[0] as wrong (0.00 points), graded again right (2.00); attempts[1] as right (2.00 points), graded again wrong (0.00): the lab, or how this version of the app grades it, has likely changed since the student answered (or the file was edited); graded as they are now',
    ]);
  });

  it('does not compare a verdict the file does not hold as the app wrote it', () => {
    const data = JSON.parse(files().alice) as { attempts: Record<string, unknown>[] };
    // As the app wrote it, Alice's right answer is compared (and found wrong now).
    expect(gradeProgressText('alice.json', JSON.stringify(data), edited).warnings).toHaveLength(1);
    // A stored verdict that cannot be read (read as wrong, 0): nothing recorded to compare with.
    const odd = { ...data, attempts: data.attempts.map((a) => ({ ...a, correct: 'yes', score: -1 })) };
    const g = gradeProgressText('alice.json', JSON.stringify(odd), edited);
    expect(g.warnings.filter((w) => w.includes('the app recorded'))).toEqual([]);
    expect(g.scores[0]?.notes).toEqual([
      `${count(data.attempts.length, 'attempt')} with fields not readable (score, correct), graded anyway`,
    ]);
    // A version-1 file saved no seed: its answers were not made with the seed they are graded with.
    const v1 = {
      version: 1,
      student: { name: 'Alice', id: 'alice' },
      attempts: data.attempts.map(({ labId, exerciseId, answer, score, maxScore, correct, at }) => ({
        labId,
        exerciseId,
        answer,
        score,
        maxScore,
        correct,
        at,
      })),
    };
    const old = gradeProgressText('alice.json', JSON.stringify(v1), edited);
    expect(old.warnings.filter((w) => w.includes('the app recorded'))).toEqual([]);
    // What it is graded against is a guess, and said so: in the warnings and on its rows.
    const n = data.attempts.length;
    expect(old.warnings).toContain(
      `${n} of ${count(n, 'attempt')} have no variant seed (the file was written by version 1 of the app, which saved none): graded against the variant seed 0 gives, which may not be the one the student was shown, and their recorded scores not compared`,
    );
    expect(old.scores[0]?.notes).toContain(
      `variant of ${count(n, 'attempt')} not saved (version-1 file): graded as seed 0's`,
    );
    expect(g.warnings.some((w) => w.includes('no variant seed'))).toBe(false);
  });
});

describe('every file listed: answers that could not be graded are rows too, with no figures', () => {
  const write = (dir: string, name: string, content: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(content));
    return file;
  };

  it('a lab that cannot be loaded or was not given, or no attempt readable: a row noted "not graded"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fp-grade-listed-'));
    const ada = write(
      dir,
      'ada.json',
      progressOf(lab, { name: 'Ada', id: 'ada-1' }, { 'who-runs-relocate': 'right' }),
    );
    const bo = progressOf(lab, { name: 'Bo', id: 'bo-2' }, { 'who-runs-relocate': 'right' });
    // Bo answered lab 02 and the instructor's lab 07 (its folder not given), Cy only a lab that is broken.
    const boFile = write(dir, 'bo.json', {
      ...bo,
      attempts: [...bo.attempts, ...bo.attempts.map((a) => ({ ...a, id: `${a.id}-7`, labId: '07-my-lab' }))],
    });
    const cy = write(dir, 'cy.json', {
      ...bo,
      profile: { name: 'Cy', id: 'cy-3' },
      attempts: bo.attempts.map((a) => ({ ...a, labId: '03-broken' })),
    });
    // Dee's attempts have no lab id; Eve's file has no profile and no attempts.
    const dee = write(dir, 'dee.json', {
      ...bo,
      profile: { name: 'Dee', id: 'dee-4' },
      attempts: bo.attempts.map(({ labId: _, ...a }) => a),
    });
    const eve = write(dir, 'eve.json', { version: 2, profile: null, attempts: [] });
    const graded = await gradeFiles([ada, boFile, cy, dee, eve], labs);
    const listed = listEveryFile(graded, new Set(['03-broken']));
    expect(listed.scores.map((r) => [r.file, r.lab, r.score, r.max, r.solved, r.exercises, r.notes])).toEqual(
      [
        [ada, lab.id, 2, 25, 1, 9, []],
        [boFile, lab.id, 2, 25, 1, 9, []],
        [boFile, '07-my-lab', null, null, null, null, [NOT_GRADED.unknown]],
        // Cy answered only the broken lab: in the lab graded, not started.
        [cy, lab.id, 0, 25, 0, 9, [NOT_STARTED]],
        [cy, '03-broken', null, null, null, null, [NOT_GRADED.broken]],
        [dee, '', null, null, null, null, [NOT_GRADED.unreadable]],
        [eve, lab.id, 0, 25, 0, 9, ['no profile', NO_ATTEMPTS]],
      ],
    );
    // Not graded: Bo's lab 07, Cy's and Dee's answers; Eve answered nothing (a 0, not "not graded").
    expect(listed.notGraded).toBe(3);
    const ungraded = listed.exercises.filter((e) => e.score === null);
    expect(ungraded.map((e) => [e.file, e.lab, e.exercise, e.attempts, e.solved, e.notes])).toEqual([
      [boFile, '07-my-lab', '', null, null, [NOT_GRADED.unknown]],
      [cy, '03-broken', '', null, null, [NOT_GRADED.broken]],
      [dee, '', '', null, null, [NOT_GRADED.unreadable]],
    ]);
    expect(listed.exercises.filter((e) => e.file === ada)).toHaveLength(lab.exercises.length);
    // The CSVs: empty figures, never 0, and why.
    const csv = labsCsv(listed.scores).split('\n');
    expect(csv).toContain(`${cy},Cy,cy-3,03-broken,,,,,lab cannot be loaded: not graded`);
    expect(csv).toContain(`${dee},Dee,dee-4,,,,,,no attempt could be read: not graded`);
    expect(exercisesCsv(listed.exercises).split('\n')).toContain(
      `${boFile},Bo,bo-2,07-my-lab,,,,,,,,,,lab not among the labs graded with: not graded`,
    );
    // A file with no attempts when no file answered a lab graded: no lab to give it a 0 in. It was left
    // out (this pinned Dee's row only), and an instructor collecting 30 files must see each of them: it is
    // listed once, no lab, no figures, noted NO_ATTEMPTS; nothing to grade, so not counted as not graded
    // (`flushpoint grade` exits 0 for it, as for a file with no attempts when others have some); and not
    // taken for one whose attempts could not be read.
    const fay = write(dir, 'fay.json', { version: 2, profile: { name: 'Fay', id: 'fay' }, attempts: [] });
    const alone = listEveryFile(await gradeFiles([fay, dee], labs), new Set());
    expect(alone.scores.map((r) => [r.file, r.lab, r.score, r.max, r.notes])).toEqual([
      [fay, '', null, null, [NO_ATTEMPTS]],
      [dee, '', null, null, [NOT_GRADED.unreadable]],
    ]);
    expect(alone.exercises.map((r) => [r.file, r.lab, r.exercise, r.attempts, r.score, r.notes])).toEqual([
      [fay, '', '', null, null, [NO_ATTEMPTS]],
      [dee, '', '', null, null, [NOT_GRADED.unreadable]],
    ]);
    expect(alone.notGraded).toBe(1);
    expect(labsCsv(alone.scores).split('\n')).toContain(`${fay},Fay,fay,,,,,,${NO_ATTEMPTS}`);
    // When the class worked on a lab, such a file has its 0 rows there, and no row with no figures.
    const withAda = listEveryFile(await gradeFiles([ada, fay], labs), new Set());
    expect(withAda.scores.map((r) => [r.file, r.score, r.notes])).toEqual([
      [ada, 2, []],
      [fay, 0, [NO_ATTEMPTS]],
    ]);
    expect(withAda.notGraded).toBe(0);
  });

  it('"Grade a class" lists and saves those rows too (listClass, classCsv), from what its result holds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fp-grade-app-'));
    const ada = write(
      dir,
      'ada.json',
      progressOf(lab, { name: 'Ada', id: 'ada-1' }, { 'who-runs-relocate': 'right' }),
    );
    const cyData = progressOf(lab, { name: 'Cy', id: 'cy-3' }, { 'who-runs-relocate': 'right' });
    const cy = write(dir, 'cy.json', {
      ...cyData,
      attempts: cyData.attempts.map((a) => ({ ...a, labId: '03-broken' })),
    });
    const graded = await gradeFiles([ada, cy], labs);
    const result: ClassGrade = {
      ...graded,
      byLab: classByExercise(graded.exercises, labs),
      brokenLabs: [{ lab: '03-broken', message: 'lab.yaml: title: missing' }],
      repeated: graded.merged,
    };
    const listed = listEveryFile(graded, new Set(['03-broken']));
    expect(listClass(result)).toEqual(listed);
    expect(classCsv(result, 'scores')).toBe(labsCsv(listed.scores));
    expect(classCsv(result, 'exercises')).toBe(exercisesCsv(listed.exercises));
    // Cy's answers, to a lab that cannot be loaded: in the CSV, noted so, never a 0.
    expect(classCsv(result, 'scores').split('\n')).toContain(
      `${cy},Cy,cy-3,03-broken,,,,,${NOT_GRADED.broken}`,
    );
    expect(classCsv(result, 'exercises').split('\n')).toContain(
      `${cy},Cy,cy-3,03-broken,,,,,,,,,,${NOT_GRADED.broken}`,
    );
  });

  it("a file that could not be graded at all is a row too, after the files graded, in the app's CSVs as in grade's", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fp-grade-app-'));
    const adaData = progressOf(lab, { name: 'Ada', id: 'ada-1' }, { 'who-runs-relocate': 'right' });
    const cut = join(dir, 'cut.json');
    writeFileSync(cut, JSON.stringify(adaData).slice(0, 50));
    const ada = write(dir, 'ada.json', adaData);
    const huge = join(dir, 'huge.json');
    writeFileSync(huge, '');
    truncateSync(huge, MAX_PROGRESS_BYTES + 1);
    // Two computers' attempts merged by pasting: the profile can still be read, and names the row.
    const merged = join(dir, 'merged.json');
    writeFileSync(
      merged,
      JSON.stringify({ ...adaData, profile: { name: 'Mo', id: 'mo' } }).replace(/}$/, ',"attempts":[]}'),
    );
    const graded = await gradeFiles([cut, ada, huge, merged], labs);
    const result: ClassGrade = {
      ...graded,
      byLab: classByExercise(graded.exercises, labs),
      brokenLabs: [],
      repeated: graded.merged,
    };
    const listed = listClass(result);
    expect(listed).toEqual(listEveryFile(graded, new Set()));
    expect(listed.scores.map((r) => [r.file, r.student, r.studentId, r.lab, r.score, r.notes])).toEqual([
      [ada, 'Ada', 'ada-1', lab.id, 2, []],
      [cut, NO_NAME, NO_ID, '', null, [notGradedFile('not valid JSON: it ends too soon (cut short?)')]],
      [huge, NO_NAME, NO_ID, '', null, [notGradedFile(tooLargeText(MAX_PROGRESS_BYTES + 1))]],
      [
        merged,
        'Mo',
        'mo',
        '',
        null,
        [
          expect.stringMatching(
            /^not graded: the key "attempts" is written twice in the same object \(at the top level\), at line 1, column \d+ and at line 1, column \d+: only the second copy would be graded/,
          ),
        ],
      ],
    ]);
    expect(listed.notGraded).toBe(3);
    expect(
      listed.exercises.filter((r) => r.score === null).map((r) => [r.file, r.exercise, r.notes]),
    ).toEqual(listed.scores.filter((r) => r.score === null).map((r) => [r.file, '', r.notes]));
    // The CSV that the screen saves: what only stderr said before (the header and Ada's rows alone).
    const csv = classCsv(result, 'scores').split('\n');
    expect(csv).toContain(
      `${cut},${NO_NAME},${NO_ID},,,,,,not graded: not valid JSON: it ends too soon (cut short?)`,
    );
    expect(
      csv.filter((l) => l.startsWith(`${merged},Mo,mo,,,,,,"not graded: the key ""attempts""`)),
    ).toHaveLength(1);
    expect(classCsv(result, 'exercises').split('\n')).toContain(
      `${huge},${NO_NAME},${NO_ID},,,,,,,,,,,"not graded: ${tooLargeText(MAX_PROGRESS_BYTES + 1)}"`,
    );
  });
});

describe('a progress file with a key written twice', () => {
  it('is not graded (JSON.parse would grade the last copy alone): the key and lines named, with whose it is', () => {
    const data = progressOf(lab, { name: 'Dan', id: 'dan' }, { 'who-runs-relocate': 'right' });
    const pasted = JSON.stringify(data, null, 1).replace(/\n}$/, ',\n "attempts": []\n}');
    // Graded as JSON.parse reads it, Dan answered nothing.
    expect(gradeProgressText('dan.json', JSON.stringify(JSON.parse(pasted)), labs).attempts).toEqual([]);
    let thrown: unknown;
    try {
      gradeProgressText('dan.json', pasted, labs);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(UngradableFile);
    const lines = pasted.split('\n');
    expect((thrown as UngradableFile).message).toBe(
      `the key "attempts" is written twice in the same object (at the top level), at line ${lines.indexOf(' "attempts": [') + 1}, column 2 and at line ${lines.length - 1}, column 2: only the second copy would be graded, and what the first holds missed`,
    );
    expect((thrown as UngradableFile).who).toEqual({ student: 'Dan', studentId: 'dan' });
    // Deep in an attempt too; and with no profile, nobody is named.
    const answer = JSON.stringify({ ...data, profile: null }).replace(
      '"answer":{"kind":"choose"',
      '"answer":{"kind":"choose","kind":"grid"',
    );
    expect(() => gradeProgressText('x.json', answer, labs)).toThrow(
      /^the key "kind" is written twice in the same object \(in attempts\[0\]\.answer\)/,
    );
    try {
      gradeProgressText('x.json', answer, labs);
    } catch (err) {
      expect((err as UngradableFile).who).toBeNull();
    }
  });
});

describe('a student id in more than one file is one student, graded once from all of them', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'fp-grade-twice-'));
  const write = (where: string, name: string, content: unknown) => {
    const file = join(where, name);
    writeFileSync(file, JSON.stringify(content));
    return file;
  };
  /** Ada's work on one computer: `plans` as progressOf makes them, each attempt made at `times[i]`. */
  const work = (
    plans: Parameters<typeof progressOf>[2],
    prefix: string,
    times: string[],
    profile = { name: 'Ada', id: 'ada-1' },
  ): Progress => {
    const p = progressOf(lab, profile, plans);
    p.attempts.forEach((a, i) => {
      a.id = `${prefix}-${i}`;
      a.at = times[i] ?? (times.at(-1) as string);
    });
    return p;
  };
  const points = (id: string) => lab.exercises.find((e) => e.id === id)?.points ?? NaN;

  it('two computers: both files graded together as one student, named by both, in every output', async () => {
    const d = dir();
    const school = write(
      d,
      'flushpoint-progress-ada-1.json',
      work({ 'who-runs-relocate': 'wrong-then-right' }, 'school', [
        '2026-11-25T10:00:00Z',
        '2026-11-25T10:05:00Z',
      ]),
    );
    const bo = write(
      d,
      'bo.json',
      progressOf(lab, { name: 'Bo', id: 'bo-2' }, { 'who-runs-relocate': 'right' }),
    );
    const home = write(
      d,
      'ada-home.json',
      work({ 'grid-sme-active': 'right' }, 'home', ['2026-11-26T18:00:00Z']),
    );
    const r = await gradeFiles([school, bo, home], labs);
    const note = `student id in 2 files (${school}, ${home}): graded once, their attempts merged`;
    // One row for Ada, where her first file stands, with what she did in each: not two half-scores.
    expect(r.files.map((f) => [f.file, f.studentId])).toEqual([
      [school, 'ada-1'],
      [bo, 'bo-2'],
    ]);
    expect(r.scores.map((s) => [s.file, s.score, s.solved, s.notes])).toEqual([
      [school, points('who-runs-relocate') + points('grid-sme-active'), 2, [note]],
      [bo, points('who-runs-relocate'), 1, []],
    ]);
    expect(
      r.exercises
        .filter((e) => e.studentId === 'ada-1' && e.attempts)
        .map((e) => [e.exercise, e.attempts, e.notes]),
    ).toEqual([
      ['who-runs-relocate', 2, [note]],
      ['grid-sme-active', 1, [note]],
    ]);
    expect(r.merged).toEqual([
      { studentId: 'ada-1', files: [school, home], shared: 0, only: [2, 1], names: ['Ada', 'Ada'] },
    ]);
    expect(mergedText(r.merged[0] as MergedStudent)).toBe(
      `graded once, as one student: the attempts of both files merged in the order they were made, each attempt once: 2 attempts only in ${school}, 1 attempt only in ${home}`,
    );
    // The class counts her once.
    expect(classByExercise(r.exercises, labs)[0]?.students).toBe(2);
    expect(r.ungraded.map((u) => u.file)).toEqual([school, bo]);
    const listed = listEveryFile(r, new Set());
    expect(labsCsv(listed.scores).split('\n')[1]).toBe(
      `${school},Ada,ada-1,${lab.id},${(points('who-runs-relocate') + points('grid-sme-active')).toFixed(2)},25,2,9,"${note}"`,
    );
  });

  it('in the order the attempts were made, whatever the order of the files: a solution seen first counts', async () => {
    const d = dir();
    const right = work({ 'who-runs-relocate': 'right' }, 'home', ['2026-11-25T10:00:00Z']);
    const shown = work({ 'who-runs-relocate': 'right' }, 'school', ['2026-11-25T09:00:00Z']);
    (shown.attempts[0] as Attempt).solutionShown = true;
    const r = await gradeFiles([write(d, 'home.json', right), write(d, 'school.json', shown)], labs);
    // The solution was shown at 9:00 on one computer: the right answer at 10:00 on the other came after it.
    expect(r.exercises.find((e) => e.exercise === 'who-runs-relocate')).toMatchObject({
      attempts: 2,
      score: 0,
      solved: false,
      solutionShown: true,
    });
  });

  it('the same work handed in twice: each attempt once (a field not read noted once), and said so', async () => {
    const d = dir();
    const first = work({ 'who-runs-relocate': 'wrong-then-right' }, 'a', ['2026-11-25T10:00:00Z', 'soon']);
    const later = work({ 'who-runs-relocate': 'wrong-then-right', 'grid-sme-active': 'right' }, 'a', [
      '2026-11-25T10:00:00Z',
      'soon',
      '2026-11-25T11:00:00Z',
    ]);
    const a = write(d, 'a.json', first);
    const b = write(d, 'b.json', later);
    const r = await gradeFiles([a, b], labs);
    expect(r.merged).toEqual([
      { studentId: 'ada-1', files: [a, b], shared: 2, only: [0, 1], names: ['Ada', 'Ada'] },
    ]);
    const who = r.exercises.find((e) => e.exercise === 'who-runs-relocate');
    expect(who?.attempts).toBe(2);
    expect(who?.notes).toEqual([
      `student id in 2 files (${a}, ${b}): graded once, their attempts merged`,
      '1 attempt with a field not readable (at), graded anyway',
    ]);
    // Each file's warning names its own attempts[i].
    expect(r.warnings.map((w) => w.file)).toEqual([a, b]);
    expect(mergedText(r.merged[0] as MergedStudent, (f) => f.slice(d.length + 1))).toBe(
      'graded once, as one student: the attempts of both files merged in the order they were made, each attempt once: 2 attempts in more than one file, counted once, 0 attempts only in a.json, 1 attempt only in b.json',
    );
    // A copy of the file: the same attempts.
    const copy = write(d, 'copy.json', first);
    const twice = await gradeFiles([a, copy], labs);
    expect(twice.scores).toHaveLength(1);
    expect(mergedText(twice.merged[0] as MergedStudent)).toMatch(
      /0 attempts only in \S+copy\.json \(the files hold the same attempts: the same work handed in twice, or a copy\?\)$/,
    );
  });

  it("each file's wrong tries were graded by its own app: the merged order is not compared with them", async () => {
    const d = dir();
    const school = work({ 'who-runs-relocate': 'wrong' }, 'school', ['2026-11-25T09:00:00Z']);
    const again = { ...(school.attempts[0] as Attempt), id: 'school-1', at: '2026-11-25T09:01:00Z' };
    school.attempts.push(again);
    const home = work({ 'who-runs-relocate': 'right' }, 'home', ['2026-11-25T10:00:00Z']);
    const r = await gradeFiles([write(d, 'school.json', school), write(d, 'home.json', home)], labs);
    const row = r.exercises.find((e) => e.exercise === 'who-runs-relocate');
    // Two wrong tries before the right one, as one student: the retry costs, as it would on one computer.
    expect(row?.attempts).toBe(3);
    expect(row?.score).toBeLessThan(points('who-runs-relocate'));
    // Home's app recorded full points, with no wrong try of its own: not a lab changed since.
    expect(row?.notes.some((n) => n.endsWith(GRADED_OTHERWISE))).toBe(false);
    expect(r.warnings).toEqual([]);
  });

  it('version-1 files number their attempts: the same id in two of them is two attempts; names that differ are said', async () => {
    const d = dir();
    const v1 = (plans: Parameters<typeof progressOf>[2], name: string, at: string) => ({
      version: 1,
      student: { name, id: 'lin' },
      attempts: progressOf(lab, { name, id: 'lin' }, plans).attempts.map(
        ({ labId, exerciseId, answer, score, maxScore, correct }) => ({
          labId,
          exerciseId,
          answer,
          score,
          maxScore,
          correct,
          at,
        }),
      ),
    });
    const one = write(d, 'one.json', v1({ 'who-runs-relocate': 'right' }, 'Lin', '2026-11-25T09:00:00Z'));
    const two = write(d, 'two.json', v1({ 'stop-order': 'right' }, 'Lin Wu', '2026-11-25T10:00:00Z'));
    const r = await gradeFiles([one, two], labs);
    expect(r.exercises.filter((e) => e.attempts).map((e) => e.exercise)).toEqual([
      'who-runs-relocate',
      'stop-order',
    ]);
    expect(r.scores.map((s) => s.student)).toEqual(['Lin']);
    expect(mergedText(r.merged[0] as MergedStudent, (f) => f.slice(d.length + 1))).toMatch(
      /1 attempt only in one\.json, 1 attempt only in two\.json; named "Lin" in one\.json, "Lin Wu" in two\.json: listed as Lin$/,
    );
  });

  it('files with no attempts of one student are one student too, with 0 in the labs the class worked on', async () => {
    const d = dir();
    const ada = write(
      d,
      'ada.json',
      progressOf(lab, { name: 'Ada', id: 'ada-1' }, { 'who-runs-relocate': 'right' }),
    );
    const cy = write(d, 'cy.json', { version: 2, profile: { name: 'Cy', id: 'cy-3' }, attempts: [] });
    const again = write(d, 'cy-again.json', {
      version: 2,
      profile: { name: 'Cy', id: 'cy-3' },
      attempts: [],
    });
    const r = await gradeFiles([ada, cy, again], labs);
    expect(r.scores.map((s) => [s.file, s.score, s.notes])).toEqual([
      [ada, points('who-runs-relocate'), []],
      [cy, 0, [`student id in 2 files (${cy}, ${again}): graded once, their attempts merged`, NO_ATTEMPTS]],
    ]);
    expect(r.merged.map((m) => m.files)).toEqual([[cy, again]]);
  });
});

describe("the Grade screen's warnings beside its notice of copied files", () => {
  it('leaves out each copied file\'s own "copied from another student?" warning, and only that', () => {
    const copies = [{ files: ['/c/ada.json', '/c/fay.json'], attempts: 2 }];
    const ada = { file: '/c/ada.json', message: copiedText(['/c/fay.json'], 2) };
    const fay = { file: '/c/fay.json', message: copiedText(['/c/ada.json'], 2) };
    const other = {
      file: '/c/fay.json',
      message: 'the variant seeds of 1 of 2 attempts were not made for student id "fay-6"',
    };
    // The same words about a file not in the group are another file's warning: kept.
    const elsewhere = { file: '/c/bob.json', message: copiedText(['/c/fay.json'], 2) };
    expect(otherThanCopies([ada, other, fay, elsewhere], copies)).toEqual([other, elsewhere]);
    expect(otherThanCopies([ada, fay], [])).toEqual([ada, fay]);
  });
});
