/**
 * A class's progress files graded again by the model: `flushpoint grade` and the app's "Grade a class"
 * screen both read them through here, so an instructor gets the same figures from either. Stored scores
 * are never read. Pure: the caller reads the files.
 */
import { describeJsonError } from './json-error.ts';
import { exerciseName } from './exercise-name.ts';
import { MISCONCEPTIONS } from './misconceptions.ts';
import { parseProgress } from './progress/schema.ts';
import { regrade } from './regrade.ts';
import type { Exercise, Lab } from './types.ts';

/** A graded file and whose it is. */
export interface GradedFile {
  file: string;
  student: string;
  studentId: string;
}

/** One student's score in one lab they worked on. */
export interface LabRow extends GradedFile {
  lab: string;
  score: number;
  max: number;
  solved: number;
  exercises: number;
}

/** One student's work on one exercise (of a lab they worked on). */
export interface ExerciseRow extends GradedFile {
  lab: string;
  exercise: string;
  title: string;
  kind: Exercise['kind'];
  attempts: number;
  score: number;
  points: number;
  solved: boolean;
  solutionShown: boolean;
  /** Misconception ids that this student's wrong answers showed, each once. */
  misconceptions: string[];
}

export interface Graded extends GradedFile {
  /** The file's score in each lab it answered. */
  scores: LabRow[];
  exercises: ExerciseRow[];
  /** Labs the file has answers to that are not among the labs given: not graded. */
  unknownLabs: string[];
}

/**
 * Grades one progress file's text against the labs by id. Throws an Error saying what is wrong with the
 * file (not JSON, and where; not a progress file, and which field) for the caller to name the file.
 */
