/**
 * `flushpoint labs check [DIR] [--json]`: validates every lab and replays every exercise through the model.
 * DIR is a folder of lab folders (the labs this copy ships by default) or one lab folder.
 */
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { checkLab, sayProblems, type CheckProblem, type LabCheck } from '../lab/check.ts';
import { misconceptionCoverage } from '../lab/coverage.ts';
import type { LabError } from '../lab/types.ts';
import type { LabFolderLoad } from '../node/labs/load.ts';
import { count } from '../sim/words.ts';
import { labErrorText, noLabsText, readLabsDir, SHIPPED_LABS } from './labs-dir.ts';
import { LABS_CHECK } from './usage.ts';
import { writeErr, writeOut } from './out.ts';

const USAGE = `usage: ${LABS_CHECK.usage}\n(flushpoint labs check --help says more)`;

const folderProblem = (message: string): CheckProblem => ({
  lab: '(all)',
  exercise: null,
  variant: null,
  message,
  file: null,
  line: null,
});

/**
 * A lab that cannot be loaded, as a problem: its message as the text output writes it (the loader names
 * every file, lab.yaml or a step's prose file, by its full path), and where it is as data: a path inside
 * the lab's folder (`labDir`), as lab.yaml names a prose file.
 */
const loadProblem = (e: LabError, labDir: string): CheckProblem => {
  const rel = relative(labDir, e.file);
  const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  return {
    lab: e.lab,
    exercise: null,
    variant: null,
    message: labErrorText(e),
    // An error of the lab's folder itself (not of a file inside it): its name says which.
    file: inside ? rel.split(sep).join('/') : basename(e.file),
    line: e.line ?? null,
  };
};

/**
 * What the replay leaves out: the labs that cannot be loaded (their exercises are replayed once their
 * problems are fixed), and how many exercises their lab.yaml lists, where it can be read.
 */
function notReplayed(loads: (LabFolderLoad | undefined)[]): {
  labs: number;
  exercises: number;
  unread: number;
} {
  const out = { labs: loads.length, exercises: 0, unread: 0 };
  for (const r of loads) {
    const listed = r && !r.ok ? r.exercises : undefined;
    if (listed === undefined) out.unread++;
    else out.exercises += listed;
  }
  return out;
}

/** The summary's note of the exercises not replayed, or '' when every lab was loaded. */
function notReplayedText(n: { labs: number; exercises: number; unread: number }): string {
  if (n.labs === 0) return '';
  const what =
    n.unread === n.labs
      ? 'the exercises'
      : `${count(n.exercises, 'exercise')}${n.unread ? ' (and more)' : ''}`;
  return `; replay skipped for ${what} of ${count(n.labs, 'lab')} that cannot be loaded: fix the problems below, then check again`;
}

/**
 * The summary's count of problems: the lines below it (a problem alike in several variants is one line,
 * sayProblems), and, when that is fewer, how many --json lists, one per variant: "2 problems (6 counting
 * each variant, as --json lists them)". Either number alone would disagree with one of the two outputs.
 */
function problemsCount(lines: number, perVariant: number): string {
  const said = count(lines, 'problem');
  return perVariant > lines ? `${said} (${perVariant} counting each variant, as --json lists them)` : said;
}

