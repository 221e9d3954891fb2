/** `flushpoint grade --lab`, `--csv --wide` and a folder of progress files, as an instructor runs them. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NOT_STARTED } from '../lab/class-grade.ts';
import { progressOf } from '../lab/progress/fixture.ts';
import { loadLab } from '../node/labs/load.ts';

const root = join(import.meta.dirname, '..', '..');
const LABS = join(root, 'labs');
const bin = join(root, 'bin', 'flushpoint.mjs');
const flushpoint = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** A stick of collected copies: Ada did lab 2, Bo lab 1, Cy handed in Bo's file under her name; clutter. */
async function stick() {
  const why = await loadLab(LABS, '01-why-flush');
  const sme = await loadLab(LABS, '02-sme-two-wbinvds');
  const dir = mkdtempSync(join(tmpdir(), 'fp-stick-'));
  mkdirSync(join(dir, 'class-a'));
  const ada = join(dir, 'class-a', 'flushpoint-progress-ada-1.json');
  writeFileSync(
    ada,
    JSON.stringify(progressOf(sme, { name: 'Ada', id: 'ada-1' }, { 'who-runs-relocate': 'right' })),
  );
  const boData = progressOf(why, { name: 'Bo', id: 'bo-2' }, { 'any-order': 'right' });
  const bo = join(dir, 'bo.json');
  writeFileSync(bo, JSON.stringify(boData));
  const cy = join(dir, 'cy.json');
  writeFileSync(cy, JSON.stringify({ ...boData, profile: { name: 'Cy', id: 'cy-3' } }));
  writeFileSync(join(dir, 'README.txt'), 'collected on Friday');
  writeFileSync(join(dir, 'package.json'), '{"name": "not-progress"}');
  writeFileSync(join(dir, '._bo.json'), 'macOS metadata');
  const points = (lab: typeof why) => lab.exercises.reduce((n, e) => n + e.points, 0);
  return { dir, why, sme, ada, bo, cy, points };
}

describe('flushpoint grade FOLDER', () => {
  it('grades the progress files in a folder and its subfolders; skips the rest, each with a note', async () => {
    const { dir, ada, bo, cy } = await stick();
    const r = flushpoint('grade', dir, '--json');
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout) as { file: string }[];
    expect([...new Set(rows.map((x) => x.file))]).toEqual([bo, ada, cy]);
    expect(r.stderr).toContain(
      `note: ${join(dir, 'README.txt')}: not a .json file, so not a progress file: skipped\n`,
    );
    expect(r.stderr).toContain(
      `note: ${join(dir, 'package.json')}: a .json file that is not a progress file (no "version" and "attempts"): skipped\n`,
    );
    // A hidden file (a stick's own, macOS's ._ copies) is never a student's: not graded, not noted.
    expect(r.stderr).not.toContain('._bo.json');
  });

  it('a folder with no progress file is a usage error (exit 2), named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fp-empty-'));
    writeFileSync(join(dir, 'notes.txt'), 'x');
    const r = flushpoint('grade', dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`warning: ${dir} holds no progress file\n`);
    expect(r.stderr).toContain(`flushpoint grade: no progress file in ${dir}`);
  });

  it('a damaged progress file in a folder is graded, so named, not skipped as clutter', async () => {
    const { dir } = await stick();
    const bad = join(dir, 'flushpoint-progress-dee-4.json');
    writeFileSync(bad, '{"version": 2, "profile": {"name": "Dee", "id": "dee-4"}, "attempts": [');
    const r = flushpoint('grade', dir, '--csv');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${bad}: not valid JSON`);
  });
});

describe('flushpoint grade --lab', () => {
  it('grades only that lab, a row for every student (not started too); other labs are not asked about', async () => {
    const { dir, sme, ada, bo, cy, points } = await stick();
    const r = flushpoint('grade', dir, '--lab', sme.id, '--csv');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'file,student,student_id,lab,score,max,solved,exercises,notes',
      `${bo},Bo,bo-2,${sme.id},0.00,${points(sme)},0,${sme.exercises.filter((e) => e.kind !== 'explain').length},${NOT_STARTED}; copied? the same attempts as ${cy}`,
      `${ada},Ada,ada-1,${sme.id},2.00,${points(sme)},1,${sme.exercises.filter((e) => e.kind !== 'explain').length},`,
      `${cy},Cy,cy-3,${sme.id},0.00,${points(sme)},0,${sme.exercises.filter((e) => e.kind !== 'explain').length},${NOT_STARTED}; copied? the same attempts as ${bo}`,
      '',
    ]);
    expect(r.stderr).not.toContain('01-why-flush');
    // The table says "not started", not a 0 that reads as a score.
    const table = flushpoint('grade', dir, '--lab', sme.id);
    expect(table.stdout).toMatch(
      new RegExp(`Bo \\(bo-2\\)\\s+${sme.id}\\s+—\\s+/ ${points(sme)}\\s+not started`),
    );
  });

  it('an unknown lab id is a usage error (exit 2) listing the known ids', async () => {
    const { dir } = await stick();
    const r = flushpoint('grade', dir, '--lab', '02-sme');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      'flushpoint grade: --lab 02-sme: no such lab among the labs graded with (01-why-flush, 02-sme-two-wbinvds, 03-supported-vs-active, 04-tdx-percpu-flag, 05-stopping-cpus, 06-crash-path)',
    );
    expect(flushpoint('grade', dir, '--lab').status).toBe(2);
  });
});

describe('flushpoint grade --csv --wide', () => {
  it('one row per student, a cell per lab graded (not started too), the total and notes', async () => {
    const { dir, why, sme, ada, bo, cy, points } = await stick();
    const r = flushpoint('grade', dir, '--csv', '--wide');
    expect(r.status).toBe(0);
    const max = points(why) + points(sme);
    const anyOrder = why.exercises.find((e) => e.id === 'any-order')?.points.toFixed(2);
    expect(r.stdout.split('\n')).toEqual([
      `file,student,student_id,${why.id},${sme.id},total,max,notes`,
      `${bo},Bo,bo-2,${anyOrder},${NOT_STARTED},${anyOrder},${max},copied? the same attempts as ${cy}`,
      `${ada},Ada,ada-1,${NOT_STARTED},2.00,2.00,${max},`,
      expect.stringMatching(
        new RegExp(
          `^${cy},Cy,cy-3,${anyOrder},${NOT_STARTED},${anyOrder},${max},copied\\? the same attempts as ${bo}; `,
        ),
      ),
      '',
    ]);
    // The copy is warned about, with both files, on stderr.
    expect(r.stderr).toContain(`warning: ${cy}: holds the same 1 attempt as ${bo}`);
  });

  it('--wide without --csv, or with --by-exercise, is a usage error', async () => {
    const { dir } = await stick();
    for (const args of [['--wide'], ['--json', '--wide'], ['--csv', '--wide', '--by-exercise']]) {
      const r = flushpoint('grade', dir, ...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('flushpoint grade: --wide goes with --csv');
    }
  });
});
