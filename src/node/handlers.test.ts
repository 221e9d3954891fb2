import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exercisesCsv, labsCsv, type ClassGrade } from '../lab/class-grade.ts';
import { progressOf } from '../lab/progress/fixture.ts';
import type { Channel } from '../ipc/contract.ts';
import { dispatch } from '../main/ipc.ts';
import { createHandlers, type HandlerContext } from './handlers.ts';
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
    expect(r.files.map((f) => f.file)).toEqual([ada, again]);
    expect(r.scores.map((s) => [s.studentId, s.lab, s.score])).toEqual([
      ['ada-1', lab.id, 2],
      ['ada-1', lab.id, 2],
    ]);
    expect(r.byLab.map((l) => [l.lab, l.students])).toEqual([[lab.id, 2]]);
    expect(r.problems).toEqual([
      { file: junk, message: expect.stringMatching(/^not valid JSON: line 1/) as string },
    ]);
    expect(r.repeated).toEqual([{ studentId: 'ada-1', files: [ada, again] }]);
    expect(r.brokenLabs).toEqual([]);
    expect(r.unknownLabs).toEqual([]);
    expect(r.warnings).toEqual([]);
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
    expect(readFileSync(join(dir, 'flushpoint-by-exercise.csv'), 'utf8')).toBe(csv);
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
  const attempt = (id: string, answer: unknown) => ({
    id,
    labId: 'lab-1',
    exerciseId: 'ex-1',
    variantSeed: 7,
    answer,
    score: 1,
    maxScore: 1,
    hintsUsed: 0,
    correct: true,
    solutionShown: false,
    at: '2026-11-25T10:00:00.000Z',
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