/** Exit 0 when every lab is sound, 1 when there are problems, 2 on bad arguments. */
export async function runLabsCheck(args: string[]): Promise<number> {
  let dir = SHIPPED_LABS;
  let json = false;
  let dirGiven = false;
  // After "--", the argument is the labs folder, one named "-x" too (the usual convention).
  let operands = false;
  for (const a of args) {
    if (!operands && a === '--') operands = true;
    else if (!operands && a === '--json') json = true;
    else if (!operands && a.startsWith('-')) {
      writeErr(`flushpoint labs check: unknown option ${a}\n${USAGE}\n`);
      return 2;
    } else if (a === '') {
      writeErr(`flushpoint labs check: the path is empty: name a labs folder\n${USAGE}\n`);
      return 2;
    } else if (!dirGiven) {
      dir = a;
      dirGiven = true;
    } else {
      writeErr(`flushpoint labs check: one folder only\n${USAGE}\n`);
      return 2;
    }
  }
  const read = await readLabsDir(dir);
  const labs = read.ok ? read.labs : [];
  // Each lab's folder, as readLabsDir found it: DIR itself when it is one lab's folder, else inside it.
  const root = read.ok ? read.root : resolve(dir);
  const labDir = (lab: string) => join(root, lab);
  // The folder's own problem (unreadable, or no lab in it) is a problem, not a lab.
  const problems: CheckProblem[] = !read.ok
    ? [folderProblem(read.message)]
    : read.found === 0
      ? [folderProblem(noLabsText(dir))]
      : read.errors.map((e) => loadProblem(e, labDir(e.lab)));
  // Their messages name the file and line already; a replay's problems give them as data only.
  const located = new Set(problems);
  let exercises = 0;
  let variants = 0;
  const checks = new Map<string, LabCheck>();
  const notices: CheckProblem[] = [];
  for (const lab of labs) {
    // A problem of one field (a hint, a grid's phase) is at that field's line of lab.yaml, as loaded.
    const loaded = read.ok ? read.folders.get(lab.id) : undefined;
    const r = checkLab(lab, loaded?.ok ? loaded.lineOf : undefined);
    checks.set(lab.id, r);
    exercises += r.exercises;
    variants += r.variantsChecked;
    problems.push(...r.problems);
    notices.push(...r.notices);
  }
  const labCount = read.ok ? read.found : 0;
  const skipped = notReplayed(
    read.ok
      ? [...new Set(read.errors.map((e) => e.lab))]
          .filter((l) => l !== '(all)')
          .map((l) => read.folders.get(l))
      : [],
  );
  // Not a problem: a folder of an instructor's own labs need not teach against every misconception.
  const coverage = misconceptionCoverage(labs);
  const of = coverage.named.length;
  const named = of - coverage.notNamed.length;
  if (json) {
    const misconceptions = {
      named,
      of,
      not_named: coverage.notNamed,
      by: Object.fromEntries(coverage.named.map((n) => [n.id, n.by])),
    };
    writeOut(
      `${JSON.stringify(
        {
          labs: labCount,
          exercises,
          variants_checked: variants,
          problems,
          // Not problems: the exit status is 0 with notices alone.
          notices,
          misconceptions,
          // Exercises of the labs that cannot be loaded, not replayed until their problems are fixed.
          not_replayed: { labs: skipped.labs, exercises: skipped.exercises },
        },
        null,
        2,
      )}\n`,
    );
  } else {
    // A problem found alike in several variants of an exercise is said once, naming them; --json keeps
    // one per variant (its `variant` is data a script filters on).
    const said = sayProblems(problems, (lab, ex) => checks.get(lab)?.variantsOf.get(ex));
    writeOut(
      `${count(labCount, 'lab')}, ${count(exercises, 'exercise')}, ${count(variants, 'variant')} checked, ${problemsCount(said.length, problems.length)}${notices.length ? `, ${count(notices.length, 'notice')} (not problems)` : ''}${notReplayedText(skipped)}\n`,
    );
    // Where --json says it is, said as a lab that cannot be loaded says it: file (full path) and line.
    const where = (p: CheckProblem) =>
      p.file && !located.has(p) ? `${join(labDir(p.lab), p.file)}${p.line ? `:${p.line}` : ''}: ` : '';
    for (const { problem: p, variants: which } of said)
      writeOut(
        `  ${p.lab}${p.exercise ? ` / ${p.exercise}` : ''}${which ? ` (${which})` : ''}: ${where(p)}${p.message}\n`,
      );
    for (const n of notices)
      writeOut(`  notice: ${n.lab}${n.exercise ? ` / ${n.exercise}` : ''}: ${where(n)}${n.message}\n`);
    if (labs.length)
      writeOut(
        `misconceptions (src/lab/misconceptions.ts) named by an option: ${named} of ${of}${
          coverage.notNamed.length ? ` (not: ${coverage.notNamed.join(', ')})` : ''
        }\n`,
      );
  }
  return problems.length ? 1 : 0;
}
