import { mkdirSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradeFiles, MAX_PROGRESS_BYTES } from '../node/grade-files.ts';
import { loadLab } from '../node/labs/load.ts';
import {
  byStudent,
  classByExercise,
  exercisesCsv,
  gradeProgressText,
  labsCsv,
  repeatedStudents,
  type LabRow,
} from './class-grade.ts';
import { progressOf } from './progress/fixture.ts';
import type { Lab } from './types.ts';

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
    for (const a of file.attempts) a.score = 0; // what the file says is not read
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
        exercises: lab.exercises.length,
      },
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
    });
    expect(repeatedStudents([row('a', 'x'), row('b', 'y'), row('c', 'x'), row('a', 'x')])).toEqual([
      { studentId: 'x', files: ['a', 'c'] },
    ]);
  });

  it('writes CSV a spreadsheet reads safely: quoted fields, and no formula from a student name', () => {
    const g = gradeProgressText(
      'class, week 1/"q".json',
      text('=HYPERLINK("http://x","y")', 'ada-9', { 'who-runs-relocate': 'right' }),
      labs,
    );
    const lines = labsCsv(g.scores).trim().split('\n');
    expect(lines[0]).toBe('file,student,student_id,lab,score,max,solved,exercises');
    expect(lines[1]).toBe(
      `"class, week 1/""q"".json","'=HYPERLINK(""http://x"",""y"")",ada-9,${lab.id},2.00,25,1,${lab.exercises.length}`,
    );
    const per = exercisesCsv(g.exercises).trim().split('\n');
    expect(per).toHaveLength(1 + lab.exercises.length);
    expect(per[1]).toMatch(/,who-runs-relocate,Which CPU runs relocate_kernel,choose,1,2\.00,2,1,0,$/);
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
    expect(r.scores.map((l) => l.studentId)).toEqual(['ada-1']);
    expect(r.problems).toEqual([
      { file: cut, message: expect.stringMatching(/^not valid JSON: it ends too soon/) as string },
      { file: huge, message: expect.stringMatching(/^too large for a progress file/) as string },
      { file: folder, message: 'not a file' },
      { file: missing, message: 'cannot read (ENOENT)' },
    ]);
  });
});
