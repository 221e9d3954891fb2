/**
 * `flushpoint grade PROGRESS.json... [--labs DIR]... [--lab ID]... [--by-exercise] [--json|--csv [--wide]]`:
 * re-grades students' exported progress files (or a folder of them: progress-paths.ts) offline by running
 * the model; stored scores are never trusted. --lab grades only the labs named, each with a row for every
 * student ("not started" where they did not start it, as in any lab the class worked on); --csv --wide is
 * the gradebook, one row per student and a column per lab (wideCsv). A bad file is
 * reported and skipped; a bad attempt or field in a file, seeds made for another student or a missing
 * profile are warned about, and the file graded as it stands. By lab (the default) or by exercise: then
 * the table is the class's summary per exercise (how many solved it, the misconceptions its wrong answers
 * showed, among the students listed in its lab: a file with no attempts too, at 0), and CSV/JSON one row
 * per student and exercise. A student is listed in the labs they worked on; one whose file has no
 * attempts, with 0 in each lab the class worked on, so that they are not missed (src/lab/class-grade.ts,
 * noAttemptRows), or, when the class worked on none, once with no figures noted "no attempts in this
 * file" (not an error: the exit code is not changed by it). Every file given is listed: answers to a lab
 * that cannot be loaded or was not given, or a file none of whose attempts could be read, get a row of no
 * figures (null in JSON, empty in CSV, a dash in the table) noted "not graded" (listEveryFile), and so
 * does a file that could not be graded at all (after the files graded, noted "not graded: " and why, so
 * that a CSV read alone shows it was handed in), and exit 1. A student id found in more than one file (a
 * student who handed in twice, a copy) is one student, graded once from all those files, their attempts
 * merged in the order they were made, each attempt once (gradeAsOne): warned about with how, its rows
 * noted with the files and, in the table, naming them all. An attempt graded now otherwise than the app recorded it (a lab changed since?) is warned about and
 * noted, and so is each problem in an attempt that grading goes past (unreadable, a field not read, an id
 * repeated, an exercise the lab does not have, an answer out of range…): in the notes of the rows it bears
 * on, which still have figures, so it does not change the exit code. The app's "Grade a class" saves the
 * same CSVs (classCsv).
 */
import { basename, relative, resolve } from 'node:path';
import {
  classByExercise,
  exercisesCsv,
  GRADED_OTHERWISE,
  labsCsv,
  listEveryFile,
  mergedText,
  NOT_STARTED,
  type ExerciseRow,
  type GradedFile,
  type LabRow,
  type UngradedExerciseRow,
  type UngradedRow,
  wideCsv,
} from '../lab/class-grade.ts';
import { roundPoints } from '../lab/points.ts';
import { progressPaths, type ProgressPaths } from './progress-paths.ts';
import { NO_ID, NO_NAME } from '../lab/progress/types.ts';
import type { Lab, LabError } from '../lab/types.ts';
import { gradeFiles } from '../node/grade-files.ts';
import { labErrorText, noLabsText, readLabsDir, SHIPPED_LABS } from './labs-dir.ts';
import { count } from '../sim/words.ts';
import { GRADE } from './usage.ts';
import { writeErr, writeOut } from './out.ts';

const USAGE = `usage: ${GRADE.usage}\n(flushpoint grade --help says more)`;

/**
 * Exit 0 when every file was graded, 1 when some could not be read or some answers in one could not be
 * graded (their lab cannot be loaded or was not given, or no attempt in the file could be read), 2 on bad
 * arguments (a --labs folder that cannot be read or holds no lab among them, a --lab not among the labs,
 * a folder with no progress file, --wide without --csv).
 */
