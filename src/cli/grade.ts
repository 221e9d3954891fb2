/**
 * `flushpoint grade PROGRESS.json... [--labs DIR]... [--by-exercise] [--json|--csv]`: re-grades students'
 * exported progress files offline by running the model; stored scores are never trusted. A bad file is
 * reported and skipped. By lab (the default) or by exercise: then the table is the class's summary per
 * exercise (how many solved it, the misconceptions its wrong answers showed), and CSV/JSON one row per
 * student and exercise.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { regrade } from '../lab/regrade.ts';
import { parseProgress } from '../lab/progress/schema.ts';
import type { Lab } from '../lab/types.ts';
import { loadLabs } from '../node/labs/load.ts';
import { describeJsonError } from '../lab/json-error.ts';
import { exerciseName } from '../lab/exercise-name.ts';
import { MISCONCEPTIONS } from '../lab/misconceptions.ts';
import { count } from '../sim/words.ts';

const SHIPPED_LABS = resolve(import.meta.dirname, '..', '..', 'labs');

const USAGE = 'usage: flushpoint grade PROGRESS.json... [--labs DIR]... [--by-exercise] [--json|--csv]';

interface Row {
  file: string;
  student: string;
  studentId: string;
  lab: string;
  score: number;
  max: number;
  solved: number;
  exercises: number;
}

/** One student's work on one exercise (of a lab they worked on). */
interface ExerciseRow {
  file: string;
  student: string;
  studentId: string;
  lab: string;
  exercise: string;
  title: string;
  kind: string;
  attempts: number;
  score: number;
  points: number;
  solved: boolean;
  solutionShown: boolean;
  /** Misconception ids that this student's wrong answers showed, each once. */
  misconceptions: string[];
}

interface Graded {
  labs: Row[];
  exercises: ExerciseRow[];
}

/** Exit 0 when every file was graded, 1 when some could not be read, 2 on bad arguments. */
export async function runGrade(args: string[]): Promise<number> {
  const files: string[] = [];
  // Several --labs: the app's labs and an instructor's own, a later folder's lab replacing an earlier one.
  const labsDirs: string[] = [];
  let format: 'table' | 'json' | 'csv' = 'table';
  let byExercise = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--json') format = 'json';
    else if (a === '--csv') format = 'csv';
    else if (a === '--by-exercise') byExercise = true;
    else if (a === '--labs') {
      const v = args[++i];
      if (!v) return usage('--labs needs a folder');
      labsDirs.push(v);
    } else if (a.startsWith('-')) return usage(`unknown option ${a}`);
    else files.push(a);
  }
  if (files.length === 0) return usage('no progress file given');
  const byId = new Map<string, Lab>();
  // Without --labs, the labs this copy of Flushpoint ships (not a labs folder wherever grade is run).
  for (const dir of labsDirs.length ? labsDirs : [SHIPPED_LABS]) {
    const { labs, errors } = await loadLabs(resolve(dir));
    for (const e of errors)
      process.stderr.write(`warning: lab ${e.lab} is broken (${e.message}); its attempts are not graded\n`);
    for (const lab of labs) byId.set(lab.id, lab);
  }
  const rows: Row[] = [];
  const exerciseRows: ExerciseRow[] = [];
  let failed = 0;
  for (const file of files) {
    try {
      const g = await gradeFile(file, byId);
      rows.push(...g.labs);
      exerciseRows.push(...g.exercises);
    } catch (err) {
      failed++;
      process.stderr.write(`${file}: ${(err as Error).message}\n`);
    }
  }
  if (byExercise) writeByExercise(exerciseRows, byId, format);
  else if (format === 'json') process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else if (format === 'csv') {
    process.stdout.write(
      csvLine(['file', 'student', 'student_id', 'lab', 'score', 'max', 'solved', 'exercises']),
    );
    for (const r of rows)
      process.stdout.write(
        csvLine([r.file, r.student, r.studentId, r.lab, r.score.toFixed(2), r.max, r.solved, r.exercises]),
      );
  } else {
    for (const r of rows)
      process.stdout.write(
        `${r.student} (${r.studentId})  ${r.lab.padEnd(28)} ${r.score.toFixed(2).padStart(6)} / ${r.max}  solved ${r.solved}/${r.exercises}\n`,
      );
  }
  return failed ? 1 : 0;
}

