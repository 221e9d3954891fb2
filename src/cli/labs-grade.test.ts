/** `flushpoint labs check` and `flushpoint grade` as instructors run them: child processes, exit codes, output. */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { referenceAnswer } from '../lab/grade.ts';
import { makeInstance } from '../lab/keys.ts';
import { NO_ATTEMPTS, NO_LAB_TO_LIST } from '../lab/class-grade.ts';
import { anAttempt, progressOf } from '../lab/progress/fixture.ts';
import { NO_ID, NO_NAME, PROGRESS_VERSION, type Attempt } from '../lab/progress/types.ts';
import { variantSeed } from '../lab/variants.ts';
import { loadLab } from '../node/labs/load.ts';

const root = join(import.meta.dirname, '..', '..');
const LABS = join(root, 'labs');
const bin = join(root, 'bin', 'flushpoint.mjs');
const flushpoint = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};
const tmp = () => mkdtempSync(join(tmpdir(), 'fp-cli-labs-'));
/** The keys of `labs check --json`, in order, whatever the labs. */
const LABS_CHECK_KEYS = [
  'labs',
  'exercises',
  'variants_checked',
  'problems',
  'notices',
  'misconceptions',
  'not_replayed',
];

describe('flushpoint labs check', () => {
  it('--json reports 6+ labs, 45+ exercises and no problems for the shipped labs', () => {
    const r = flushpoint('labs', 'check', LABS, '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      labs: number;
      exercises: number;
      variants_checked: number;
      problems: unknown[];
      notices: { message: string }[];
      misconceptions: { named: number; of: number; not_named: string[]; by: Record<string, string[]> };
    };
    expect(Object.keys(out)).toEqual(LABS_CHECK_KEYS);
    // The shipped labs teach against every catalogued misconception.
    expect(out.misconceptions.not_named).toEqual([]);
    expect(out.misconceptions.named).toBe(out.misconceptions.of);
    expect(out.misconceptions.by['global-flag']).toEqual(['04-tdx-percpu-flag/what-it-leaves']);
    expect(out.labs).toBeGreaterThanOrEqual(6);
    expect(out.exercises).toBeGreaterThanOrEqual(45);
    expect(out.variants_checked).toBeGreaterThan(out.exercises);
    expect(out.problems).toEqual([]);
    // No notices: a question asked of CPU 1, 2 or 3, or of either path, whose answer holds whatever is
    // drawn (the REBOOT IPI stops any CPU alike) says so with same_answer: true.
    expect(out.notices).toEqual([]);
  });

  it('an altered stored answer in a copy fails, naming the lab and the exercise', () => {
    const dir = tmp();
    cpSync(LABS, dir, { recursive: true });
    const file = join(dir, '04-tdx-percpu-flag', 'lab.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('expect: [1, 3, 2, 0]', 'expect: [3, 1, 2, 0]'));
    const r = flushpoint('labs', 'check', dir, '--json');
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as {
      problems: { lab: string; exercise: string; message: string; line: number }[];
    };
    expect(out.problems).toHaveLength(1);
    expect(out.problems[0]).toMatchObject({ lab: '04-tdx-percpu-flag', exercise: 'flush-order' });
    expect(out.problems[0]?.message).toMatch(/disagrees with the trace order/);
    const text = flushpoint('labs', 'check', dir);
    // Where, as --json says it (the exercise's line of lab.yaml), before what.
    expect(text.stdout).toMatch(/04-tdx-percpu-flag \/ flush-order: \S+lab\.yaml:\d+: stored expect/);
    expect(text.stdout).toContain(`${file}:${String(out.problems[0]?.line)}: stored expect`);
  });

  it('one broken lab is reported with file, line and field while the others are still checked', () => {
    const dir = tmp();
    cpSync(LABS, dir, { recursive: true });
    const file = join(dir, '05-stopping-cpus', 'lab.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('kind: predict', 'kind: guess'));
    const r = flushpoint('labs', 'check', dir, '--json');
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as {
      labs: number;
      exercises: number;
      problems: { lab: string; message: string }[];
    };
    expect(out.labs).toBe(6);
    expect(out.exercises).toBeGreaterThanOrEqual(40);
    expect(out.problems).toHaveLength(1);
    expect(out.problems[0]?.message).toMatch(
      /05-stopping-cpus\/lab\.yaml:\d+: exercises\[4\]\.kind: must be one of/,
    );
  });

  it('says which misconceptions no option names, without calling it a problem', () => {
    const dir = tmp();
    cpSync(LABS, dir, { recursive: true });
    const file = join(dir, '04-tdx-percpu-flag', 'lab.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n +misconception: global-flag/, ''));
    const r = flushpoint('labs', 'check', dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/named by an option: (\d+) of (\d+) \(not: global-flag\)\n$/);
  });

  it('a single lab folder is checked as one lab', () => {
    const r = flushpoint('labs', 'check', join(LABS, '02-sme-two-wbinvds'), '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { labs: number; exercises: number; problems: unknown[] };
    expect(out.labs).toBe(1);
    expect(out.exercises).toBeGreaterThanOrEqual(5);
    expect(out.problems).toEqual([]);
  });

  it('a folder with no labs, or one that cannot be read, is a problem (not a lab) and exits 1', () => {
    const empty = tmp();
    const r = flushpoint('labs', 'check', empty);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^0 labs, 0 exercises, 0 variants checked, 1 problem\n/);
    expect(r.stdout).toContain(`${empty}: no labs here`);
    const missing = join(empty, 'nope');
    const j = flushpoint('labs', 'check', missing, '--json');
    expect(j.status).toBe(1);
    const out = JSON.parse(j.stdout) as { labs: number; problems: { lab: string; message: string }[] };
    expect(Object.keys(out)).toEqual(LABS_CHECK_KEYS);
    expect(out.labs).toBe(0);
    expect(out.problems).toEqual([
      {
        lab: '(all)',
        exercise: null,
        variant: null,
        message: `${missing}: cannot read the labs folder (ENOENT)`,
        file: null,
        line: null,
      },
    ]);
  });

  it('bad arguments exit 2 with usage on stderr and nothing on stdout', () => {
    const r = flushpoint('labs', 'check', '--frobnicate');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/unknown option --frobnicate/);
  });
});

describe('flushpoint labs keys', () => {
  it("prints each variant's key in the expect form and in words; --json the same as data", () => {
    const r = flushpoint(
      'labs',
      'keys',
      LABS,
      '--lab',
      '02-sme-two-wbinvds',
      '--exercise',
      'who-runs-relocate',
    );
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        '02-sme-two-wbinvds / who-runs-relocate: Which CPU runs relocate_kernel (choose, 2 points)',
        ...[1, 2, 3].flatMap((n) => [`  start=${n}  expect: [0]`, '      [0] CPU 0, the reboot CPU']),
        '',
      ].join('\n'),
    );
    const j = flushpoint('labs', 'keys', LABS, '--lab', '02-sme-two-wbinvds', '--json');
    const list = JSON.parse(j.stdout) as { exercise: string; variants: { expect: unknown }[] }[];
    expect(list.map((e) => e.exercise)).toContain('grid-sme-active');
    expect(list.find((e) => e.exercise === 'grid-sme-active')?.variants).toEqual([
      expect.objectContaining({
        expect: ['0:relocate_kernel', '1:stop_this_cpu', '2:stop_this_cpu', '3:stop_this_cpu'],
      }),
    ]);
  });

  it('an unknown lab or exercise, or a bad option, exits 2 naming it', () => {
    const lab = flushpoint('labs', 'keys', LABS, '--lab', 'nope');
    expect(lab.status).toBe(2);
    expect(lab.stderr).toMatch(/no lab nope in .*\(there are: 01-why-flush, /);
    const ex = flushpoint('labs', 'keys', LABS, '--exercise', 'nope');
    expect(ex.status).toBe(2);
    expect(ex.stderr).toMatch(/no exercise nope/);
    expect(flushpoint('labs', 'keys', '--lab').stderr).toMatch(/--lab needs an id/);
    expect(flushpoint('labs', 'keys', '--frobnicate').status).toBe(2);
  });

  it('a folder that cannot be read or holds no lab exits 2 naming it', () => {
    const empty = tmp();
    const none = flushpoint('labs', 'keys', empty);
    expect(none.status).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain(`${empty}: no labs here`);
    const missing = flushpoint('labs', 'keys', join(empty, 'nope'));
    expect(missing.status).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain(`${join(empty, 'nope')}: cannot read the labs folder (ENOENT)`);
  });

  it('a broken lab is named with file, line and field and exits 1; the others are still listed', () => {
    const dir = tmp();
    cpSync(join(LABS, '01-why-flush'), join(dir, '01-why-flush'), { recursive: true });
    cpSync(join(LABS, '05-stopping-cpus'), join(dir, '05-stopping-cpus'), { recursive: true });
    const file = join(dir, '05-stopping-cpus', 'lab.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('kind: predict', 'kind: guess'));
    const r = flushpoint('labs', 'keys', dir, '--json');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^error: lab 05-stopping-cpus cannot be loaded: .*05-stopping-cpus\/lab\.yaml:\d+: exercises\[4\]\.kind: must be one of/,
    );
    const list = JSON.parse(r.stdout) as { lab: string }[];
    expect(new Set(list.map((e) => e.lab))).toEqual(new Set(['01-why-flush']));
    // Asked for by --lab: the same error, exit 1 (not "no lab 05-stopping-cpus").
    const one = flushpoint('labs', 'keys', dir, '--lab', '05-stopping-cpus');
    expect(one.status).toBe(1);
    expect(one.stderr).toMatch(/^error: lab 05-stopping-cpus cannot be loaded: /);
    // Another lab asked for: listed, exit 0, the broken one still pointed out.
    const other = flushpoint('labs', 'keys', dir, '--lab', '01-why-flush');
    expect(other.status).toBe(0);
    expect(other.stderr).toMatch(/^warning: lab 05-stopping-cpus cannot be loaded: /);
  });

  it('DIR may be one lab folder', () => {
    const r = flushpoint('labs', 'keys', join(LABS, '02-sme-two-wbinvds'), '--exercise', 'who-runs-relocate');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^02-sme-two-wbinvds \/ who-runs-relocate: /);
  });
});