export async function runGrade(args: string[]): Promise<number> {
  const files: string[] = [];
  // Several --labs: the app's labs and an instructor's own, a later folder's lab replacing an earlier one.
  const labsDirs: string[] = [];
  let format: 'table' | 'json' | 'csv' = 'table';
  let byExercise = false;
  let wide = false;
  // --lab: grade only these labs, each listed for every student.
  const only: string[] = [];
  // After "--", every argument is a progress file, one named "-x.json" too (the usual convention).
  let operands = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (operands || (!a.startsWith('-') && a !== '')) {
      if (a === '') return usage('the path is empty: name a progress file');
      files.push(a);
    } else if (a === '--') operands = true;
    else if (a === '--json' || a === '--csv') {
      const f = a === '--json' ? 'json' : 'csv';
      if (format !== 'table' && format !== f) return usage('--json and --csv: choose one');
      format = f;
    } else if (a === '--by-exercise') byExercise = true;
    else if (a === '--wide') wide = true;
    else if (a === '--lab') {
      const v = args[++i];
      if (!v || v.startsWith('-')) return usage('--lab needs a lab id');
      if (!only.includes(v)) only.push(v);
    } else if (a === '--labs') {
      const v = args[++i];
      if (!v || v.startsWith('-')) return usage('--labs needs a folder');
      labsDirs.push(v);
    } else if (a === '') return usage('the path is empty: name a progress file');
    else return usage(`unknown option ${a}`);
  }
  if (files.length === 0) return usage('no progress file given');
  if (wide && (format !== 'csv' || byExercise))
    return usage(
      '--wide goes with --csv (one row per student, a column per lab), not with --by-exercise or --json',
    );
  // A folder given is read for the progress files in it; what else it holds is skipped, and said.
  let found: ProgressPaths;
  try {
    found = await progressPaths(files);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return usage(`cannot read the folder ${e.path ?? ''} (${e.code ?? e.message})`);
  }
  for (const n of found.notes) writeErr(`note: ${n}\n`);
  for (const d of found.empty) writeErr(`warning: ${d} holds no progress file\n`);
  if (found.files.length === 0)
    return usage(
      `no progress file in ${found.empty.join(', ')} (a progress file is a .json file the app saved)`,
    );
  // The same file named twice (a.json ./a.json, or a glob and a name) is one student: graded once.
  const unique: string[] = [];
  for (const f of found.files) {
    if (unique.some((u) => resolve(u) === resolve(f)))
      writeErr(`warning: ${f} is given more than once; graded once\n`);
    else unique.push(f);
  }
  const byId = new Map<string, Lab>();
  // Folder name -> what is wrong, for labs that cannot be loaded.
  const broken = new Map<string, LabError[]>();
  // Without --labs, the labs this copy of Flushpoint ships (not a labs folder wherever grade is run).
  for (const dir of labsDirs.length ? labsDirs : [SHIPPED_LABS]) {
    const read = await readLabsDir(dir);
    if (!read.ok) return usage(`--labs ${read.message}`);
    // Nothing could be graded with it: every answer would only be "not among the labs", and exit 0.
    if (read.found === 0) return usage(`--labs ${noLabsText(dir)}`);
    // A later folder's lab.yaml that does not load replaces an earlier sound lab of its id, as the app
    // has it (src/node/labs/sources.ts): the class was handed that copy. A folder with no lab.yaml does not.
    for (const [name, r] of read.folders) if (!r.ok && r.missing === undefined) byId.delete(name);
    for (const e of read.errors) {
      const load = read.folders.get(e.lab);
      // A folder with no lab.yaml is no lab: said, and a lab of its name from another folder is graded.
      if (load && !load.ok && load.missing !== undefined) writeErr(`warning: ${labErrorText(e)}\n`);
      else broken.set(e.lab, [...(broken.get(e.lab) ?? []), e]);
    }
    for (const lab of read.labs) {
      byId.set(lab.id, lab);
      broken.delete(lab.id); // a later folder's sound lab of the same id replaces it
    }
  }
  for (const [lab, errors] of broken)
    for (const e of errors)
      if (!only.length || only.includes(lab))
        writeErr(`warning: lab ${lab} cannot be loaded: ${labErrorText(e)}\n`);
  for (const id of only) {
    if (byId.has(id)) continue;
    const known = [...byId.keys()].join(', ');
    return usage(
      broken.has(id)
        ? `--lab ${id}: that lab cannot be loaded (said above); fix it, or choose another (labs graded with: ${known})`
        : `--lab ${id}: no such lab among the labs graded with (${known})${labsDirs.length ? '' : '; a lab of your own needs its folder with --labs'}`,
    );
  }
  const graded = await gradeFiles(unique, byId, only.length ? only : undefined);
  for (const p of graded.problems) writeErr(`${p.file}: ${p.message}\n`);
  for (const w of graded.warnings) writeErr(`warning: ${w.file}: ${w.message}\n`);
  for (const u of graded.unknownLabs)
    writeErr(
      broken.has(u.lab)
        ? `warning: lab ${u.lab} cannot be loaded (above): its answers in ${u.files.join(', ')} cannot be graded until it is fixed\n`
        : `warning: lab ${u.lab} is not among the labs graded with (add its folder with --labs); its answers in ${u.files.join(', ')} are not graded\n`,
    );
  // Every file graded is in the rows, its answers that could not be graded too (no figures, noted).
  const listed = listEveryFile(graded, new Set(broken.keys()));
  for (const m of graded.merged)
    writeErr(
      `warning: student id ${m.studentId} is in more than one file: ${m.files.join(', ')}; ${mergedText(m)}\n`,
    );
  const rows = listed.scores;
  const exerciseRows = listed.exercises;
  // The files that could not be read as progress files: whose they are is not known, not "no profile".
  const unread = new Set(graded.problems.map((p) => p.file));
  // A student graded from several files: their rows name them all (by the first, in the data).
  const filesOf = new Map(graded.merged.map((m) => [m.files[0] as string, m.files]));
  const who = { unread, filesOf };
  if (byExercise) writeByExercise(exerciseRows, byId, format, who);
  else if (format === 'json') writeOut(`${JSON.stringify(rows, null, 2)}\n`);
  else if (format === 'csv' && wide) writeOut(wideCsv(rows, gradedLabs(rows, byId)));
  else if (format === 'csv') writeOut(labsCsv(rows));
  else writeOut(labsTable(rows, who));
  return graded.problems.length || listed.notGraded ? 1 : 0;
}

