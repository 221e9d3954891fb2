import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin } from '../cli/run-bin.ts';
import {
  classCsv,
  exercisesCsv,
  labsCsv,
  NO_ATTEMPTS,
  NOT_STARTED,
  NOT_GRADED,
  wideLeftOut,
  type ClassGrade,
} from '../lab/class-grade.ts';
import { referenceAnswer } from '../lab/grade.ts';
import { makeInstance } from '../lab/keys.ts';
import { anAttempt, progressOf } from '../lab/progress/fixture.ts';
import type { Channel } from '../ipc/contract.ts';
import { dispatch } from '../main/ipc.ts';
import { createHandlers, LAB_CHANGED, type HandlerContext } from './handlers.ts';
import { loadLab } from './labs/load.ts';

const LABS = join(import.meta.dirname, '..', '..', 'labs');

function handlers(
  openFolder: (path: string) => Promise<string>,
  more: Partial<Pick<HandlerContext, 'chooseProgressFiles' | 'chooseSaveFile'>> = {},
) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'fp-handlers-'));
  const h = createHandlers({
    labsDir: LABS,
    userDataDir,
    appInfo: { version: 'test', electron: null, chrome: null, platform: process.platform },
    chooseSaveFile: async () => null,
    openFolder,
    chooseProgressFiles: async () => [],
    ...more,
  });
  return { h, dir: join(userDataDir, 'labs'), userDataDir };
}

describe('labs:open-folder', () => {
  it('makes the instructor-labs folder, then asks main to show it', async () => {
    const asked: string[] = [];
    const { h, dir } = handlers(async (p) => (asked.push(p), ''));
    await expect(h['labs:open-folder']()).resolves.toEqual({ path: dir, opened: true });
    expect(asked).toEqual([dir]);
    expect(statSync(dir).isDirectory()).toBe(true);
  });

  it("passes on why the file manager did not open (shell.openPath's answer)", async () => {
    const { h, dir } = handlers(async () => 'Failed to open path');
    await expect(h['labs:open-folder']()).resolves.toEqual({
      path: dir,
      opened: false,
      error: 'Failed to open path',
    });
  });
});

describe('labs:open-folder when labs is not a folder', () => {
  it('says that labs is a file, not Node\'s "EEXIST: file already exists, mkdir", and opens nothing', async () => {
    const asked: string[] = [];
    const { h, dir } = handlers(async (p) => (asked.push(p), ''));
    writeFileSync(dir, 'not a folder');
    await expect(dispatch(h, 'labs:open-folder', [], () => undefined)).resolves.toEqual({
      ok: false,
      error: `${dir} is a file, not a folder: move or rename it, and the folder for your labs is made here`,
    });
    expect(asked).toEqual([]);
  });

  it('says so of a link to nothing too', async () => {
    const { h, dir, userDataDir } = handlers(async () => '');
    symlinkSync(join(userDataDir, 'gone'), dir);
    await expect(h['labs:open-folder']()).rejects.toThrow(
      `${dir} is a link to a file or to nothing, not a folder: move or rename it, and the folder for your labs is made here`,
    );
  });
});

