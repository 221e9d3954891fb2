/**
 * `flushpoint labs check` and `labs keys` on an instructor's folder with one broken lab in it, the
 * summary, problems at their own line, and `labs keys --student`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { edit, FIXTURE_ID, FIXTURE_YAML, lineWith, writeFixture } from '../node/test-lab-fixture.ts';
import type { CheckProblem } from '../lab/check.ts';
import type { ExerciseKeys } from '../lab/keys-listing.ts';
import type { Exercise } from '../lab/types.ts';
import { pickParams, variantSeed } from '../lab/variants.ts';
import { shippedLab } from '../node/test-labs.ts';
import { runBin } from './run-bin.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'fp-cli-check-'));

describe('a lab file named where its folder is expected', () => {
  it('says which folder to name', () => {
    const dir = tmp();
    const folder = join(dir, FIXTURE_ID);
    writeFixture(dir);
    const check = runBin(['labs', 'check', join(folder, 'lab.yaml')]);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain(`lab.yaml: not a folder: name the lab's folder, ${folder}`);
  });
});

describe('a lab that cannot be loaded never stops the others', () => {
  it('a bad range bound is a problem at the params entry, not a crash of labs check or labs keys', () => {
    const dir = tmp();
    const broken = writeFixture(dir, (t) => edit(t, 'c: { range: [1, 3] }', "c: { range: [1, 'c*2'] }"));
    writeFixture(dir, undefined, 'lab.yaml', '08-sound');
    const line = lineWith(FIXTURE_YAML, 'c: { range: [1, 3] }');

    const check = runBin(['labs', 'check', dir, '--json']);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(1);
    const out = JSON.parse(check.stdout) as {
      labs: number;
      exercises: number;
      problems: { message: string }[];
    };
    expect(out.labs).toBe(2);
    expect(out.exercises).toBe(6);
    expect(out.problems.map((p) => p.message)).toEqual([
      `${broken}:${line}: exercises[0].params.c: bound "c*2" is neither a whole number nor an earlier parameter plus or minus a whole number: write e.g. 3, n or n-1`,
    ]);

    const keys = runBin(['labs', 'keys', dir]);
    expect(keys.status).toBe(1);
    expect(keys.stderr).toMatch(
      new RegExp(
        `^error: lab ${FIXTURE_ID} cannot be loaded: .*lab\\.yaml:${line}: exercises\\[0\\]\\.params\\.c: bound "c\\*2"`,
      ),
    );
    expect(keys.stdout).toMatch(/^08-sound \/ where-flush: /);
  });

  it('a lab folder holding lab.yml instead of lab.yaml is reported, whole folder or the lab’s own', () => {
    const dir = tmp();
    const misnamed = writeFixture(dir, undefined, 'lab.yml');
    writeFixture(dir, undefined, 'lab.yaml', '08-sound');
    const message = `${misnamed}: (file): a lab's file must be named lab.yaml, so this folder is not loaded: rename lab.yml to lab.yaml`;
    const all = runBin(['labs', 'check', dir, '--json']);
    expect(all.status).toBe(1);
    const out = JSON.parse(all.stdout) as {
      labs: number;
      exercises: number;
      problems: { lab: string; message: string }[];
    };
    expect(out.labs).toBe(2);
    expect(out.exercises).toBe(6);
    expect(out.problems).toEqual([expect.objectContaining({ lab: FIXTURE_ID, message })]);
    const one = runBin(['labs', 'check', join(dir, FIXTURE_ID)]);
    expect(one.status).toBe(1);
    expect(one.stdout).toContain(`${FIXTURE_ID}: ${message}`);
  });
});

describe('--json says where each problem is as data: file (inside the lab folder) and line', () => {
  type Problem = CheckProblem;
  const problemsOf = (dir: string): Problem[] => {
    const r = runBin(['labs', 'check', dir, '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    return (JSON.parse(r.stdout) as { problems: Problem[] }).problems;
  };

  it('in lab.yaml, in a step’s prose file, and at the exercise a replay found wrong; each file named alike in the message', () => {
    const dir = tmp();
    const kind = '    kind: choose';
    const broken = writeFixture(dir, (t) => edit(t, kind, `${kind}\n    multiple: 'true'`));
    const line = lineWith(edit(FIXTURE_YAML, kind, `${kind}\n    multiple: 'true'`), "multiple: 'true'");
    writeFileSync(
      join(dir, FIXTURE_ID, 'steps', '01-intro.md'),
      '# The early TDX flush\n\nOn a TDX host\n\n<div>every CPU</div>\n',
    );
    // Loads, but its stored order disagrees with the model's.
    writeFixture(dir, (t) => edit(t, 'expect: [1, 0, 2, 3]', 'expect: [0, 1, 2, 3]'), 'lab.yaml', '08-sound');
    expect(problemsOf(dir)).toEqual([
      {
        lab: FIXTURE_ID,
        exercise: null,
        variant: null,
        message: `${join(dir, FIXTURE_ID, 'steps', '01-intro.md')}:5: steps[0].prose: raw HTML is not allowed in lab prose (<div>): write Markdown; to show a tag, put it in \`code\``,
        file: 'steps/01-intro.md',
        line: 5,
      },
      {
        lab: FIXTURE_ID,
        exercise: null,
        variant: null,
        message: `${broken}:${line}: exercises[0].multiple: must be true or false (got "true", a text: write it without quotes)`,
        file: 'lab.yaml',
        line,
      },
      {
        lab: '08-sound',
        exercise: 'order-tdx',
        variant: null,
        message: 'stored expect [0,1,2,3] disagrees with the trace order [1,0,2,3]',
        file: 'lab.yaml',
        line: lineWith(FIXTURE_YAML, '- id: order-tdx'),
      },
    ]);
  });

  it('a misnamed lab file is that file, with no line; one lab folder given alone, the same', () => {
    const dir = tmp();
    writeFixture(dir, undefined, 'lab.yml');
    const [all, ...more] = problemsOf(dir);
    expect(more).toEqual([]);
    expect(all).toMatchObject({ lab: FIXTURE_ID, file: 'lab.yml', line: null });
    expect(problemsOf(join(dir, FIXTURE_ID))).toEqual([all]);
  });

  it('a folder with no labs is nowhere in a lab: file and line are null', () => {
    const empty = tmp();
    expect(problemsOf(empty)).toEqual([
      {
        lab: '(all)',
        exercise: null,
        variant: null,
        message: `${empty}: no labs here (neither a lab.yaml nor a folder holding one)`,
        file: null,
        line: null,
      },
    ]);
  });
});

describe('the text output says where, as --json does', () => {
  it('a variant that cannot be built is named with its file and line; prose and lab.yaml by full path alike', () => {
    const dir = tmp();
    const file = writeFixture(dir, (t) => edit(t, 'c: { range: [1, 3] }', 'c: { values: [1, 2, 9] }'));
    writeFileSync(join(dir, FIXTURE_ID, 'steps', '01-intro.md'), '# Step\n\n<b>bold</b>\n');
    const json = runBin(['labs', 'check', dir, '--json']);
    const problems = (JSON.parse(json.stdout) as { problems: CheckProblem[] }).problems;
    expect(problems.map((p) => [p.file, p.line])).toEqual([['steps/01-intro.md', 3]]);
    const text = runBin(['labs', 'check', dir]);
    expect(text.stdout).toContain(
      `  ${FIXTURE_ID}: ${join(dir, FIXTURE_ID, 'steps', '01-intro.md')}:3: steps[0].prose: raw HTML`,
    );

    // Once the prose is fixed, the lab loads and the replay finds the variant it cannot build.
    writeFileSync(join(dir, FIXTURE_ID, 'steps', '01-intro.md'), '# Step\n\nText.\n');
    const replay = (
      JSON.parse(runBin(['labs', 'check', dir, '--json']).stdout) as { problems: CheckProblem[] }
    ).problems;
    expect(replay).toEqual([
      expect.objectContaining({
        exercise: 'where-flush',
        variant: '{"c":9}',
        file: 'lab.yaml',
        line: expect.any(Number),
      }),
    ]);
    const line = String(replay[0]?.line);
    expect(runBin(['labs', 'check', dir]).stdout).toContain(
      `  ${FIXTURE_ID} / where-flush (variant {"c":9}): ${file}:${line}: cannot build this variant: `,
    );
    // One lab folder given alone: the same paths.
    expect(runBin(['labs', 'check', join(dir, FIXTURE_ID)]).stdout).toContain(
      `(variant {"c":9}): ${file}:${line}: `,
    );
  });

  it('a lab.yaml saved as UTF-16 is named as such, of the whole file (no line)', () => {
    const dir = tmp();
    const file = writeFixture(dir);
    writeFileSync(file, Buffer.from(`\uFEFF${readFileSync(file, 'utf8')}`, 'utf16le'));
    const json = JSON.parse(runBin(['labs', 'check', dir, '--json']).stdout) as { problems: CheckProblem[] };
    expect(json.problems).toEqual([
      expect.objectContaining({
        file: 'lab.yaml',
        line: null,
        message: expect.stringMatching(/^\S+lab\.yaml: \(file\): is not UTF-8 text \(it looks like UTF-16, /),
      }),
    ]);
  });
});

describe('labs keys', () => {
  it('--lab or --exercise given twice is refused rather than the first silently dropped', () => {
    const r = runBin(['labs', 'keys', '--lab', '01-why-flush', '--lab', '02-sme-two-wbinvds']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^flushpoint labs keys: --lab is given twice \(01-why-flush and 02-sme-two-wbinvds\): give it once, or leave it out to list every lab\nusage: /,
    );
    const ex = runBin(['labs', 'keys', '--exercise', 'a', '--exercise', 'b']);
    expect(ex.status).toBe(2);
    expect(ex.stderr).toMatch(/^flushpoint labs keys: --exercise is given twice \(a and b\): give it once\n/);
  });
});

describe('labs check: the summary', () => {
  it('counts in words, and says how many exercises were not replayed while a lab cannot be loaded', () => {
    const dir = tmp();
    const broken = writeFixture(dir, (t) => edit(t, 'c: { range: [1, 3] }', "c: { range: [1, 'c*2'] }"));
    const r = runBin(['labs', 'check', dir]);
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe(
      '1 lab, 0 exercises, 0 variants checked, 1 problem; replay skipped for 6 exercises of 1 lab that cannot be loaded: fix the problems below, then check again',
    );
    expect(r.stdout).toContain(`${broken}:`);
    expect(JSON.parse(runBin(['labs', 'check', dir, '--json']).stdout).not_replayed).toEqual({
      labs: 1,
      exercises: 6,
    });
    // Once it loads, every exercise is replayed, and nothing is said of skipping.
    writeFixture(dir);
    expect(runBin(['labs', 'check', dir]).stdout.split('\n')[0]).toBe(
      '1 lab, 6 exercises, 9 variants checked, 0 problems, 1 notice (not problems)',
    );
  });
});

describe('labs check: a hint that gives the answer away is at its own line', () => {
  it('in the text and in --json, said once for all the variants', () => {
    const dir = tmp();
    const hint = "      - It is in tdx_cpu_flush_cache_for_kexec(), during KVM's shutdown.";
    const change = (t: string) =>
      edit(
        t,
        '      - Look at syscore_shutdown in the trace.',
        `      - Look at syscore_shutdown in the trace.\n${hint}`,
      );
    const file = writeFixture(dir, change);
    const line = lineWith(change(FIXTURE_YAML), hint);
    const message = `exercises[0].hints[1]: the second hint gives the answer away ("In tdx_cpu_flush_cache_for_kexec(), during KVM's shutdown") in every variant: reword it so it points the way without the answer`;
    const json = JSON.parse(runBin(['labs', 'check', dir, '--json']).stdout) as { problems: CheckProblem[] };
    expect(json.problems).toEqual([
      { lab: FIXTURE_ID, exercise: 'where-flush', variant: null, message, file: 'lab.yaml', line },
    ]);
    expect(runBin(['labs', 'check', dir]).stdout).toContain(
      `  ${FIXTURE_ID} / where-flush: ${file}:${line}: ${message}\n`,
    );
  });
});

describe("labs check: two hints merged by an indentation slip are one of the lab's problems", () => {
  it('listed with the others, at its line, in the text and in --json; the lab still cannot be loaded', () => {
    const dir = tmp();
    const hint = '      - Look at syscore_shutdown in the trace.';
    const change = (t: string) =>
      edit(edit(t, hint, `${hint}\n        - Then at stop_this_cpu.`), 'points: 4', 'points: -1');
    const file = writeFixture(dir, change);
    const text = change(FIXTURE_YAML);
    const slipped = lineWith(text, '- Then at stop_this_cpu.');
    const points = lineWith(text, 'points: -1');
    const r = runBin(['labs', 'check', dir]);
    expect(r.status).toBe(1);
    const out = r.stdout.split('\n');
    expect(out[0]).toBe(
      '1 lab, 0 exercises, 0 variants checked, 2 problems; replay skipped for 6 exercises of 1 lab that cannot be loaded: fix the problems below, then check again',
    );
    expect(out.slice(1, 3)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^ {2}${FIXTURE_ID}: ${file}:${slipped}: exercises\\[0\\]\\.hints\\[0\\]: this line \\("- Then at stop_this_cpu\\."\\) was read as more of the entry above it`,
        ),
      ),
      `  ${FIXTURE_ID}: ${file}:${points}: exercises[1].points: must be a number from 0 to 20 (got -1)`,
    ]);
    const json = JSON.parse(runBin(['labs', 'check', dir, '--json']).stdout) as { problems: CheckProblem[] };
    expect(json.problems.map((p) => [p.file, p.line])).toEqual([
      ['lab.yaml', slipped],
      ['lab.yaml', points],
    ]);
  });
});

describe('labs check: a problem alike in several variants is said once in the text, once per variant in --json', () => {
  it('an expect and a predict option on cache_model, each wrong in all 3 variants', () => {
    const dir = tmp();
    const change = (t: string) =>
      edit(
        edit(
          edit(
            t,
            '      - Look at syscore_shutdown in the trace.\n',
            '      - Look at syscore_shutdown in the trace.\n    expect: [1]\n',
          ),
          '    after: { fn: stop_this_cpu, kind: decision, cpu: 2 }',
          "      events:\n        - seamcall: '{{k}}'\n    params:\n      k: { values: [1, 2, 3] }\n    after: { fn: stop_this_cpu, kind: decision, cpu: 2 }",
        ),
        'match: { fn: wbinvd, cpu: 2 }',
        'match: { fn: cache_model, kind: writeback }',
      );
    const file = writeFixture(dir, change);
    const at = (id: string) => `${file}:${lineWith(change(FIXTURE_YAML), `- id: ${id}`)}: `;
    const expectWrong = 'stored expect [1] disagrees with the model, which makes options [0] true';
    const cacheModel =
      'option 1 ("It executes WBINVD") is placed by the model\'s stale write-backs (cache_model), whose timing the reference leaves open: match a step the code fixes';
    const text = runBin(['labs', 'check', dir]);
    expect(text.status).toBe(1);
    expect(text.stdout.split('\n').slice(0, 3)).toEqual([
      '1 lab, 6 exercises, 11 variants checked, 2 problems (6 counting each variant, as --json lists them), 2 notices (not problems)',
      `  ${FIXTURE_ID} / where-flush (all 3 variants): ${at('where-flush')}${expectWrong}`,
      `  ${FIXTURE_ID} / predict-stc (all 3 variants): ${at('predict-stc')}${cacheModel}`,
    ]);
    // --json, a public contract, is as it was: one problem per variant, each naming its variant.
    const json = JSON.parse(runBin(['labs', 'check', dir, '--json']).stdout) as { problems: CheckProblem[] };
    expect(json.problems.map((p) => [p.exercise, p.variant, p.message])).toEqual([
      ['where-flush', '{"c":1}', expectWrong],
      ['where-flush', '{"c":2}', expectWrong],
      ['where-flush', '{"c":3}', expectWrong],
      ['predict-stc', '{"k":1}', cacheModel],
      ['predict-stc', '{"k":2}', cacheModel],
      ['predict-stc', '{"k":3}', cacheModel],
    ]);
  });

  it('in some variants, how many of how many and which, as one variant is named', () => {
    const dir = tmp();
    const file = writeFixture(dir, (t) =>
      edit(
        edit(t, 'c: { range: [1, 3] }', 'c: { values: [1, 2, 9] }\n      s: { range: [0, 4] }'),
        "        - seamcall: '{{c}}'",
        "        - seamcall: '{{c}}'\n      start_cpu: '{{s}}'",
      ),
    );
    const line = lineWith(FIXTURE_YAML, '- id: where-flush');
    const out = runBin(['labs', 'check', dir]).stdout.split('\n');
    expect(out[0]).toBe(
      '1 lab, 6 exercises, 21 variants checked, 3 problems (7 counting each variant, as --json lists them), 1 notice (not problems)',
    );
    // As many as --json lists.
    const json = JSON.parse(runBin(['labs', 'check', dir, '--json']).stdout) as { problems: CheckProblem[] };
    expect(json.problems).toHaveLength(7);
    expect(out.slice(1, 4)).toEqual([
      `  ${FIXTURE_ID} / where-flush (2 of 15 variants: {"c":1,"s":4}, {"c":2,"s":4}): ${file}:${line}: cannot build this variant: invalid scenario: start_cpu: CPU 4 is out of range: this platform has CPUs 0..3`,
      `  ${FIXTURE_ID} / where-flush (4 of 15 variants: {"c":9,"s":0}, {"c":9,"s":1}, {"c":9,"s":2}, {"c":9,"s":3}): ${file}:${line}: cannot build this variant: invalid scenario: events[0].seamcall: CPU 9 is out of range: this platform has CPUs 0..3`,
      expect.stringMatching(
        /^ {2}\S+ \/ where-flush \(variant \{"c":9,"s":4\}\): .*start_cpu: CPU 4 .*; events\[0\]\.seamcall: CPU 9 /,
      ),
    ]);
  });
});

describe('labs keys --student', () => {
  it('lists, per exercise, only the variant the student draws, with its seed, as the app draws it', () => {
    const lab = '02-sme-two-wbinvds';
    const r = runBin(['labs', 'keys', '--lab', lab, '--student', 'alice', '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const list = JSON.parse(r.stdout) as ExerciseKeys[];
    const shipped = shippedLab(lab);
    expect(list.map((e) => e.exercise)).toEqual(shipped.exercises.map((e) => e.id));
    for (const keys of list) {
      const ex = shipped.exercises.find((e) => e.id === keys.exercise) as Exercise;
      const seed = variantSeed('alice', `${lab}/${ex.id}`);
      expect(keys.variants).toEqual([
        expect.objectContaining({ seed, params: ex.params ? pickParams(ex.params, seed) : null }),
      ]);
    }
    const grid = shipped.exercises.find((e) => e.id === 'grid-bigger-host') as Exercise;
    const seed = variantSeed('alice', `${lab}/grid-bigger-host`);
    const { n, start } = pickParams(grid.params ?? {}, seed);
    const text = runBin([
      'labs',
      'keys',
      '--lab',
      lab,
      '--exercise',
      'grid-bigger-host',
      '--student',
      'alice',
    ]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(
      new RegExp(
        `^The variants student alice draws .*\\n${lab} / grid-bigger-host: .*\\n  variant seed ${seed}  n=${n} start=${start}  expect: \\["0:relocate_kernel",`,
      ),
    );
  });

  it("says which of a find_bug's options are decoys (never drawn), numbered as the shown order numbers them", () => {
    const args = ['labs', 'keys', '--lab', '01-why-flush', '--exercise', 'find-the-bug'];
    const all = runBin(args);
    expect(all.status).toBe(0);
    expect(all.stdout.split('\n')).toEqual([
      '01-why-flush / find-the-bug: Find the broken rule (SME active) (find_bug, 3 points)',
      '  decoys: options never drawn, so never the answer',
      '      [2] relocate_kernel tests bit 0 of its flags instead of RELOC_KERNEL_CACHE_INCOHERENT (relocate_kernel_tests_bit0)',
      '      [3] the flag is one global boolean instead of per CPU (global_flag)',
      '  mutant stop_this_cpu_ignores_flag',
      '      [0] stop_this_cpu() never flushes, whatever the flag says',
      '  mutant wbinvd_after_swap_pages',
      '      [1] relocate_kernel flushes after swap_pages instead of before',
      '',
    ]);
    const [mine] = JSON.parse(runBin([...args, '--student', 'alice', '--json']).stdout) as ExerciseKeys[];
    expect(mine?.decoys).toHaveLength(2);
    expect([...(mine?.variants[0]?.shown ?? [])].sort()).toEqual([0, 1, 2, 3]);
  });

  it('refuses an id the app would not take, or --student given twice', () => {
    const bad = runBin(['labs', 'keys', '--student', 'a b']);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(
      /^flushpoint labs keys: --student "a b" is no student id the app accepts \(a student id must be an id \(letters, digits, \. _ -\)\)\nusage: /,
    );
    const twice = runBin(['labs', 'keys', '--student', 'alice', '--student', 'bob']);
    expect(twice.status).toBe(2);
    expect(twice.stderr).toMatch(
      /^flushpoint labs keys: --student is given twice \(alice and bob\): give it once\n/,
    );
  });
});

describe('labs check: what an exercise is worth', () => {
  it('a graded exercise without points loads (worth 1), and labs check asks the author to say it, at the exercise', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fp-points-'));
    const file = writeFixture(dir, (t) => edit(t, '    points: 3\n    scenario:', '    scenario:'));
    const r = runBin(['labs', 'check', dir]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      `${file}:${lineWith(FIXTURE_YAML, '- id: order-tdx')}: points is not set, so the exercise is worth 1: say what it is worth (e.g. points: 2)`,
    );
    expect(r.stdout.split('\n')[0]).toBe(
      '1 lab, 6 exercises, 9 variants checked, 1 problem, 1 notice (not problems)',
    );
  });
});

describe('labs check and labs keys: bad input is named, never run on', () => {
  const problemsOf = (dir: string): CheckProblem[] => {
    const r = runBin(['labs', 'check', dir, '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    return (JSON.parse(r.stdout) as { problems: CheckProblem[] }).problems;
  };

  it('an empty path is a bad argument (it checked the current folder)', () => {
    for (const command of ['check', 'keys']) {
      const r = runBin(['labs', command, '']);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0]).toBe(
        `flushpoint labs ${command}: the path is empty: name a labs folder`,
      );
    }
  });

  it('a lab folder with no lab.yaml among labs is a problem, one with its lab a level deeper says to move it up', () => {
    const dir = tmp();
    writeFixture(dir);
    writeFixture(join(dir, '08-deep'), undefined, 'lab.yaml', '08-deep');
    mkdirSync(join(dir, '09-empty'));
    const problems = problemsOf(dir);
    expect(problems).toEqual([
      expect.objectContaining({
        lab: '08-deep',
        file: '08-deep',
        line: null,
        message: expect.stringContaining('move the contents of 08-deep/08-deep up into 08-deep'),
      }),
      expect.objectContaining({
        lab: '09-empty',
        file: '09-empty',
        message: expect.stringContaining('holds no lab.yaml, so it is no lab'),
      }),
    ]);
    // A folder with no lab at all, at any depth, is still "no labs here", not a problem per folder.
    const notLabs = tmp();
    mkdirSync(join(notLabs, 'src'));
    expect(problemsOf(notLabs)).toEqual([
      expect.objectContaining({ lab: '(all)', message: expect.stringMatching(/no labs here/) }),
    ]);
  });

  it.runIf(process.platform !== 'win32')(
    'a lab.yaml that is a pipe, in one lab folder given alone, is refused at once (it hung for ever)',
    () => {
      const dir = tmp();
      const file = writeFixture(dir);
      rmSync(file);
      execFileSync('mkfifo', [file]);
      expect(problemsOf(join(dir, FIXTURE_ID))).toEqual([
        expect.objectContaining({
          lab: FIXTURE_ID,
          file: 'lab.yaml',
          message: `${file}: (file): lab.yaml is not a regular file (a pipe or a device): make it the text file of the lab`,
        }),
      ]);
    },
    20_000,
  );

  it('a title with an escape sequence is a problem at its line; nothing of it reaches the terminal', () => {
    const dir = tmp();
    writeFixture(dir, (t) =>
      edit(t, 'title: Where CPU flushes', 'title: "Which CPU\\e[2J\\e]0;owned\\a runs"'),
    );
    const check = runBin(['labs', 'check', dir]);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain(
      `lab.yaml:${lineWith(FIXTURE_YAML, 'title: Where CPU flushes')}: exercises[0].title: holds a control character U+001B`,
    );
    const keys = runBin(['labs', 'keys', dir]);
    expect(keys.status).toBe(1);
    for (const out of [check.stdout, check.stderr, keys.stdout, keys.stderr])
      expect(out).not.toContain('\u001b');
  });
});

describe('labs check: notices', () => {
  it('are listed after the problems and under notices in --json, and leave the exit status 0', () => {
    const dir = tmp();
    const file = writeFixture(dir, (t) => t.replace(/^exercises:[\s\S]*$/m, 'exercises: []\n'));
    const text = runBin(['labs', 'check', dir]);
    expect(text.status).toBe(0);
    expect(text.stdout.split('\n').slice(0, 2)).toEqual([
      '1 lab, 0 exercises, 0 variants checked, 0 problems, 1 notice (not problems)',
      expect.stringMatching(
        new RegExp(
          `^ {2}notice: ${FIXTURE_ID}: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: the lab has no exercises`,
        ),
      ),
    ]);
    const json = JSON.parse(runBin(['labs', 'check', dir, '--json']).stdout) as {
      problems: CheckProblem[];
      notices: CheckProblem[];
    };
    expect(json.problems).toEqual([]);
    expect(json.notices).toEqual([
      expect.objectContaining({ lab: FIXTURE_ID, exercise: null, variant: null, file: 'lab.yaml' }),
    ]);
  });
});