/** The labs some row has figures in, in the labs' order, with their points: the wide CSV's columns. */
function gradedLabs(rows: readonly (LabRow | UngradedRow)[], labs: ReadonlyMap<string, Lab>) {
  const graded = new Set(rows.filter((r) => r.score !== null).map((r) => r.lab));
  return [...labs.values()]
    .filter((l) => graded.has(l.id))
    .map((l) => ({ lab: l.id, max: l.exercises.reduce((n, e) => roundPoints(n + e.points), 0) }));
}

/**
 * The scores as a text table, one row per student and lab, its columns aligned whatever the lengths of
 * names, ids and lab ids; each row told apart by who it is (whoCells: the file too where needed); a row
 * of answers not graded has a dash for its score, and why.
 */
function labsTable(rows: readonly (LabRow | UngradedRow)[], known: Who): string {
  const who = whoCells(rows, known);
  const score = (who[0]?.length ?? 1) + 1;
  return table(
    rows.map((r, i) => [
      ...(who[i] ?? []),
      ...(r.score === null
        ? [r.lab || '—', '—', '/ —', r.notes.join('; ')]
        : // A lab not started is told apart from one scored 0 in (it counts 0 all the same).
          r.notes.includes(NOT_STARTED)
          ? [r.lab, '—', `/ ${r.max}`, NOT_STARTED]
          : [r.lab, r.score.toFixed(2), `/ ${r.max}`, `solved ${r.solved}/${r.exercises}`]),
    ]),
    { right: [score], near: [score + 1] },
  );
}

/** Who a file with no profile is, in the tables: the file (its name beside) is all that says it. */
const NO_PROFILE = '(no profile)';
/** Who a file that could not be graded at all is, when no profile could be read from it. */
const STUDENT_UNKNOWN = '(student unknown)';

/**
 * A row's student as the tables say it: "Ada (ada)"; a profile of which one field could not be read
 * "Ada (no id)" or "(no name) (ada)"; none, NO_PROFILE (or STUDENT_UNKNOWN for a file not graded at
 * all), never "(no name) ((no id))".
 */
function studentLabel(r: GradedFile, unread: ReadonlySet<string>): string {
  if (r.student === NO_NAME && r.studentId === NO_ID)
    return unread.has(r.file) ? STUDENT_UNKNOWN : NO_PROFILE;
  return r.studentId === NO_ID ? `${r.student} ${NO_ID}` : `${r.student} (${r.studentId})`;
}

/**
 * What the tables know of the files beyond their rows: those that could not be read as progress files,
 * and, by its first file, every file of a student graded from several (a student id in more than one).
 */
interface Who {
  unread: ReadonlySet<string>;
  filesOf: ReadonlyMap<string, readonly string[]>;
}

/**
 * The first cells of each row of a table: the student, then, where that does not tell whose file the row
 * is, the file: for a file with no profile (or not read), for a name and id that another file's rows
 * have too (profiles whose id could not be read), and for a student graded from several files (a
 * student who handed in twice, a copy: "a.json + b.json"). Only such rows name their files, so that they
 * stand out among a class's; the file column is left out when no row needs it. A file is named by its
 * base name, or, when another of the files listed (`files`, the rows' and their students' by default)
 * has that base name too, by its path from the current folder (its absolute path when that is shorter).
 */
function whoCells(
  rows: readonly GradedFile[],
  { unread, filesOf }: Who,
  files: readonly string[] = rows.map((r) => r.file),
): string[][] {
  const labels = rows.map((r) => studentLabel(r, unread));
  const labelFiles = new Map<string, Set<string>>();
  rows.forEach((r, i) => {
    const label = labels[i] as string;
    labelFiles.set(label, (labelFiles.get(label) ?? new Set()).add(r.file));
  });
  const named = labels.map(
    (l, i) =>
      l === NO_PROFILE ||
      l === STUDENT_UNKNOWN ||
      (labelFiles.get(l)?.size ?? 0) > 1 ||
      filesOf.has(rows[i]?.file ?? ''),
  );
  if (!named.includes(true)) return labels.map((l) => [l]);
  // The files listed (each once: the same file given twice is graded once), by base name.
  const byBase = new Map<string, Set<string>>();
  for (const f of files.flatMap((f) => filesOf.get(f) ?? [f]))
    byBase.set(basename(f), (byBase.get(basename(f)) ?? new Set()).add(f));
  const fileText = (file: string): string => {
    if ((byBase.get(basename(file))?.size ?? 0) < 2) return basename(file);
    const path = resolve(file);
    const fromHere = relative(process.cwd(), path);
    return fromHere && fromHere.length <= path.length ? fromHere : path;
  };
  return rows.map((r, i) => [
    labels[i] as string,
    named[i] ? (filesOf.get(r.file) ?? [r.file]).map(fileText).join(' + ') : '',
  ]);
}