describe('grade:open-files and grade:save-csv', () => {
  it('grades the files the instructor picks with the labs the app has, naming a file it cannot read', async () => {
    const lab = await loadLab(LABS, '02-sme-two-wbinvds');
    const dir = mkdtempSync(join(tmpdir(), 'fp-class-'));
    const ada = join(dir, 'ada.json');
    writeFileSync(
      ada,
      JSON.stringify(progressOf(lab, { name: 'Ada', id: 'ada-1' }, { 'who-runs-relocate': 'right' })),
    );
    const again = join(dir, 'ada-again.json');
    writeFileSync(again, readFileSync(ada));
    const junk = join(dir, 'notes.json');
    writeFileSync(junk, 'hello');
    const { h } = handlers(async () => '', { chooseProgressFiles: async () => [ada, junk, again] });
    const r = (await h['grade:open-files']()) as ClassGrade;
    // Ada handed in twice: one student, graded once from both files, named by the first.
    expect(r.files.map((f) => f.file)).toEqual([ada]);
    expect(r.scores.map((s) => [s.studentId, s.lab, s.score, s.notes])).toEqual([
      ['ada-1', lab.id, 2, [`student id in 2 files (${ada}, ${again}): graded once, their attempts merged`]],
    ]);
    expect(r.byLab.map((l) => [l.lab, l.students])).toEqual([[lab.id, 1]]);
    expect(r.problems).toEqual([
      { file: junk, message: expect.stringMatching(/^not valid JSON: line 1/) as string },
    ]);
    expect(r.repeated).toEqual([
      { studentId: 'ada-1', files: [ada, again], shared: 1, only: [0, 0], names: ['Ada', 'Ada'] },
    ]);
    expect(r.brokenLabs).toEqual([]);
    expect(r.unknownLabs).toEqual([]);
    expect(r.warnings).toEqual([]);
    // Per student graded, what of it is graded nowhere (nothing here): what the page lists every file from.
    expect(r.ungraded).toEqual([
      {
        file: ada,
        student: 'Ada',
        studentId: 'ada-1',
        labs: [],
        unreadable: false,
        noAttempts: false,
        mergedFrom: [ada, again],
      },
    ]);
  });

  it("the page's CSVs are `flushpoint grade`'s for the same files and labs: every file listed", async () => {
    const lab = await loadLab(LABS, '02-sme-two-wbinvds');
    const dir = mkdtempSync(join(tmpdir(), 'fp-class-'));
    const write = (name: string, data: unknown) => {
      const file = join(dir, name);
      writeFileSync(file, JSON.stringify(data));
      return file;
    };
    const boData = progressOf(lab, { name: 'Bo', id: 'bo-2' }, { 'who-runs-relocate': 'wrong-then-right' });
    const files = [
      write('ada.json', progressOf(lab, { name: 'Ada', id: 'ada-1' }, { 'who-runs-relocate': 'right' })),
      // Bo answered lab 02 and a lab this app does not have; Cy only the instructor's lab that is broken;
      // none of Dan's attempts has a lab id; Eve answered nothing yet.
      write('bo.json', {
        ...boData,
        attempts: [
          ...boData.attempts,
          ...boData.attempts.map((a) => ({ ...a, id: `q-${a.id}`, labId: 'our-quiz' })),
        ],
      }),
      write('cy.json', {
        ...boData,
        profile: { name: 'Cy', id: 'cy-3' },
        attempts: boData.attempts.map((a) => ({ ...a, labId: '09-broken' })),
      }),
      write('dan.json', {
        ...boData,
        profile: { name: 'Dan', id: 'dan-4' },
        attempts: boData.attempts.map(({ labId: _, ...a }) => a),
      }),
      write('eve.json', { version: 2, profile: { name: 'Eve', id: 'eve-5' }, attempts: [] }),
    ];
    const { h, dir: instructor } = handlers(async () => '', { chooseProgressFiles: async () => files });
    mkdirSync(join(instructor, '09-broken'), { recursive: true });
    writeFileSync(join(instructor, '09-broken', 'lab.yaml'), 'id: 09-broken\norder: 9\n');
    const r = (await h['grade:open-files']()) as ClassGrade;
    expect(r.brokenLabs.map((b) => b.lab)).toContain('09-broken');
    const cli = (...more: string[]) =>
      runBin(['grade', ...files, '--labs', LABS, '--labs', instructor, ...more]);
    const scores = cli('--csv');
    expect(scores.status).toBe(1);
    // Before, the page saved labsCsv(r.scores): Bo's quiz, Cy's and Dan's files were not in it.
    expect(classCsv(r, 'scores')).toBe(scores.stdout);
    expect(classCsv(r, 'exercises')).toBe(cli('--by-exercise', '--csv').stdout);
    const lines = classCsv(r, 'scores').split('\n');
    expect(lines).toContain(`${files[1]},Bo,bo-2,our-quiz,,,,,${NOT_GRADED.unknown}`);
    expect(lines).toContain(`${files[2]},Cy,cy-3,09-broken,,,,,${NOT_GRADED.broken}`);
    expect(lines).toContain(`${files[3]},Dan,dan-4,,,,,,${NOT_GRADED.unreadable}`);
    expect(lines).toContain(`${files[4]},Eve,eve-5,${lab.id},0.00,25,0,9,${NO_ATTEMPTS}`);
    // The gradebook, one row per student, is the CLI's too.
    expect(classCsv(r, 'wide')).toBe(cli('--csv', '--wide').stdout);
    const wide = classCsv(r, 'wide').split('\n');
    // The labs answered but not graded keep a column each, and total and max say they leave them out.
    expect(wide[0]).toBe(`file,student,student_id,${lab.id},our-quiz,09-broken,total,max,notes`);
    const left = wideLeftOut(['our-quiz', '09-broken']);
    expect(wide).toContain(
      `${files[2]},Cy,cy-3,${NOT_STARTED},${NOT_STARTED},not graded,0.00,25,"${left}; 09-broken: ${NOT_GRADED.broken}"`,
    );
    expect(wide).toContain(`${files[3]},Dan,dan-4,,,,,,${NOT_GRADED.unreadable}`);
    // The screen's own figures: the graded rows, and a row in the lab for Cy, who did not start it
    // (her answers are to a broken lab); Dan's attempts name no lab, so whether he started it is unknown.
    expect(r.scores.map((s) => s.file)).toEqual([files[0], files[1], files[2], files[4]]);
  });

  it('lists a file with no attempts when nobody in the class worked on a lab, as `flushpoint grade` does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fp-class-'));
    const fay = join(dir, 'fay.json');
    writeFileSync(fay, JSON.stringify({ version: 2, profile: { name: 'Fay', id: 'fay' }, attempts: [] }));
    const { h } = handlers(async () => '', { chooseProgressFiles: async () => [fay] });
    const r = (await h['grade:open-files']()) as ClassGrade;
    expect(r.scores).toEqual([]);
    const cli = runBin(['grade', fay, '--labs', LABS, '--csv']);
    expect(cli.status).toBe(0);
    expect(classCsv(r, 'scores')).toBe(cli.stdout);
    expect(classCsv(r, 'scores')).toBe(
      `file,student,student_id,lab,score,max,solved,exercises,notes\n${fay},Fay,fay,,,,,,${NO_ATTEMPTS}\n`,
    );
    expect(classCsv(r, 'exercises')).toBe(
      runBin(['grade', fay, '--labs', LABS, '--by-exercise', '--csv']).stdout,
    );
    // Handed in twice: said, as `flushpoint grade` says it of every file (not only those with a row).
    const again = join(dir, 'fay-again.json');
    writeFileSync(again, readFileSync(fay));
    const twice = handlers(async () => '', { chooseProgressFiles: async () => [fay, again] });
    const r2 = (await twice.h['grade:open-files']()) as ClassGrade;
    expect(r2.repeated).toEqual([
      { studentId: 'fay', files: [fay, again], shared: 0, only: [0, 0], names: ['Fay', 'Fay'] },
    ]);
    // Listed once, with no figures, noted with both files (the CSV read alone says it too).
    expect(classCsv(r2, 'scores')).toBe(runBin(['grade', fay, again, '--labs', LABS, '--csv']).stdout);
    expect(classCsv(r2, 'scores').split('\n')[1]).toBe(
      `${fay},Fay,fay,,,,,,"student id in 2 files (${fay}, ${again}): graded once, their attempts merged; ${NO_ATTEMPTS}"`,
    );
  });

  it('passes on what to check in the files it graded: here, one without a profile', async () => {
    const lab = await loadLab(LABS, '02-sme-two-wbinvds');
    const anon = join(mkdtempSync(join(tmpdir(), 'fp-class-')), 'flushpoint-progress-student.json');
    const data = progressOf(lab, { name: '-', id: 'guest' }, { 'who-runs-relocate': 'right' });
    writeFileSync(anon, JSON.stringify({ ...data, profile: null }));
    const { h } = handlers(async () => '', { chooseProgressFiles: async () => [anon] });
    const r = (await h['grade:open-files']()) as ClassGrade;
    expect(r.scores.map((s) => [s.student, s.score, s.notes])).toEqual([['(no name)', 2, ['no profile']]]);
    expect(r.warnings).toEqual([
      { file: anon, message: 'no profile (no name, no student id): graded as (no name) ((no id))' },
    ]);
  });

  it('answers null when the instructor cancels the dialog', async () => {
    const { h } = handlers(async () => '');
    await expect(h['grade:open-files']()).resolves.toBeNull();
  });

  it('saves the CSV where the save dialog says, under the name of what it holds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fp-csv-'));
    const asked: string[] = [];
    const { h } = handlers(async () => '', {
      chooseSaveFile: async (kind, name) => (asked.push(`${kind} ${name}`), join(dir, name)),
    });
    const csv = exercisesCsv([]);
    await expect(h['grade:save-csv']('exercises', csv)).resolves.toEqual({
      saved: join(dir, 'flushpoint-by-exercise.csv'),
    });
    // Behind a byte order mark, so that Excel reads it as UTF-8.
    expect(readFileSync(join(dir, 'flushpoint-by-exercise.csv'), 'utf8')).toBe(`\uFEFF${csv}`);
    await h['grade:save-csv']('scores', labsCsv([]));
    expect(asked).toEqual(['grades flushpoint-by-exercise.csv', 'grades flushpoint-scores.csv']);
    // Anything else is refused before a dialog is shown.
    await expect(h['grade:save-csv']('scores', csv)).rejects.toThrow(
      /^not the grades CSV: its first line must be file,student,student_id,lab,score/,
    );
    await expect(h['grade:save-csv']('scores', '#!/bin/sh\nrm -rf ~\n')).rejects.toThrow(
      /not the grades CSV/,
    );
    expect(asked).toHaveLength(2);
  });
});

