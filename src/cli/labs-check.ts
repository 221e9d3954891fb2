/**
 * `flushpoint labs check [DIR] [--json]`: validates every lab and replays every exercise through the model.
 * DIR is a folder of lab folders (the labs this copy ships by default) or one lab folder.
 */
import { basename, isAbsolute } from 'node:path';
import { checkLab, type CheckProblem } from '../lab/check.ts';
import { misconceptionCoverage } from '../lab/coverage.ts';
import type { LabError } from '../lab/types.ts';
import { count } from '../sim/words.ts';
import { labErrorText, noLabsText, readLabsDir, SHIPPED_LABS } from './labs-dir.ts';
import { LABS_CHECK } from './usage.ts';

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
 * A lab that cannot be loaded, as a problem: its message as the text output writes it, and where it is
 * as data. The loader names the lab's own file (lab.yaml, or a misnamed lab.yml) by its full path, in
 * the lab's folder, and a step's prose file as lab.yaml names it, inside that folder: both are given as
 * a path inside the lab's folder.
 */
const loadProblem = (e: LabError): CheckProblem => ({
  lab: e.lab,
  exercise: null,
  variant: null,
  message: labErrorText(e),
  file: isAbsolute(e.file) ? basename(e.file) : e.file,
  line: e.line ?? null,
});

/** Exit 0 when every lab is sound, 1 when there are problems, 2 on bad arguments. */
export async function runLabsCheck(args: string[]): Promise<number> {
  let dir = SHIPPED_LABS;
  let json = false;
  let dirGiven = false;
  for (const a of args) {
    if (a === '--json') json = true;
    else if (a.startsWith('-')) {
      process.stderr.write(`flushpoint labs check: unknown option ${a}\n${USAGE}\n`);
      return 2;
    } else if (!dirGiven) {
      dir = a;
      dirGiven = true;
    } else {
      process.stderr.write(`flushpoint labs check: one folder only\n${USAGE}\n`);
      return 2;
    }
  }
  const read = await readLabsDir(dir);
  const labs = read.ok ? read.labs : [];
  // The folder's own problem (unreadable, or no lab in it) is a problem, not a lab.
  const problems: CheckProblem[] = !read.ok
    ? [folderProblem(read.message)]
    : read.found === 0
      ? [folderProblem(noLabsText(dir))]
      : read.errors.map(loadProblem);
  let exercises = 0;
  let variants = 0;
  for (const lab of labs) {
    const r = checkLab(lab);
    exercises += r.exercises;
    variants += r.variantsChecked;
    problems.push(...r.problems);
  }
  const labCount = read.ok ? read.found : 0;
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
    process.stdout.write(
      `${JSON.stringify({ labs: labCount, exercises, variants_checked: variants, problems, misconceptions }, null, 2)}\n`,
    );
  } else {
    process.stdout.write(
      `${labCount} labs, ${exercises} exercises, ${variants} variants checked, ${count(problems.length, 'problem')}\n`,
    );
    for (const p of problems) {
      process.stdout.write(
        `  ${p.lab}${p.exercise ? ` / ${p.exercise}` : ''}${p.variant ? ` (variant ${p.variant})` : ''}: ${p.message}\n`,
      );
    }
    if (labs.length)
      process.stdout.write(
        `misconceptions (src/lab/misconceptions.ts) named by an option: ${named} of ${of}${
          coverage.notNamed.length ? ` (not: ${coverage.notNamed.join(', ')})` : ''
        }\n`,
      );
  }
  return problems.length ? 1 : 0;
}