/** Characters as a terminal shows them: a letter with its combining marks, or an emoji, is one. */
const textWidth = (s: string): number => [...new Intl.Segmenter().segment(s)].length;

/**
 * Rows of cells as lines of text, each column as wide as its widest cell (the ones in `right` aligned to
 * the right, as figures are), two spaces between columns, one before those in `near` (a score's "/ max").
 */
function table(
  rows: readonly string[][],
  { right = [], near = [] }: { right?: readonly number[]; near?: readonly number[] } = {},
): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, textWidth(c))));
  return rows
    .map((row) => {
      const line = row.map((c, i) => {
        const fill = ' '.repeat((widths[i] ?? 0) - textWidth(c));
        const cell = right.includes(i) ? fill + c : i === row.length - 1 ? c : c + fill;
        return i === 0 ? cell : `${near.includes(i) ? ' ' : '  '}${cell}`;
      });
      return `${line.join('')}\n`;
    })
    .join('');
}

function writeByExercise(
  rows: (ExerciseRow | UngradedExerciseRow)[],
  labs: Map<string, Lab>,
  format: 'table' | 'json' | 'csv',
  known: Who,
) {
  if (format === 'json') {
    writeOut(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  if (format === 'csv') {
    writeOut(exercisesCsv(rows));
    return;
  }
  const graded = rows.filter((r): r is ExerciseRow => r.score !== null);
  // The class at a glance: per exercise, who is listed in its lab (a file with no attempts too, at 0,
  // as in the scores), who solved it, and what the wrong answers believed.
  for (const lab of classByExercise(graded, labs)) {
    const none = lab.noAttempts ? `, ${lab.noAttempts} with no attempts` : '';
    // Each student counted once: one graded from several files (a student id in more than one) says so.
    const merged = new Set(
      graded.filter((r) => r.lab === lab.lab && known.filesOf.has(r.file)).map((r) => r.file),
    );
    const several = merged.size ? `, ${merged.size} graded from several files` : '';
    writeOut(`${lab.lab} (${count(lab.students, 'student')}${none}${several})\n`);
    const idWidth = Math.max(24, ...lab.exercises.map((ex) => ex.exercise.length));
    for (const ex of lab.exercises) {
      // An explain exercise is compared with its model answer, never graded: nobody "solves" it.
      const figures =
        ex.kind === 'explain'
          ? `not graded (explain), answered by ${ex.tried}`
          : `solved ${ex.solved}/${lab.students}, tried ${ex.tried}, mean ${ex.mean.toFixed(2)} / ${ex.points}`;
      writeOut(`  ${ex.exercise.padEnd(idWidth)} ${figures}  ${ex.title}\n`);
      if (ex.beliefs.length)
        writeOut(
          `      wrong answers showed: ${ex.beliefs.map((b) => `"${b.text}" (${b.students})`).join(', ')}\n`,
        );
      // Verdicts that are not the app's: what the wrong answers showed may be the lab's change.
      const otherwise = graded.filter(
        (r) =>
          r.lab === lab.lab &&
          r.exercise === ex.exercise &&
          r.notes.some((n) => n.endsWith(GRADED_OTHERWISE)),
      ).length;
      if (otherwise)
        writeOut(
          `      graded otherwise than the app recorded, for ${count(otherwise, 'student')}: the lab, or how the app grades it, has likely changed since they answered (see the warnings)\n`,
        );
    }
  }
  // The files and labs whose answers could not be graded: not in the figures above, and said so.
  const ungraded = rows.filter((r) => r.score === null);
  if (ungraded.length) {
    writeOut('not in the figures above:\n');
    // Named as in the scores' table: by path where another file given has the same base name.
    const who = whoCells(
      ungraded,
      known,
      rows.map((r) => r.file),
    );
    writeOut(
      table(
        ungraded.map((r, i) => {
          const [student = '', ...file] = who[i] ?? [];
          return [`  ${student}`, ...file, r.lab || '—', r.notes.join('; ')];
        }),
      ),
    );
  }
}

function usage(msg: string): number {
  writeErr(`flushpoint grade: ${msg}\n${USAGE}\n`);
  return 2;
}