describe('progress channels, through the IPC wrapper', () => {
  const nest = (depth: number): unknown => (depth === 0 ? 0 : [nest(depth - 1)]);
  const attempt = (id: string, answer: unknown) =>
    anAttempt({
      id,
      labId: 'lab-1',
      exerciseId: 'ex-1',
      variantSeed: 7,
      answer,
      score: 1,
      maxScore: 1,
      correct: true,
      durationMs: 10,
    });

  it('refuses answers nested thousands deep and names with control characters; the file stays small', async () => {
    const { h, userDataDir } = handlers(async () => '');
    const call = (channel: Channel, arg: unknown) => dispatch(h, channel, [arg], () => {});
    await expect(
      call('progress:save-attempt', attempt('a0', { kind: 'choose', selected: [1] })),
    ).resolves.toEqual({
      ok: true,
      value: { saved: true, attempts: 1 },
    });
    for (const id of ['junk1', 'junk2'])
      await expect(call('progress:save-attempt', attempt(id, nest(3800)))).resolves.toMatchObject({
        ok: false,
        error: expect.stringMatching(/^progress:save-attempt: attempt is nested too deep/),
      });
    await expect(call('progress:set-profile', { name: 'Ada\n\u001b[2J', id: 'ada' })).resolves.toMatchObject({
      ok: false,
      error: expect.stringMatching(/profile\.name must not hold line breaks/),
    });
    expect(statSync(join(userDataDir, 'progress.json')).size).toBeLessThan(2_000);
  });
});