describe('flushpoint grade', () => {
  it('after "--" every argument is a progress file, one named like an option too', async () => {
    const lab = await loadLab(LABS, '02-sme-two-wbinvds');
    const dir = tmp();
    writeFileSync(join(dir, '--csv'), JSON.stringify(progressOf(lab, { name: 'Dash', id: 'dash-1' }, {})));
    const r = spawnSync(process.execPath, [bin, 'grade', '--json', '--', '--csv'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('"student": "Dash"');
    // Before "--" it is the option it looks like.
    const opt = spawnSync(process.execPath, [bin, 'grade', '--json', '--csv'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(opt.status).toBe(2);
    expect(opt.stderr).toContain('--json and --csv: choose one');
  });
  it('writes a file name with control characters escaped, on stderr and in the CSV (a name can drive a terminal)', async () => {
    const lab = await loadLab(LABS, '02-sme-two-wbinvds');
    const dir = tmp();
    const file = join(dir, 'evil\u001b]0;owned\u0007.json');
    writeFileSync(file, JSON.stringify(progressOf(lab, { name: 'Eve', id: 'eve-1' }, {})));
    // A folder: the file is found by its keys, noted and listed by its name.
    writeFileSync(join(dir, 'bad\u001b[2J.json'), '{"version": 2, "attempts": [');
    const r = flushpoint('grade', dir, '--csv');
    // eslint-disable-next-line no-control-regex
    expect(r.stdout + r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(r.stdout).toContain('evil\\x1b]0;owned\\x07.json');
    expect(r.stderr).toContain('bad\\x1b[2J.json');
  });
  it('re-grades a progress file from the labs and the seeds: a wrong try, then the right answer', async () => {
    const lab = await loadLab(LABS, '02-sme-two-wbinvds');
    const id = 'ada-42';
    const attempts: Attempt[] = [];
    let n = 0;
    const points = (exerciseId: string) => lab.exercises.find((e) => e.id === exerciseId)?.points ?? 0;
    const at = (answer: unknown, exerciseId: string, seed: number, correct: boolean): Attempt => ({
      id: `a${n++}`,
      labId: lab.id,
      exerciseId,
      variantSeed: seed,
      answer,
      // As the app recorded it (full credit: a first try, or after the free retry). Not counted: grade
      // recomputes it, and only says so where it differs.
      score: correct ? points(exerciseId) : 0,
      maxScore: points(exerciseId),
      hintsUsed: 0,
      correct,
      solutionShown: false,
      at: '2026-11-25T10:00:00.000Z',
      durationMs: 1000,
    });
    for (const ex of lab.exercises.slice(0, 3)) {
      const seed = variantSeed(id, `${lab.id}/${ex.id}`);
      const inst = makeInstance(ex, seed);
      if (ex.id === 'who-runs-relocate')
        attempts.push(at({ kind: 'choose', selected: [1] }, ex.id, seed, false));
      attempts.push(at(referenceAnswer(inst), ex.id, seed, true));
    }
    const dir = tmp();
    const file = join(dir, 'progress.json');
    writeFileSync(
      file,
      JSON.stringify({ version: PROGRESS_VERSION, profile: { name: 'Ada', id }, attempts }),
    );
    const r = flushpoint('grade', file, '--labs', LABS, '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout) as {
      lab: string;
      score: number;
      max: number;
      solved: number;
      studentId: string;
    }[];
    expect(rows).toHaveLength(1);
    // who-runs-relocate 2 (free retry) + two grids 4 + 4.
    expect(rows[0]).toMatchObject({ lab: lab.id, studentId: id, score: 10, max: 25, solved: 3 });
    // Run from any folder without --labs, grade uses the labs this copy ships, not ./labs.
    const elsewhere = spawnSync(process.execPath, [bin, 'grade', file, '--json'], {
      cwd: tmp(),
      encoding: 'utf8',
    });
    expect(elsewhere.stderr).toBe('');
    expect(JSON.parse(elsewhere.stdout)).toEqual(rows);
    const csv = flushpoint('grade', file, '--labs', LABS, '--csv');
    expect(csv.stdout.split('\n')[0]).toBe('file,student,student_id,lab,score,max,solved,exercises,notes');
    // Of 9 exercises that can be solved: the tenth is an explain one, never graded.
    expect(csv.stdout).toContain(`Ada,${id},${lab.id},10.00,25,3,9,\n`);

    // By exercise: a row per exercise of the lab, with the misconception the wrong try showed.
    const per = flushpoint('grade', file, '--labs', LABS, '--by-exercise', '--csv');
    expect(per.status).toBe(0);
    const lines = per.stdout.trim().split('\n');
    expect(lines[0]).toBe(
      'file,student,student_id,lab,exercise,title,kind,attempts,score,points,solved,solution_shown,misconceptions,notes',
    );
    expect(lines).toHaveLength(1 + lab.exercises.length);
    expect(lines[1]).toBe(
      `${file},Ada,${id},${lab.id},who-runs-relocate,Which CPU runs relocate_kernel,choose,2,2.00,2,1,0,start-cpu-is-k,`,
    );
    expect(lines[4]).toMatch(/,stop-order,The order of an SME kexec,order,0,0\.00,3,0,0,,$/);
    // The class summary names the misconception in words.
    const summary = flushpoint('grade', file, '--labs', LABS, '--by-exercise');
    expect(summary.stdout).toMatch(/^02-sme-two-wbinvds \(1 student\)$/m);
    expect(summary.stdout).toMatch(
      /who-runs-relocate +solved 1\/1, tried 1, mean 2\.00 \/ 2 +Which CPU runs relocate_kernel/,
    );
    expect(summary.stdout).toContain(
      'wrong answers showed: "The CPU that ran kexec -e is the one that runs relocate_kernel" (1)',
    );
  });

  it("grades an instructor's own lab given a second --labs folder, beside the app's", async () => {
    const instructor = tmp();
    cpSync(join(LABS, '02-sme-two-wbinvds'), join(instructor, 'class-quiz'), { recursive: true });
    const spec = join(instructor, 'class-quiz', 'lab.yaml');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace(/^id: .*$/m, 'id: class-quiz'));
    const lab = await loadLab(instructor, 'class-quiz');
    const id = 'cy-7';
    const attempts: Attempt[] = lab.exercises.slice(0, 2).map((ex, i) => {
      const seed = variantSeed(id, `${lab.id}/${ex.id}`);
      return {
        id: `q${i}`,
        labId: lab.id,
        exerciseId: ex.id,
        variantSeed: seed,
        answer: referenceAnswer(makeInstance(ex, seed)),
        score: ex.points,
        maxScore: ex.points,
        hintsUsed: 0,
        correct: true,
        solutionShown: false,
        at: '2026-11-25T10:00:00.000Z',
        durationMs: 1000,
      };
    });
    const file = join(tmp(), 'flushpoint-progress-cy-7.json');
    writeFileSync(file, JSON.stringify({ version: PROGRESS_VERSION, profile: { name: 'Cy', id }, attempts }));
    const points = lab.exercises.slice(0, 2).reduce((sum, ex) => sum + ex.points, 0);
    const both = flushpoint('grade', file, '--labs', LABS, '--labs', instructor, '--json');
    expect(both.stderr).toBe('');
    const rows = JSON.parse(both.stdout) as { lab: string; score: number; solved: number }[];
    expect(rows).toEqual([expect.objectContaining({ lab: 'class-quiz', score: points, solved: 2 })]);
    // Without the instructor's folder the attempts belong to no lab: not graded, and it says so; the
    // student is listed all the same, with no figures, and grade exits 1.
    const without = flushpoint('grade', file, '--labs', LABS, '--json');
    expect(JSON.parse(without.stdout)).toEqual([
      {
        file,
        student: 'Cy',
        studentId: id,
        lab: 'class-quiz',
        score: null,
        max: null,
        solved: null,
        exercises: null,
        notes: ['lab not among the labs graded with: not graded'],
      },
    ]);
    expect(without.stderr).toBe(
      `warning: lab class-quiz is not among the labs graded with (add its folder with --labs); its answers in ${file} are not graded\n`,
    );
    expect(without.status).toBe(1);
    // The same student handed in twice: one student, graded once from both, and said so with how.
    const again = join(tmp(), 'cy-again.json');
    writeFileSync(again, readFileSync(file));
    const twice = flushpoint('grade', file, again, '--labs', LABS, '--labs', instructor, '--json');
    expect(twice.stderr).toBe(
      `warning: student id ${id} is in more than one file: ${file}, ${again}; graded once, as one student: the attempts of both files merged in the order they were made, each attempt once: 2 attempts in more than one file, counted once, 0 attempts only in ${file}, 0 attempts only in ${again} (the files hold the same attempts: the same work handed in twice, or a copy?)\n`,
    );
    expect(JSON.parse(twice.stdout)).toEqual([
      expect.objectContaining({
        file,
        lab: 'class-quiz',
        score: points,
        solved: 2,
        notes: [`student id in 2 files (${file}, ${again}): graded once, their attempts merged`],
      }),
    ]);
  });

  it('a --labs folder that cannot be read, is missing or holds no lab, exits 2 with nothing on stdout', () => {
    const dir = tmp();
    const file = join(dir, 'p.json');
    writeFileSync(file, JSON.stringify({ version: PROGRESS_VERSION, profile: null, attempts: [] }));
    const missing = join(dir, 'nope');
    const r = flushpoint('grade', file, '--labs', missing, '--json');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`flushpoint grade: --labs ${missing}: cannot read the labs folder (ENOENT)`);
    // A folder with no lab grades nothing: every answer would be "not among the labs", and exit 0.
    const empty = tmp();
    const none = flushpoint('grade', file, '--labs', LABS, '--labs', empty);
    expect(none.status).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(
      new RegExp(
        `^flushpoint grade: --labs ${empty}: no labs here \\(neither a lab\\.yaml nor a folder holding one\\)\n`,
      ),
    );
    // --json is an option, not the folder.
    const taken = flushpoint('grade', file, '--labs', '--json');
    expect(taken.status).toBe(2);
    expect(taken.stdout).toBe('');
    expect(taken.stderr).toMatch(/--labs needs a folder/);
  });

  it('a broken lab is named with file, line and field; its answers are said to wait for the fix', async () => {
    const dir = tmp();
    cpSync(join(LABS, '02-sme-two-wbinvds'), join(dir, '02-sme-two-wbinvds'), { recursive: true });
    const spec = join(dir, '02-sme-two-wbinvds', 'lab.yaml');
    const lab = await loadLab(dir, '02-sme-two-wbinvds');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('kind: grid', 'kind: gird'));
    const ex = lab.exercises[0] as (typeof lab.exercises)[number];
    const file = join(tmp(), 'p.json');
    const attempt: Attempt = {
      id: 'a0',
      labId: lab.id,
      exerciseId: ex.id,
      variantSeed: 0,
      answer: referenceAnswer(makeInstance(ex, 0)),
      score: 0,
      maxScore: ex.points,
      hintsUsed: 0,
      correct: true,
      solutionShown: false,
      at: '2026-11-25T10:00:00.000Z',
      durationMs: 1000,
    };
    writeFileSync(
      file,
      JSON.stringify({ version: PROGRESS_VERSION, profile: { name: 'Di', id: 'di' }, attempts: [attempt] }),
    );
    const r = flushpoint('grade', file, '--labs', dir, '--json');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual([
      expect.objectContaining({
        file,
        lab: lab.id,
        score: null,
        notes: ['lab cannot be loaded: not graded'],
      }),
    ]);
    // After the shipped labs, the broken copy still replaces the shipped lab of its id, as in the app:
    // graded against the shipped one instead, the class would be graded on a lab it was not given.
    const layered = flushpoint('grade', file, '--labs', LABS, '--labs', dir, '--json');
    expect(layered.status).toBe(1);
    expect(JSON.parse(layered.stdout)).toEqual([
      expect.objectContaining({ lab: lab.id, score: null, notes: ['lab cannot be loaded: not graded'] }),
    ]);
    // A later folder of that name with no lab.yaml in it is no lab: said, and the shipped lab graded.
    const none = tmp();
    mkdirSync(join(none, lab.id));
    cpSync(join(LABS, '01-why-flush'), join(none, '01-why-flush'), { recursive: true });
    const kept = flushpoint('grade', file, '--labs', LABS, '--labs', none, '--json');
    expect(kept.status).toBe(0);
    expect(JSON.parse(kept.stdout)).toEqual([expect.objectContaining({ lab: lab.id, score: ex.points })]);
    expect(kept.stderr).toMatch(new RegExp(`^warning: .*${lab.id}: \\(folder\\): holds no lab\\.yaml`));
    expect(kept.stderr).not.toMatch(/cannot be loaded/);
    // An empty path is a bad argument (an unset variable in a script), not a file that cannot be read.
    const empty = flushpoint('grade', '');
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/^flushpoint grade: the path is empty: name a progress file\n/);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(
      /^warning: lab 02-sme-two-wbinvds cannot be loaded: .*02-sme-two-wbinvds\/lab\.yaml:\d+: exercises\[\d+\]\.kind: must be one of/,
    );
    expect(lines.at(-1)).toBe(
      `warning: lab 02-sme-two-wbinvds cannot be loaded (above): its answers in ${file} cannot be graded until it is fixed`,
    );
    expect(r.stderr).not.toMatch(/is not among the labs graded with/);
  });

  it('answers the exercise cannot read are named by file and attempts[i]; the rest is graded as before', async () => {
    const lab = await loadLab(LABS, '02-sme-two-wbinvds');
    const who = lab.exercises[0] as (typeof lab.exercises)[number];
    const base = anAttempt({ labId: lab.id });
    const attempts = [
      { ...base, id: 'a0', exerciseId: who.id, answer: null },
      { ...base, id: 'a1', exerciseId: who.id, answer: { kind: 'choose', selected: [99] } },
      // Stored as the app would have graded them then: a blank grid, then right after two wrong tries.
      {
        ...base,
        id: 'a2',
        exerciseId: 'grid-sme-active',
        answer: { kind: 'grid', cells: ['garbage'] },
        score: 0,
      },
      { ...base, id: 'a3', exerciseId: 'no-such-exercise', answer: { kind: 'choose', selected: [0] } },
      {
        ...base,
        id: 'a4',
        exerciseId: who.id,
        answer: referenceAnswer(makeInstance(who, 1)),
        correct: true,
        score: 1.7,
      },
    ];
    const file = join(tmp(), 'eve.json');
    writeFileSync(
      file,
      JSON.stringify({ version: PROGRESS_VERSION, profile: { name: 'Eve', id: 'eve' }, attempts }),
    );
    const r = flushpoint('grade', file, '--labs', LABS, '--json');
    expect(r.status).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([
      // Seed 1 is not one the app makes for Eve: said too, and the attempts graded as they stand.
      `warning: ${file}: the variant seeds of 4 of 4 attempts were not made for student id "eve" (copied from another student?); graded as they stand`,
      `warning: ${file}: attempts[0].answer: not an answer (null); counted as a wrong try`,
      `warning: ${file}: attempts[1].answer.selected: 99: no such option (who-runs-relocate has options 0 to 2)`,
      expect.stringMatching(
        new RegExp(
          `^warning: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: attempts\\[2\\]\\.answer\\.cells: "garbage": no such cell`,
        ),
      ),
      `warning: ${file}: attempts[3].exerciseId: lab 02-sme-two-wbinvds has no exercise "no-such-exercise"; not graded`,
    ]);
    // Scores as before: two wrong tries before the right answer (2 points x 0.85), and the grid read as
    // no cell ticked (a blank grid earns nothing). Each problem is in the row's notes too, counted (still
    // exit 0: the row has its figures; only answers with none, "not graded", make it 1).
    const lost = '1 attempt at an exercise the lab does not have, not graded';
    expect(JSON.parse(r.stdout)).toEqual([
      expect.objectContaining({
        lab: lab.id,
        score: 1.7,
        solved: 1,
        notes: [
          "variant seeds of 4 of 4 attempts not this student's",
          lost,
          '1 answer not readable, counted as a wrong try',
          '2 answers out of range or malformed, graded as it stands',
        ],
      }),
    ]);
    // By exercise, on the exercise's row (the attempt at no exercise of the lab, on each of its rows).
    const per = flushpoint('grade', file, '--labs', LABS, '--by-exercise', '--csv');
    expect(per.status).toBe(0);
    const notes = (id: string) =>
      per.stdout
        .split('\n')
        .find((l) => l.includes(`,${id},`))
        ?.replace(/^.*?,(?=")/, '');
    expect(notes(who.id)).toBe(
      `"variant seeds of 3 of 3 attempts not this student's; ${lost}; 1 answer not readable, counted as a wrong try; 1 answer out of range or malformed, graded as it stands"`,
    );
    expect(notes('grid-sme-active')).toBe(
      `"variant seeds of 1 of 1 attempt not this student's; ${lost}; 1 answer out of range or malformed, graded as it stands"`,
    );
    expect(notes('stop-order')).toBe(`"${lost}"`);
  });

  it('one odd field costs a student nothing, and the table keeps its columns whatever the names', async () => {
    const lab = await loadLab(LABS, '02-sme-two-wbinvds');
    const dir = tmp();
    const write = (file: string, name: string, id: string, edit: (a: Attempt[]) => unknown[]) => {
      const attempts: Attempt[] = lab.exercises.slice(0, 2).map((ex, i) => {
        const seed = variantSeed(id, `${lab.id}/${ex.id}`);
        return {
          id: `${id}-${i}`,
          labId: lab.id,
          exerciseId: ex.id,
          variantSeed: seed,
          answer: referenceAnswer(makeInstance(ex, seed)),
          score: ex.points,
          maxScore: ex.points,
          hintsUsed: 0,
          correct: true,
          solutionShown: false,
          at: '2026-11-25T10:00:00.000Z',
          durationMs: 1000,
        };
      });
      const path = join(dir, file);
      writeFileSync(
        path,
        JSON.stringify({ version: PROGRESS_VERSION, profile: { name, id }, attempts: edit(attempts) }),
      );
      return path;
    };
    const ada = write('ada.json', 'Ada', 'ada', (a) => a);
    // Edited by hand: a time in the wrong form, a stored score out of range, and an attempt that is not one.
    const bart = write('bart.json', 'Bartholomew Longname-Smythe', 'bartholomew-99', (a) => [
      { ...a[0], at: '2026-11-25 10:00', score: 2000 },
      a[1],
      'oops',
    ]);
    const r = flushpoint('grade', ada, bart, '--labs', LABS);
    expect(r.status).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([
      `warning: ${bart}: attempts[0].score must be a number from 0 to 1000: not read to grade it; graded anyway`,
      `warning: ${bart}: attempts[0].at must be a time in ISO form, UTC (like 2026-11-25T10:00:00.000Z): not read to grade it; graded anyway`,
      `warning: ${bart}: attempts[2] is not an attempt (an object): skipped`,
    ]);
    const solvable = lab.exercises.filter((ex) => ex.kind !== 'explain').length;
    expect(r.stdout.split('\n')).toEqual([
      `Ada (ada)                                     ${lab.id}  6.00 / 25  solved 2/${solvable}`,
      `Bartholomew Longname-Smythe (bartholomew-99)  ${lab.id}  6.00 / 25  solved 2/${solvable}`,
      '',
    ]);
  });

  it('the table tells every row apart: the files of a student handed in twice, a file with no profile or not read', async () => {
    const lab = await loadLab(LABS, '02-sme-two-wbinvds');
    const dir = tmp();
    mkdirSync(join(dir, 'sec-a'));
    mkdirSync(join(dir, 'sec-b'));
    const write = (file: string, data: unknown) => {
      writeFileSync(join(dir, file), typeof data === 'string' ? data : JSON.stringify(data));
      return file;
    };
    const plans = { 'who-runs-relocate': 'right', 'grid-sme-active': 'right' } as const;
    const alice = progressOf(lab, { name: 'Alice', id: 'alice' }, plans);
    const guest = (plan: 'right' | 'wrong') => ({
      ...progressOf(lab, { name: '', id: 'guest' }, { 'who-runs-relocate': plan }),
      profile: null,
    });
    const files = [
      write('flushpoint-progress-alice.json', alice),
      // The same student id in a second file (handed in again, or a copy): the same name and id.
      write('alice-again.json', alice),
      write('bob.json', progressOf(lab, { name: 'Bob', id: 'bob' }, { 'who-runs-relocate': 'right' })),
      // Two files with no profile, of one base name: each by its path from here.
      write(join('sec-a', 'progress.json'), guest('right')),
      write(join('sec-b', 'progress.json'), guest('wrong')),
      // A profile whose id cannot be read: the name, and no doubled parentheses.
      write('eve.json', {
        ...progressOf(lab, { name: 'Eve', id: 'eve' }, plans),
        profile: { name: 'Eve', id: 7 },
      }),
      // Not a progress file at all: whose it is is not known.
      write('cut.json', '{"version": 2, "profile": nul'),
    ];
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [bin, 'grade', ...files, '--labs', LABS, ...args], {
        cwd: dir,
        encoding: 'utf8',
      });
    const r = run();
    expect(r.status).toBe(1);
    const id = lab.id;
    const a = join('sec-a', 'progress.json');
    const b = join('sec-b', 'progress.json');
    // Alice, graded once from both her files, which her row names.
    const both = 'flushpoint-progress-alice.json + alice-again.json';
    expect(r.stdout).toBe(
      [
        `Alice (alice)      ${both}  ${id}  6.00 / 25  solved 2/9`,
        `Bob (bob)          ${''.padEnd(both.length)}  ${id}  2.00 / 25  solved 1/9`,
        `(no profile)       ${a.padEnd(both.length)}  ${id}  2.00 / 25  solved 1/9`,
        `(no profile)       ${b.padEnd(both.length)}  ${id}  0.00 / 25  solved 0/9`,
        `Eve (no id)        ${''.padEnd(both.length)}  ${id}  6.00 / 25  solved 2/9`,
        `(student unknown)  ${'cut.json'.padEnd(both.length)}  —                      — / —   not graded: not valid JSON: it ends too soon (cut short?)`,
        '',
      ].join('\n'),
    );
    expect(r.stdout).not.toContain('((no id))');
    expect(r.stderr).toContain(
      'warning: student id alice is in more than one file: flushpoint-progress-alice.json, alice-again.json; graded once, as one student',
    );
    // The CSV as before: the file in a column of its own, the student as the file has it; Alice's row
    // (by her first file) notes both.
    const csv = run('--csv');
    expect(csv.stdout.split('\n')[1]).toBe(
      `flushpoint-progress-alice.json,Alice,alice,${id},6.00,25,2,9,"student id in 2 files (flushpoint-progress-alice.json, alice-again.json): graded once, their attempts merged"`,
    );
    expect(csv.stdout.split('\n').slice(3, 7)).toEqual([
      `${a},${NO_NAME},${NO_ID},${id},2.00,25,1,9,no profile`,
      `${b},${NO_NAME},${NO_ID},${id},0.00,25,0,9,no profile`,
      `eve.json,Eve,${NO_ID},${id},6.00,25,2,9,`,
      `cut.json,${NO_NAME},${NO_ID},,,,,,not graded: not valid JSON: it ends too soon (cut short?)`,
    ]);
    // By exercise, the rows not in the figures are told apart the same way; Alice is counted once.
    const summary = run('--by-exercise');
    expect(summary.stdout.split('\n')[0]).toBe(`${id} (5 students, 1 graded from several files)`);
    expect(summary.stdout).toMatch(
      /\nnot in the figures above:\n {2}\(student unknown\) {2}cut\.json {2}— {2}not graded: not valid JSON: it ends too soon \(cut short\?\)\n$/,
    );
    // A class whose students each have a name and id of their own has no file column, as before (the
    // other tables here).
  });

  it('a file given twice is graded once, and said so; a byte-order mark is no error; --json with --csv exits 2', () => {
    const dir = tmp();
    const file = join(dir, 'fay.json');
    const data = JSON.stringify({
      version: PROGRESS_VERSION,
      profile: { name: 'Fay', id: 'fay' },
      attempts: [],
    });
    writeFileSync(file, `\uFEFF${data}`);
    const r = spawnSync(process.execPath, [bin, 'grade', file, './fay.json', '--json'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe(
      'warning: ./fay.json is given more than once; graded once\n' + `warning: ${file}: ${NO_LAB_TO_LIST}\n`,
    );
    expect(r.status).toBe(0);
    // Listed once (this was [], Fay missing: no lab was worked on to give her a 0 in), no figures.
    expect(JSON.parse(r.stdout)).toEqual([expect.objectContaining({ file, lab: '', notes: [NO_ATTEMPTS] })]);
    const both = flushpoint('grade', file, '--json', '--csv');
    expect(both.status).toBe(2);
    expect(both.stdout).toBe('');
    expect(both.stderr).toMatch(/^flushpoint grade: --json and --csv: choose one\n/);
  });

  it('a student who answered nothing is listed with 0 in each lab the class worked on, in every format', async () => {
    const lab = await loadLab(LABS, '02-sme-two-wbinvds');
    const dir = tmp();
    const ada = join(dir, 'ada.json');
    writeFileSync(
      ada,
      JSON.stringify(progressOf(lab, { name: 'Ada', id: 'ada' }, { 'who-runs-relocate': 'right' })),
    );
    const cy = join(dir, 'cy.json');
    writeFileSync(
      cy,
      JSON.stringify({ version: PROGRESS_VERSION, profile: { name: 'Cy', id: 'cy' }, attempts: [] }),
    );
    const solvable = lab.exercises.filter((ex) => ex.kind !== 'explain').length;
    const warning = `warning: ${cy}: no attempts: this student answered no exercise yet; listed with 0 in each lab the class worked on (1 lab)\n`;
    const table = flushpoint('grade', ada, cy, '--labs', LABS);
    expect(table.status).toBe(0);
    expect(table.stderr).toBe(warning);
    expect(table.stdout).toBe(
      `Ada (ada)  ${lab.id}  2.00 / 25  solved 1/${solvable}\n` +
        `Cy (cy)    ${lab.id}  0.00 / 25  solved 0/${solvable}\n`,
    );
    const csv = flushpoint('grade', ada, cy, '--labs', LABS, '--csv');
    expect(csv.stdout).toBe(
      'file,student,student_id,lab,score,max,solved,exercises,notes\n' +
        `${ada},Ada,ada,${lab.id},2.00,25,1,${solvable},\n` +
        `${cy},Cy,cy,${lab.id},0.00,25,0,${solvable},no attempts in this file\n`,
    );
    const json = JSON.parse(flushpoint('grade', ada, cy, '--labs', LABS, '--json').stdout) as unknown[];
    expect(json[1]).toEqual({
      file: cy,
      student: 'Cy',
      studentId: 'cy',
      lab: lab.id,
      score: 0,
      max: 25,
      solved: 0,
      exercises: solvable,
      notes: ['no attempts in this file'],
    });
    // Without --labs (the labs this copy ships, six of them): the lab the class worked on only.
    expect(JSON.parse(flushpoint('grade', ada, cy, '--json').stdout)).toEqual(json);
    const per = flushpoint('grade', ada, cy, '--labs', LABS, '--by-exercise', '--csv')
      .stdout.trim()
      .split('\n');
    expect(per).toHaveLength(1 + 2 * lab.exercises.length);
    expect(per.filter((l) => l.startsWith(`${cy},`))).toHaveLength(lab.exercises.length);
    expect(per).toContain(
      `${cy},Cy,cy,${lab.id},who-runs-relocate,Which CPU runs relocate_kernel,choose,0,0.00,2,0,0,,no attempts in this file`,
    );
    // The class per exercise is among the students the scores list in the lab: Cy too, at 0.
    const summary = flushpoint('grade', ada, cy, '--labs', LABS, '--by-exercise');
    expect(summary.stdout).toMatch(/^02-sme-two-wbinvds \(2 students, 1 with no attempts\)$/m);
    expect(summary.stdout).toMatch(/who-runs-relocate +solved 1\/2, tried 1, mean 1\.00 \/ 2 /);
  });

  it('--by-exercise counts a student with no attempts in the lab, at 0, as the scores list them', async () => {
    const lab = await loadLab(LABS, '02-sme-two-wbinvds');
    const dir = tmp();
    const write = (name: string, id: string, plan: 'right' | 'wrong' | null) => {
      const file = join(dir, `${id}.json`);
      const data = progressOf(lab, { name, id }, plan ? { 'who-runs-relocate': plan } : {});
      writeFileSync(file, JSON.stringify(data));
      return file;
    };
    const files = [
      write('Ada', 'ada', 'right'),
      write('Bo', 'bo', 'wrong'),
      write('Cy', 'cy', 'wrong'),
      write('Dave', 'dave', null),
    ];
    const scores = flushpoint('grade', ...files, '--labs', LABS);
    expect(scores.stdout.trim().split('\n')).toHaveLength(4);
    const summary = flushpoint('grade', ...files, '--labs', LABS, '--by-exercise');
    expect(summary.status).toBe(0);
    // Not "(3 students)", "solved 1/3, mean 0.67": Dave, listed with 0 in the scores, is one of 4.
    expect(summary.stdout).toMatch(/^02-sme-two-wbinvds \(4 students, 1 with no attempts\)$/m);
    expect(summary.stdout).toMatch(/who-runs-relocate +solved 1\/4, tried 3, mean 0\.50 \/ 2 /);
    expect(summary.stdout).toMatch(/grid-sme-active +solved 0\/4, tried 0, mean 0\.00 \/ 4 /);
    // The rows per exercise, as data, have Dave's too: what the figures are made of.
    const rows = JSON.parse(
      flushpoint('grade', ...files, '--labs', LABS, '--by-exercise', '--json').stdout,
    ) as { studentId: string; exercise: string; score: number }[];
    const who = rows.filter((r) => r.exercise === 'who-runs-relocate');
    expect(who.map((r) => r.studentId)).toEqual(['ada', 'bo', 'cy', 'dave']);
    expect(who.reduce((t, r) => t + r.score, 0) / who.length).toBe(0.5);
  });

  it('a class none of whom answered yet: every file is listed, noted no attempts, with no figures; exit 0', () => {
    const dir = tmp();
    const write = (name: string, id: string) => {
      const file = join(dir, `${id}.json`);
      writeFileSync(file, JSON.stringify({ version: PROGRESS_VERSION, profile: { name, id }, attempts: [] }));
      return file;
    };
    const cy = write('Cy', 'cy');
    const dee = write('Dee', 'dee');
    const table = flushpoint('grade', cy, dee, '--labs', LABS);
    // Not an error: as for a file with no attempts when others have some.
    expect(table.status).toBe(0);
    expect(table.stderr).toBe(`warning: ${cy}: ${NO_LAB_TO_LIST}\nwarning: ${dee}: ${NO_LAB_TO_LIST}\n`);
    expect(table.stdout).toBe(
      `Cy (cy)    —  — / —  ${NO_ATTEMPTS}\n` + `Dee (dee)  —  — / —  ${NO_ATTEMPTS}\n`,
    );
    const csv = flushpoint('grade', cy, dee, '--labs', LABS, '--csv');
    expect(csv.status).toBe(0);
    expect(csv.stdout).toBe(
      'file,student,student_id,lab,score,max,solved,exercises,notes\n' +
        `${cy},Cy,cy,,,,,,${NO_ATTEMPTS}\n` +
        `${dee},Dee,dee,,,,,,${NO_ATTEMPTS}\n`,
    );
    const json = flushpoint('grade', cy, dee, '--labs', LABS, '--json');
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(
      [cy, dee].map((file) => expect.objectContaining({ file, lab: '', score: null, notes: [NO_ATTEMPTS] })),
    );
    const per = flushpoint('grade', cy, dee, '--labs', LABS, '--by-exercise', '--csv');
    expect(per.status).toBe(0);
    expect(per.stdout.split('\n').slice(1)).toEqual([
      `${cy},Cy,cy,,,,,,,,,,,${NO_ATTEMPTS}`,
      `${dee},Dee,dee,,,,,,,,,,,${NO_ATTEMPTS}`,
      '',
    ]);
    const summary = flushpoint('grade', cy, dee, '--labs', LABS, '--by-exercise');
    expect(summary.status).toBe(0);
    expect(summary.stdout).toBe(
      'not in the figures above:\n' + `  Cy (cy)    —  ${NO_ATTEMPTS}\n` + `  Dee (dee)  —  ${NO_ATTEMPTS}\n`,
    );
  });

  it('a corrupt progress file is named with what is wrong; the other files are still graded', () => {
    const dir = tmp();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"version": 2, "profile": nul');
    const good = join(dir, 'good.json');
    writeFileSync(
      good,
      JSON.stringify({ version: PROGRESS_VERSION, profile: { name: 'Bo', id: 'bo' }, attempts: [] }),
    );
    const r = flushpoint('grade', bad, good, '--labs', LABS, '--json');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${bad}: not valid JSON`);
    // Bo's file, with no attempts, is listed (this was []: no lab worked on, he went missing); and the
    // file that could not be read, after the files graded (this was only on stderr).
    const unfigured = { lab: '', score: null, max: null, solved: null, exercises: null };
    expect(JSON.parse(r.stdout)).toEqual([
      { file: good, student: 'Bo', studentId: 'bo', ...unfigured, notes: [NO_ATTEMPTS] },
      {
        file: bad,
        student: NO_NAME,
        studentId: NO_ID,
        ...unfigured,
        notes: ['not graded: not valid JSON: it ends too soon (cut short?)'],
      },
    ]);
  });

  it('a file that could not be read at all is a row of the CSV, noted not graded and why; exit 1', async () => {
    const dir = tmp();
    const lab = await loadLab(LABS, '02-sme-two-wbinvds');
    const alice = join(dir, 'alice.json');
    writeFileSync(
      alice,
      JSON.stringify(progressOf(lab, { name: 'Alice', id: 'alice' }, { 'who-runs-relocate': 'right' })),
    );
    const cut = join(dir, 'cut.json');
    writeFileSync(cut, readFileSync(alice, 'utf8').slice(0, 100));
    const missing = join(dir, 'missing.json');
    const csv = flushpoint('grade', cut, alice, missing, '--labs', LABS, '--csv');
    expect(csv.status).toBe(1);
    expect(csv.stdout).toBe(
      'file,student,student_id,lab,score,max,solved,exercises,notes\n' +
        `${alice},Alice,alice,${lab.id},2.00,25,1,9,\n` +
        `${cut},${NO_NAME},${NO_ID},,,,,,not graded: not valid JSON: it ends too soon (cut short?)\n` +
        `${missing},${NO_NAME},${NO_ID},,,,,,not graded: cannot read (ENOENT)\n`,
    );
    // stderr as before.
    expect(csv.stderr).toBe(
      `${cut}: not valid JSON: it ends too soon (cut short?)\n${missing}: cannot read (ENOENT)\n`,
    );
    const per = flushpoint('grade', cut, alice, '--labs', LABS, '--by-exercise', '--csv');
    expect(per.status).toBe(1);
    expect(per.stdout.split('\n').at(-2)).toBe(
      `${cut},${NO_NAME},${NO_ID},,,,,,,,,,,not graded: not valid JSON: it ends too soon (cut short?)`,
    );
    // Only unreadable files: a row each, where the CSV was its header alone.
    const only = flushpoint('grade', cut, '--labs', LABS, '--csv');
    expect(only.status).toBe(1);
    expect(only.stdout.split('\n')).toHaveLength(3);
    const table = flushpoint('grade', cut, alice, '--labs', LABS);
    // Whose it is cannot be read: said so, with the file (not "(no name) ((no id))").
    expect(table.stdout).toMatch(
      /\n\(student unknown\) {2}cut\.json +— +— \/ — +not graded: not valid JSON: it ends too soon \(cut short\?\)\n$/,
    );
  });

  it('a file with a key written twice (a second "attempts" pasted in) is not graded: key and lines named, in its row too', async () => {
    const dir = tmp();
    const lab = await loadLab(LABS, '02-sme-two-wbinvds');
    const dan = progressOf(lab, { name: 'Dan', id: 'dan' }, { 'who-runs-relocate': 'right' });
    const file = join(dir, 'dan.json');
    // What JSON.parse reads of it is the last list, empty: graded, Dan had "no attempts in this file".
    const text = `${JSON.stringify(dan, null, 1).replace(/\n}$/, ',\n "attempts": []\n}')}\n`;
    expect(JSON.parse(text)).toMatchObject({ attempts: [] });
    writeFileSync(file, text);
    const lines = text.split('\n');
    const first = lines.indexOf(' "attempts": [') + 1;
    const again = lines.indexOf(' "attempts": []') + 1;
    const why = `the key "attempts" is written twice in the same object (at the top level), at line ${first}, column 2 and at line ${again}, column 2: only the second copy would be graded, and what the first holds missed`;
    const csv = flushpoint('grade', file, '--labs', LABS, '--csv');
    expect(csv.status).toBe(1);
    expect(csv.stderr).toBe(`${file}: ${why}\n`);
    expect(csv.stdout).toBe(
      'file,student,student_id,lab,score,max,solved,exercises,notes\n' +
        `${file},Dan,dan,,,,,,"not graded: ${why.replace(/"/g, '""')}"\n`,
    );
    const json = flushpoint('grade', file, '--labs', LABS, '--json');
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({
        file,
        student: 'Dan',
        studentId: 'dan',
        score: null,
        notes: [`not graded: ${why}`],
      }),
    ]);
  });

  describe('every student is listed, whatever could not be graded, and grade exits 1 then', () => {
    const classOf = async (dir: string) => {
      const lab = await loadLab(LABS, '02-sme-two-wbinvds');
      const write = (name: string, data: unknown) => {
        const file = join(dir, name);
        writeFileSync(file, JSON.stringify(data));
        return file;
      };
      const alice = progressOf(lab, { name: 'Alice', id: 'alice' }, { 'who-runs-relocate': 'right' });
      const bob = progressOf(lab, { name: 'Bob', id: 'bob' }, { 'who-runs-relocate': 'wrong-then-right' });
      return {
        lab,
        alice: write('alice.json', alice),
        bob: write('bob.json', bob),
        // Carol answered the instructor's lab 07-my-lab; every attempt of Dan's lacks its lab id.
        carol: write('carol.json', {
          ...alice,
          profile: { name: 'Carol', id: 'carol' },
          attempts: alice.attempts.map((a) => ({ ...a, labId: '07-my-lab' })),
        }),
        dan: write('dan.json', {
          ...bob,
          profile: { name: 'Dan', id: 'dan' },
          attempts: bob.attempts.map((a) => ({ ...a, labId: undefined })),
        }),
      };
    };

    it('a lab that cannot be loaded: each student who answered it is a row noted not graded, no score', async () => {
      const dir = tmp();
      cpSync(LABS, join(dir, 'labs'), { recursive: true });
      const prose = join(dir, 'labs', '02-sme-two-wbinvds', 'steps', '04-flags-word.md');
      writeFileSync(prose, `${readFileSync(prose, 'utf8')}\nSee <br> here\n`);
      const { lab, alice, bob } = await classOf(dir);
      const labs = join(dir, 'labs');
      const csv = flushpoint('grade', alice, bob, '--labs', labs, '--csv');
      expect(csv.status).toBe(1);
      expect(csv.stdout).toBe(
        'file,student,student_id,lab,score,max,solved,exercises,notes\n' +
          `${alice},Alice,alice,${lab.id},,,,,lab cannot be loaded: not graded\n` +
          `${bob},Bob,bob,${lab.id},,,,,lab cannot be loaded: not graded\n`,
      );
      // The warnings as before.
      expect(csv.stderr).toMatch(/^warning: lab 02-sme-two-wbinvds cannot be loaded: .*<br>/);
      expect(csv.stderr).toContain(
        `warning: lab 02-sme-two-wbinvds cannot be loaded (above): its answers in ${alice}, ${bob} cannot be graded until it is fixed\n`,
      );
      const json = flushpoint('grade', alice, bob, '--labs', labs, '--json');
      expect(json.status).toBe(1);
      expect(JSON.parse(json.stdout)).toEqual(
        [alice, bob].map((file, i) =>
          expect.objectContaining({
            file,
            studentId: ['alice', 'bob'][i],
            lab: lab.id,
            score: null,
            max: null,
            notes: ['lab cannot be loaded: not graded'],
          }),
        ),
      );
      const table = flushpoint('grade', alice, bob, '--labs', labs);
      expect(table.status).toBe(1);
      expect(table.stdout).toBe(
        `Alice (alice)  ${lab.id}  — / —  lab cannot be loaded: not graded\n` +
          `Bob (bob)      ${lab.id}  — / —  lab cannot be loaded: not graded\n`,
      );
    });

    it('a lab not among the labs given (--labs forgotten), and attempts with no lab id: rows noted not graded', async () => {
      const { lab, alice, carol, dan } = await classOf(tmp());
      const csv = flushpoint('grade', alice, carol, dan, '--csv');
      expect(csv.status).toBe(1);
      expect(csv.stdout.split('\n').slice(1)).toEqual([
        `${alice},Alice,alice,${lab.id},2.00,25,1,9,`,
        // Carol answered only lab 07: in lab 02, graded with, not started.
        `${carol},Carol,carol,${lab.id},0.00,25,0,9,not started`,
        `${carol},Carol,carol,07-my-lab,,,,,lab not among the labs graded with: not graded`,
        `${dan},Dan,dan,,,,,,no attempt could be read: not graded`,
        '',
      ]);
      expect(csv.stderr).toContain(
        `warning: lab 07-my-lab is not among the labs graded with (add its folder with --labs); its answers in ${carol} are not graded\n`,
      );
      expect(csv.stderr).toContain(`warning: ${dan}: attempts[0].labId must be an id`);
      // By exercise: a row each, and the class summary says who is not in its figures.
      const per = flushpoint('grade', alice, carol, dan, '--by-exercise', '--csv');
      expect(per.status).toBe(1);
      expect(per.stdout).toContain(
        `\n${carol},Carol,carol,07-my-lab,,,,,,,,,,lab not among the labs graded with: not graded\n`,
      );
      expect(per.stdout).toContain(`\n${dan},Dan,dan,,,,,,,,,,,no attempt could be read: not graded\n`);
      const summary = flushpoint('grade', alice, carol, dan, '--by-exercise');
      expect(summary.stdout).toMatch(/^02-sme-two-wbinvds \(1 student\)$/m);
      expect(summary.stdout).toMatch(
        /\nnot in the figures above:\n {2}Carol \(carol\) +07-my-lab +lab not among the labs graded with: not graded\n {2}Dan \(dan\) +— +no attempt could be read: not graded\n$/,
      );
    });

    it('files without a profile are never "student id (no id) in more than one file"', () => {
      const dir = tmp();
      const anon = (name: string) => {
        const file = join(dir, name);
        writeFileSync(
          file,
          JSON.stringify({ version: PROGRESS_VERSION, profile: null, attempts: [anAttempt()] }),
        );
        return file;
      };
      const r = flushpoint('grade', anon('a.json'), anon('b.json'), '--json');
      expect(r.stderr).toContain('no profile (no name, no student id)');
      expect(r.stderr).not.toMatch(/student id \(no id\) is in more than one file/);
    });
  });

  it('a lab edited after the student answered: warned about by file, lab and exercise, and noted; the grade now counts', async () => {
    const dir = tmp();
    cpSync(LABS, join(dir, 'labs'), { recursive: true });
    // who-runs-relocate's first two options swapped.
    const spec = join(dir, 'labs', '02-sme-two-wbinvds', 'lab.yaml');
    const yaml = readFileSync(spec, 'utf8');
    const first = yaml.indexOf('      - text: CPU 0, the reboot CPU\n');
    const second = yaml.indexOf('      - text: CPU {{start}}, which ran kexec -e\n');
    const third = yaml.indexOf('      - text: No CPU;', second);
    expect([first < second, second < third]).toEqual([true, true]);
    writeFileSync(
      spec,
      yaml.slice(0, first) + yaml.slice(second, third) + yaml.slice(first, second) + yaml.slice(third),
    );
    const lab = await loadLab(LABS, '02-sme-two-wbinvds');
    const alice = join(dir, 'alice.json');
    writeFileSync(
      alice,
      JSON.stringify(progressOf(lab, { name: 'Alice', id: 'alice' }, { 'who-runs-relocate': 'right' })),
    );
    const r = flushpoint('grade', alice, '--labs', join(dir, 'labs'), '--by-exercise', '--csv');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(
      `warning: ${alice}: lab 02-sme-two-wbinvds, exercise who-runs-relocate: the app recorded attempts[0] as right (2.00 points), graded again wrong (0.00): the lab, or how this version of the app grades it, has likely changed since the student answered (or the file was edited); graded as they are now\n`,
    );
    // Graded against the lab as it is now, the disagreement in the notes.
    expect(r.stdout.split('\n')[1]).toBe(
      `${alice},Alice,alice,02-sme-two-wbinvds,who-runs-relocate,Which CPU runs relocate_kernel,choose,1,0.00,2,0,0,start-cpu-is-k,1 attempt graded otherwise than the app recorded (lab or grading changed since?)`,
    );
    const summary = flushpoint('grade', alice, '--labs', join(dir, 'labs'), '--by-exercise');
    expect(summary.stdout).toContain(
      '      graded otherwise than the app recorded, for 1 student: the lab, or how the app grades it, has likely changed since they answered (see the warnings)\n',
    );
  });

  it('a version-1 file with "profile" (version 1 wrote "student") is warned about, file and field named, and noted', async () => {
    const lab = await loadLab(LABS, '02-sme-two-wbinvds');
    const right = progressOf(lab, { name: 'Lin', id: 'lin' }, { 'who-runs-relocate': 'right' });
    const file = join(tmp(), 'flushpoint-progress-lin.json');
    const attempts = right.attempts.map(({ labId, exerciseId, answer, score, maxScore, correct, at }) => ({
      labId,
      exerciseId,
      answer,
      score,
      maxScore,
      correct,
      at,
    }));
    writeFileSync(file, JSON.stringify({ version: 1, profile: { name: 'Lin', id: 'lin' }, attempts }));
    const r = flushpoint('grade', file, '--labs', LABS, '--csv');
    expect(r.status).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe(
      `warning: ${file}: profile is not a field of a version-1 file (version 1 wrote the name and id as "student"; "profile" is version 2's): not read, so graded as a file without a profile: if it holds this student's name and id, rename the key to "student" (or, if the rest of the file is version 2's, make its version 2)`,
    );
    expect(r.stdout.split('\n')[1]).toMatch(
      new RegExp(
        `^${file},\\(no name\\),\\(no id\\),${lab.id},.*,no profile; profile not read \\(not a version-1 field\\); `,
      ),
    );
  });

  it('grades answers saved with their texts as the student gave them after the options were reordered, and says when a text is gone', () => {
    const labsDir = (edit: (yaml: string) => string) => {
      const dir = tmp();
      cpSync(join(LABS, '02-sme-two-wbinvds'), join(dir, '02-sme-two-wbinvds'), { recursive: true });
      const spec = join(dir, '02-sme-two-wbinvds', 'lab.yaml');
      writeFileSync(spec, edit(readFileSync(spec, 'utf8')));
      return dir;
    };
    const reboot = '      - text: CPU 0, the reboot CPU\n';
    const started = '      - text: CPU {{start}}, which ran kexec -e\n';
    const hints = '    hints:\n      - Look for migrate_to_reboot_cpu';
    const moved = labsDir((y) => {
      const [a, b, c] = [y.indexOf(reboot), y.indexOf(started), y.indexOf(hints)];
      if (a < 0 || b < a || c < b) throw new Error("lab 2's first exercise has changed");
      return y.slice(0, a) + y.slice(b, c) + y.slice(a, b) + y.slice(c);
    });
    const reworded = labsDir((y) => y.replace(reboot, '      - text: CPU 0 (the reboot CPU)\n'));
    const file = join(tmp(), 'eve.json');
    const seed = variantSeed('eve', '02-sme-two-wbinvds/who-runs-relocate');
    const answer = { kind: 'choose', selected: [0], texts: ['CPU 0, the reboot CPU'] };
    writeFileSync(
      file,
      JSON.stringify({
        version: PROGRESS_VERSION,
        profile: { name: 'Eve', id: 'eve' },
        attempts: [anAttempt({ variantSeed: seed, answer, correct: true, score: 2 })],
      }),
    );
    // Moved to the end: the saved number names another option now, the saved text the one picked.
    const asMoved = flushpoint('grade', file, '--labs', moved, '--lab', '02-sme-two-wbinvds', '--json');
    expect(asMoved.stderr).toBe('');
    expect(JSON.parse(asMoved.stdout)).toEqual([expect.objectContaining({ score: 2, solved: 1, notes: [] })]);
    // Reworded: read by its number, said on stderr and in the row's notes.
    const asReworded = flushpoint('grade', file, '--labs', reworded, '--lab', '02-sme-two-wbinvds', '--json');
    expect(asReworded.stderr.trim().split('\n')).toEqual([
      `warning: ${file}: attempts[0].answer.texts[0]: "CPU 0, the reboot CPU": who-runs-relocate no longer has this option in one place (reworded, removed or repeated since the answer); read by its number, as option 0, "CPU 0 (the reboot CPU)"`,
    ]);
    expect(JSON.parse(asReworded.stdout)).toEqual([
      expect.objectContaining({
        score: 2,
        notes: ['1 answer naming an option or item the lab no longer has as saved, read by its number'],
      }),
    ]);
  });
});