const EXERCISE_COLUMNS = [
  'file',
  'student',
  'student_id',
  'lab',
  'exercise',
  'title',
  'kind',
  'attempts',
  'score',
  'points',
  'solved',
  'solution_shown',
  'misconceptions',
] as const;

function writeByExercise(rows: ExerciseRow[], labs: Map<string, Lab>, format: 'table' | 'json' | 'csv') {
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  if (format === 'csv') {
    process.stdout.write(csvLine([...EXERCISE_COLUMNS]));
    for (const r of rows)
      process.stdout.write(
        csvLine([
          r.file,
          r.student,
          r.studentId,
          r.lab,
          r.exercise,
          r.title,
          r.kind,
          r.attempts,
          r.score.toFixed(2),
          r.points,
          r.solved ? 1 : 0,
          r.solutionShown ? 1 : 0,
          r.misconceptions.join(';'),
        ]),
      );
    return;
  }
  // The class at a glance: per exercise, who worked on its lab, who solved it, and what the wrong
  // answers believed.
  for (const lab of labs.values()) {
    const mine = rows.filter((r) => r.lab === lab.id);
    const students = new Set(mine.map((r) => r.file)).size;
    if (students === 0) continue;
    process.stdout.write(`${lab.id} (${count(students, 'student')})\n`);
    for (const ex of lab.exercises) {
      const of = mine.filter((r) => r.exercise === ex.id);
      const tried = of.filter((r) => r.attempts > 0).length;
      const solved = of.filter((r) => r.solved).length;
      const mean = of.reduce((t, r) => t + r.score, 0) / Math.max(1, of.length);
      const beliefs = new Map<string, number>();
      for (const r of of) for (const m of r.misconceptions) beliefs.set(m, (beliefs.get(m) ?? 0) + 1);
      const held = [...beliefs]
        .sort((a, b) => b[1] - a[1])
        .map(([id, n]) => `"${MISCONCEPTIONS[id] ?? id}" (${n})`);
      process.stdout.write(
        `  ${ex.id.padEnd(24)} solved ${solved}/${students}, tried ${tried}, mean ${mean.toFixed(2)} / ${ex.points}  ${exerciseName(ex)}\n`,
      );
      if (held.length) process.stdout.write(`      wrong answers showed: ${held.join(', ')}\n`);
    }
  }
}

function usage(msg: string): number {
  process.stderr.write(`flushpoint grade: ${msg}\n${USAGE}\n`);
  return 2;
}

const csv = (v: string | number) =>
  /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v);

/** One CSV record, quoted where needed, ended by a newline. */
const csvLine = (values: (string | number)[]) => `${values.map(csv).join(',')}\n`;

async function gradeFile(file: string, labs: Map<string, Lab>): Promise<Graded> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, { cause: err });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`not valid JSON: ${describeJsonError(text)}`, { cause: err });
  }
  const parsed = parseProgress(data);
  if (!parsed.ok) throw new Error(`not a progress file: ${parsed.error}`);
  const { profile, attempts } = parsed.value;
  const student = profile?.name ?? '(no name)';
  const studentId = profile?.id ?? '(no id)';
  const out: Graded = { labs: [], exercises: [] };
  for (const lab of labs.values()) {
    if (!attempts.some((a) => a.labId === lab.id)) continue;
    let score = 0;
    let max = 0;
    let solved = 0;
    for (const ex of lab.exercises) {
      max += ex.points;
      const mine = attempts.filter((a) => a.labId === lab.id && a.exerciseId === ex.id);
      const r = regrade(ex, mine);
      score += r.best;
      if (r.solved) solved++;
      out.exercises.push({
        file,
        student,
        studentId,
        lab: lab.id,
        exercise: ex.id,
        title: exerciseName(ex),
        kind: ex.kind,
        attempts: r.attempts,
        score: r.best,
        points: ex.points,
        solved: r.solved,
        solutionShown: r.solutionShown,
        misconceptions: r.misconceptions,
      });
    }
    out.labs.push({
      file,
      student,
      studentId,
      lab: lab.id,
      score,
      max,
      solved,
      exercises: lab.exercises.length,
    });
  }
  return out;
}