describe('progress:save-attempt checks the answer against its exercise', () => {
  const LAB = '02-sme-two-wbinvds';
  const attempt = (id: string, exerciseId: string, answer: unknown, more: Record<string, unknown> = {}) =>
    anAttempt({ id, labId: LAB, exerciseId, answer, durationMs: 10, ...more });
  /** The handlers through the IPC wrapper, as the page calls them, and the ids progress.json holds. */
  function app() {
    const { h, userDataDir } = handlers(async () => '');
    const file = join(userDataDir, 'progress.json');
    return {
      userDataDir,
      save: (a: unknown) => dispatch(h, 'progress:save-attempt', [a], () => {}),
      saved: (): string[] =>
        existsSync(file)
          ? (JSON.parse(readFileSync(file, 'utf8')) as { attempts: { id: string }[] }).attempts.map(
              (a) => a.id,
            )
          : [],
    };
  }

  it('refuses an answer of the wrong kind, naming the field; nothing is written', async () => {
    const { save, saved } = app();
    await expect(save(attempt('a1', 'who-runs-relocate', { kind: 'grid', cells: [] }))).resolves.toEqual({
      ok: false,
      error: `cannot save the attempt: attempt.answer.kind: a "grid" answer to a choose exercise (who-runs-relocate) (${LAB_CHANGED})`,
    });
    await expect(save(attempt('a2', 'who-runs-relocate', null))).resolves.toEqual({
      ok: false,
      error: `cannot save the attempt: attempt.answer: not an answer (null) (${LAB_CHANGED})`,
    });
    expect(saved()).toEqual([]);
  });

  it('refuses an option, cell or item that does not exist, for the grid the student was given', async () => {
    const { save, saved } = app();
    await expect(
      save(attempt('ok', 'who-runs-relocate', { kind: 'choose', selected: [2] })),
    ).resolves.toEqual({
      ok: true,
      value: { saved: true, attempts: 1 },
    });
    await expect(
      save(attempt('a1', 'who-runs-relocate', { kind: 'choose', selected: [3] })),
    ).resolves.toEqual({
      ok: false,
      error: `cannot save the attempt: attempt.answer.selected: 3: no such option (who-runs-relocate has options 0 to 2) (${LAB_CHANGED})`,
    });
    await expect(save(attempt('a2', 'stop-order', { kind: 'order', order: [0, 1] }))).resolves.toMatchObject({
      ok: false,
      error: `cannot save the attempt: attempt.answer.order: [0,1] does not list each item 0 to 5 once (${LAB_CHANGED})`,
    });
    // The grid's CPUs are the student's variant's (its seed picks 3, 5 or 6 CPUs).
    const lab = await loadLab(LABS, LAB);
    const bigger = lab.exercises.find((e) => e.id === 'grid-bigger-host');
    const key = makeInstance(bigger!, 1).key;
    if (key.kind !== 'grid') throw new Error('grid-bigger-host is a grid');
    const last = `${key.cpus - 1}:stop_this_cpu`;
    const beyond = `${key.cpus}:stop_this_cpu`;
    await expect(
      save(attempt('a3', 'grid-bigger-host', { kind: 'grid', cells: [last, beyond] })),
    ).resolves.toEqual({
      ok: false,
      error: `cannot save the attempt: attempt.answer.cells: "${beyond}": no such cell (cells are "CPU:site", CPUs 0 to ${key.cpus - 1}, sites stop_this_cpu, relocate_kernel) (${LAB_CHANGED})`,
    });
    await expect(
      save(attempt('a4', 'grid-bigger-host', { kind: 'grid', cells: [last] })),
    ).resolves.toMatchObject({
      ok: true,
    });
    expect(saved()).toEqual(['ok', 'a4']);
  });

  // Fails without the fix: each was saved, and graded as it stood.
  it('refuses more hints than the exercise has, a part of a hint, and options the page never selects', async () => {
    const { save, saved } = app();
    const refused = (field: string) => ({
      ok: false,
      error: expect.stringMatching(new RegExp(`^cannot save the attempt: attempt\\.${field}`)) as string,
    });
    const one = { kind: 'choose', selected: [0] };
    await expect(save(attempt('a1', 'who-runs-relocate', one, { hintsUsed: 7 }))).resolves.toEqual({
      ok: false,
      error: `cannot save the attempt: attempt.hintsUsed: 7: who-runs-relocate has 2 hints (${LAB_CHANGED})`,
    });
    await expect(save(attempt('a2', 'who-runs-relocate', one, { hintsUsed: 1.5 }))).resolves.toEqual(
      refused('hintsUsed must be a whole number from 0 to 100$'),
    );
    await expect(save(attempt('a3', 'who-runs-relocate', one, { variantSeed: 1.5 }))).resolves.toEqual(
      refused('variantSeed must be a whole number'),
    );
    await expect(
      save(attempt('a4', 'who-runs-relocate', { kind: 'choose', selected: [0, 0] })),
    ).resolves.toEqual({
      ok: false,
      error: `cannot save the attempt: attempt.answer.selected: [0,0]: who-runs-relocate takes one option, not 2 (${LAB_CHANGED})`,
    });
    await expect(
      save(attempt('a5', 'who-runs-relocate', { kind: 'choose', selected: [0, 1, 2] })),
    ).resolves.toEqual(refused('answer\\.selected: \\[0,1,2\\]: who-runs-relocate takes one option, not 3'));
    await expect(
      save(attempt('a6', 'flags-word-facts', { kind: 'choose', selected: [1, 1] })),
    ).resolves.toEqual(refused('answer\\.selected: \\[1,1\\]: option 1 selected more than once'));
    // As many hints as it has is what the page allows.
    await expect(save(attempt('ok', 'who-runs-relocate', one, { hintsUsed: 2 }))).resolves.toMatchObject({
      ok: true,
    });
    expect(saved()).toEqual(['ok']);
  });

  it('refuses an exercise the lab does not have, naming exerciseId', async () => {
    const { save, saved } = app();
    await expect(save(attempt('a1', 'no-such-exercise', { kind: 'choose', selected: [0] }))).resolves.toEqual(
      {
        ok: false,
        error: `cannot save the attempt: attempt.exerciseId: lab ${LAB} has no exercise "no-such-exercise" (${LAB_CHANGED})`,
      },
    );
    expect(saved()).toEqual([]);
  });

  it("saves every kind of the app's own answers, and a shown solution whatever its answer", async () => {
    const { save, saved } = app();
    const lab = await loadLab(LABS, LAB);
    for (const ex of lab.exercises)
      await expect(save(attempt(ex.id, ex.id, referenceAnswer(makeInstance(ex, 1))))).resolves.toMatchObject({
        ok: true,
      });
    // Never graded, so never checked: refusing it would lose the record that the solution was shown.
    await expect(
      save(
        attempt('shown', 'predict-after-test', { kind: 'predict', selected: -1 }, { solutionShown: true }),
      ),
    ).resolves.toMatchObject({ ok: true });
    expect(saved()).toEqual([...lab.exercises.map((e) => e.id), 'shown']);
  });

  it('saves an attempt whose lab cannot be loaded (missing, or broken since), unchecked', async () => {
    const { save, saved, userDataDir } = app();
    const wrong = { kind: 'grid', cells: [] };
    await expect(
      save({ ...attempt('gone', 'who-runs-relocate', wrong), labId: 'no-such-lab' }),
    ).resolves.toEqual({
      ok: true,
      value: { saved: true, attempts: 1 },
    });
    // The instructor's copy of the lab, which replaces the app's, broken while the student works.
    mkdirSync(join(userDataDir, 'labs', LAB), { recursive: true });
    writeFileSync(join(userDataDir, 'labs', LAB, 'lab.yaml'), 'id: [unclosed\n');
    await expect(save(attempt('broken', 'who-runs-relocate', wrong))).resolves.toMatchObject({ ok: true });
    expect(saved()).toEqual(['gone', 'broken']);
  });

  it("still names the store's shape problems first, as before", async () => {
    const { h } = handlers(async () => '');
    await expect(h['progress:save-attempt'](42)).rejects.toThrow(
      /^cannot save the attempt: attempt must be an object$/,
    );
    await expect(
      h['progress:save-attempt'](attempt('a1', 'who-runs-relocate', { kind: 'grid' }, { score: 9 })),
    ).rejects.toThrow(/^cannot save the attempt: attempt\.score must not exceed maxScore$/);
    await expect(
      h['progress:save-attempt']({ ...attempt('a1', 'no-such-exercise', null), labId: '../..' }),
    ).rejects.toThrow(/^cannot save the attempt: attempt\.labId must be an id/);
  });

  it('writes attempts in the order they came, though a lab is loaded to check each', async () => {
    const { save, saved } = app();
    const good = { kind: 'choose', selected: [0] };
    // The first waits for its lab to load; the second has none to load.
    await Promise.all([
      save(attempt('first', 'who-runs-relocate', good)),
      save({ ...attempt('second', 'who-runs-relocate', good), labId: 'no-such-lab' }),
      save(attempt('third', 'who-runs-relocate', { kind: 'grid' })),
      save(attempt('fourth', 'who-runs-relocate', good)),
    ]);
    expect(saved()).toEqual(['first', 'second', 'fourth']);
  });
});