export function gradeProgressText(file: string, text: string, labs: ReadonlyMap<string, Lab>): Graded {
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
  const out: Graded = {
    file,
    student,
    studentId,
    scores: [],
    exercises: [],
    unknownLabs: [...new Set(attempts.map((a) => a.labId))].filter((id) => !labs.has(id)).sort(),
  };
  for (const lab of labs.values()) {
    if (!attempts.some((a) => a.labId === lab.id)) continue;
    let score = 0;
    let max = 0;
    let solved = 0;
    for (const ex of lab.exercises) {
      max += ex.points;
      const r = regrade(
        ex,
        attempts.filter((a) => a.labId === lab.id && a.exerciseId === ex.id),
      );
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
    out.scores.push({
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

/** A misconception the class's wrong answers showed on one exercise, and in how many students. */
export interface ClassBelief {
  id: string;
  text: string;
  students: number;
}

/** The class on one exercise: among the students who worked on its lab. */
export interface ExerciseSummary {
  exercise: string;
  title: string;
  kind: Exercise['kind'];
  points: number;
  tried: number;
  solved: number;
  /** The mean best score over the lab's students, in points. */
  mean: number;
  /** Most held first. */
  beliefs: ClassBelief[];
}

/** The class on one lab: its students (progress files) and each exercise, in the lab's order. */
export interface LabSummary {
  lab: string;
  title: string;
  students: number;
  /** The lab's points: the most a student can score in it. */
  max: number;
  exercises: ExerciseSummary[];
}

/** Per lab the class worked on, in the labs' order: how each exercise went and what wrong answers believed. */
export function classByExercise(rows: readonly ExerciseRow[], labs: ReadonlyMap<string, Lab>): LabSummary[] {
  const out: LabSummary[] = [];
  for (const lab of labs.values()) {
    const mine = rows.filter((r) => r.lab === lab.id);
    const students = new Set(mine.map((r) => r.file)).size;
    if (students === 0) continue;
    out.push({
      lab: lab.id,
      title: lab.title,
      students,
      max: lab.exercises.reduce((n, ex) => n + ex.points, 0),
      exercises: lab.exercises.map((ex) => {
        const of = mine.filter((r) => r.exercise === ex.id);
        const held = new Map<string, number>();
        for (const r of of) for (const m of r.misconceptions) held.set(m, (held.get(m) ?? 0) + 1);
        return {
          exercise: ex.id,
          title: exerciseName(ex),
          kind: ex.kind,
          points: ex.points,
          tried: of.filter((r) => r.attempts > 0).length,
          solved: of.filter((r) => r.solved).length,
          mean: of.reduce((t, r) => t + r.score, 0) / students,
          beliefs: [...held]
            .sort((a, b) => b[1] - a[1])
            .map(([id, n]) => ({ id, text: MISCONCEPTIONS[id] ?? id, students: n })),
        };
      }),
    });
  }
  return out;
}

/** What "Grade a class" shows: the graded files' figures, and every file or lab it could not use. */
export interface ClassGrade {
  /** The files graded, in the order chosen. */
  files: GradedFile[];
  scores: LabRow[];
  exercises: ExerciseRow[];
  byLab: LabSummary[];
  /** Files not graded, and why. */
  problems: { file: string; message: string }[];
  /** Labs that could not be loaded: attempts at them are not graded. */
  brokenLabs: { lab: string; message: string }[];
  /** Labs answered in some files that the app does not have (not handed out here?): not graded. */
  unknownLabs: { lab: string; files: string[] }[];
  repeated: { studentId: string; files: string[] }[];
}

/** A student (a progress file) and their score in each lab they worked on, by lab id. */
export interface StudentScores extends GradedFile {
  labs: Record<string, LabRow>;
  score: number;
  max: number;
}

/** The scores by student, sorted by name then id: the rows of "Grade a class". */
export function byStudent(rows: readonly LabRow[]): StudentScores[] {
  const byFile = new Map<string, StudentScores>();
  for (const r of rows) {
    const s = byFile.get(r.file) ?? {
      file: r.file,
      student: r.student,
      studentId: r.studentId,
      labs: {},
      score: 0,
      max: 0,
    };
    s.labs[r.lab] = r;
    s.score += r.score;
    s.max += r.max;
    byFile.set(r.file, s);
  }
  return [...byFile.values()].sort(
    (a, b) => a.student.localeCompare(b.student) || a.studentId.localeCompare(b.studentId),
  );
}

/** Student ids found in more than one file, with those files: the same student handed in twice? */
export function repeatedStudents(rows: readonly LabRow[]): { studentId: string; files: string[] }[] {
  const files = new Map<string, Set<string>>();
  for (const r of rows) files.set(r.studentId, (files.get(r.studentId) ?? new Set()).add(r.file));
  return [...files].filter(([, f]) => f.size > 1).map(([studentId, f]) => ({ studentId, files: [...f] }));
}

/**
 * A CSV field. Names come from students' files: one starting with = + - @ would be read as a formula by
 * a spreadsheet, so such text is prefixed with ' (numbers are written as they are).
 */
function csvField(v: string | number): string {
  const text = typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, quoted where needed, ended by a newline. */
export const csvLine = (values: readonly (string | number)[]): string =>
  `${values.map(csvField).join(',')}\n`;

/** A CSV text: the header, then one record per row. */
function csv<T>(
  columns: readonly string[],
  rows: readonly T[],
  record: (row: T) => (string | number)[],
): string {
  return csvLine(columns) + rows.map((r) => csvLine(record(r))).join('');
}

export const LAB_COLUMNS = [
  'file',
  'student',
  'student_id',
  'lab',
  'score',
  'max',
  'solved',
  'exercises',
] as const;

/** The scores by student and lab as CSV (the columns of `flushpoint grade --csv`). */
export function labsCsv(rows: readonly LabRow[]): string {
  return csv(LAB_COLUMNS, rows, (r) => [
    r.file,
    r.student,
    r.studentId,
    r.lab,
    r.score.toFixed(2),
    r.max,
    r.solved,
    r.exercises,
  ]);
}

export const EXERCISE_COLUMNS = [
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

/** One row per student and exercise as CSV (the columns of `flushpoint grade --by-exercise --csv`). */
export function exercisesCsv(rows: readonly ExerciseRow[]): string {
  return csv(EXERCISE_COLUMNS, rows, (r) => [
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
  ]);
}
