/**
 * `flushpoint labs keys [DIR] [--lab ID] [--exercise ID] [--student ID] [--json]`: the answer the model
 * computes for every variant of every exercise, in the `expect` form of the lab file and in words. For
 * authors: see what the engine will grade with, and paste an `expect` for `labs check` to hold the lab
 * to. With --student, only the variant that student draws, for an instructor answering them.
 */
import { labKeys, studentKeys, type ExerciseKeys, type VariantKey } from '../lab/keys-listing.ts';
import { parseProfile } from '../lab/progress/schema.ts';
import { labErrorText, noLabsText, readLabsDir, SHIPPED_LABS } from './labs-dir.ts';
import { LABS_KEYS } from './usage.ts';
import { writeErr, writeOut } from './out.ts';

const USAGE = `usage: ${LABS_KEYS.usage}\n(flushpoint labs keys --help says more)`;

function usage(msg: string): number {
  writeErr(`flushpoint labs keys: ${msg}\n${USAGE}\n`);
  return 2;
}

/** The variant's name: its parameter values (`start=1 cpus=4`), or its broken model for find_bug. */
function variantName(v: VariantKey): string {
  const params = v.params ? Object.entries(v.params).map(([k, x]) => `${k}=${x}`) : [];
  return [...params, ...(v.mutant ? [`mutant ${v.mutant}`] : [])].join(' ');
}

/**
 * One line of the text output. A lab whose texts hold a control character (C0 or C1) does not load; what
 * is printed is escaped here all the same (a vertical tab, a form feed), so nothing of a lab acts on the
 * terminal.
 */
const writeLine = (line: string) => writeOut(`${line}\n`);

function writeText(list: ExerciseKeys[]): void {
  for (const ex of list) {
    writeLine(
      `${ex.lab} / ${ex.exercise}: ${ex.title} (${ex.kind}, ${ex.points} point${ex.points === 1 ? '' : 's'})`,
    );
    // Numbered among the options, so an order shown to a student that names them can be read.
    if (ex.decoys) {
      writeLine('  decoys: options never drawn, so never the answer');
      for (const d of ex.decoys) writeLine(`      ${d}`);
    }
    for (const v of ex.variants) {
      const name = variantName(v);
      const head = [
        v.seed !== undefined ? `variant seed ${v.seed}` : '',
        name,
        v.expect !== null ? `expect: ${JSON.stringify(v.expect)}` : '',
      ].filter(Boolean);
      if (head.length) writeLine(`  ${head.join('  ')}`);
      if (v.shown) writeLine(`  shown to this student in the order ${v.shown.join(', ')}`);
      for (const line of v.answer) writeLine(`      ${line}`);
    }
    for (const e of ex.errors) writeLine(`  cannot build a variant: ${e}`);
    if (ex.unlisted)
      writeLine(
        `  only the first ${ex.unlisted.listed} of ${ex.unlisted.combinations?.toLocaleString('en') ?? 'more than a million'} parameter combinations are listed (labs check builds no more): use fewer values or shorter ranges`,
      );
  }
}

/**
 * Exit 0 when every variant was built; 1 when one was not (params making more combinations than are built
 * among them), or a lab asked for (every lab, without --lab) cannot be loaded; 2 on bad arguments: an
 * unknown lab or exercise, a folder that cannot be read or holds no lab.
 */
export async function runLabsKeys(args: string[]): Promise<number> {
  let dir = SHIPPED_LABS;
  let dirGiven = false;
  let labId: string | undefined;
  let exerciseId: string | undefined;
  let student: string | undefined;
  let json = false;
  // After "--", the argument is the labs folder, one named "-x" too (the usual convention).
  let operands = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (operands || (!a.startsWith('-') && a !== '')) {
      if (a === '') return usage('the path is empty: name a labs folder');
      if (dirGiven) return usage('one folder only');
      dir = a;
      dirGiven = true;
    } else if (a === '--') operands = true;
    else if (a === '--json') json = true;
    else if (a === '--lab' || a === '--exercise' || a === '--student') {
      const v = args[++i];
      if (!v || v.startsWith('-')) return usage(`${a} needs an id`);
      // A second one would silently replace the first: only one lab (or exercise, or student) at a time.
      const before = a === '--lab' ? labId : a === '--exercise' ? exerciseId : student;
      if (before !== undefined)
        return usage(
          `${a} is given twice (${before} and ${v}): give it once${a === '--lab' ? ', or leave it out to list every lab' : ''}`,
        );
      if (a === '--lab') labId = v;
      else if (a === '--exercise') exerciseId = v;
      else {
        // An id the app would refuse is no student's: it draws no variant anyone got.
        const id = parseProfile({ name: '-', id: v });
        if (!id.ok)
          return usage(
            `--student ${JSON.stringify(v)} is no student id the app accepts (${id.error.replace(/^profile\.id /, 'a student id ')})`,
          );
        student = v;
      }
    } else if (a === '') return usage('the path is empty: name a labs folder');
    else return usage(`unknown option ${a}`);
  }
  const read = await readLabsDir(dir);
  if (!read.ok) return usage(read.message);
  if (read.found === 0) return usage(noLabsText(dir));
  const { labs, errors } = read;
  // A broken lab has no keys to list: name what is wrong, as labs check does, and fail if it was asked for.
  const broken = errors.filter((e) => !labId || e.lab === labId);
  for (const e of errors)
    writeErr(
      `${broken.includes(e) ? 'error' : 'warning'}: lab ${e.lab} cannot be loaded: ${labErrorText(e)}\n`,
    );
  const chosen = labId ? labs.filter((l) => l.id === labId) : labs;
  if (labId && chosen.length === 0 && broken.length === 0)
    return usage(`no lab ${labId} in ${dir} (there are: ${labs.map((l) => l.id).join(', ') || 'none'})`);
  const list = chosen.flatMap((lab) =>
    student === undefined ? labKeys(lab, exerciseId) : studentKeys(lab, student, exerciseId),
  );
  if (exerciseId && list.length === 0 && broken.length === 0)
    return usage(`no exercise ${exerciseId}${labId ? ` in lab ${labId}` : ''}`);
  if (json) writeOut(`${JSON.stringify(list, null, 2)}\n`);
  else {
    if (student !== undefined)
      writeOut(
        `The variants student ${student} draws (seeded from the student id and each lab/exercise, as the app draws them):\n`,
      );
    writeText(list);
  }
  return broken.length || list.some((e) => e.errors.length || e.unlisted) ? 1 : 0;
}
