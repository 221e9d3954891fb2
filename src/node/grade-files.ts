/**
 * Students' progress files read from disk and graded again (src/lab/class-grade.ts): for `flushpoint
 * grade` and for the app's "Grade a class" screen. A file that cannot be read, is too large, or is not a
 * progress file is reported with its name and skipped; the others are graded.
 */
import { readFile, stat } from 'node:fs/promises';
import { gradeProgressText, type ExerciseRow, type GradedFile, type LabRow } from '../lab/class-grade.ts';
import { parseProgress } from '../lab/progress/schema.ts';
import type { Lab } from '../lab/types.ts';
import { answerProblems } from './answer-problems.ts';

/**
 * Larger than any real progress file (thousands of attempts make a few hundred KB), so a wrong file
 * picked by mistake (a video, a disk image) is refused before it is read.
 */
export const MAX_PROGRESS_BYTES = 20 * 1024 * 1024;

export interface FileProblem {
  file: string;
  message: string;
}

export interface FilesGraded {
  /** The files graded, in the order given. */
  files: GradedFile[];
  scores: LabRow[];
  exercises: ExerciseRow[];
  problems: FileProblem[];
  /** Labs answered in some files but not among the labs given, with those files. */
  unknownLabs: { lab: string; files: string[] }[];
  /**
   * Answers the exercise cannot read as they stand (no answer, a choice or cell that does not exist, an
   * unknown exercise), each naming attempts[i]: the file is still graded, as it stands.
   */
  answerWarnings: FileProblem[];
}

async function readProgressFile(file: string): Promise<string> {
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new Error('not a file');
    if (s.size > MAX_PROGRESS_BYTES)
      throw new Error(`too large for a progress file (${s.size} bytes; at most ${MAX_PROGRESS_BYTES})`);
    // Saved by an editor that writes a byte-order mark: JSON.parse refuses it, the file is fine without.
    return (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code ? `cannot read (${code})` : (err as Error).message, { cause: err });
  }
}

/** Grades every file against the labs by id; never throws for one bad file. */
export async function gradeFiles(
  paths: readonly string[],
  labs: ReadonlyMap<string, Lab>,
): Promise<FilesGraded> {
  const out: FilesGraded = {
    files: [],
    scores: [],
    exercises: [],
    problems: [],
    unknownLabs: [],
    answerWarnings: [],
  };
  const unknown = new Map<string, string[]>();
  for (const file of paths) {
    try {
      const text = await readProgressFile(file);
      const g = gradeProgressText(file, text, labs);
      const parsed = parseProgress(JSON.parse(text));
      if (parsed.ok)
        for (const message of answerProblems(parsed.value.attempts, labs))
          out.answerWarnings.push({ file, message });
      out.files.push({ file, student: g.student, studentId: g.studentId });
      out.scores.push(...g.scores);
      out.exercises.push(...g.exercises);
      for (const lab of g.unknownLabs) unknown.set(lab, [...(unknown.get(lab) ?? []), file]);
    } catch (err) {
      out.problems.push({ file, message: (err as Error).message });
    }
    // A class is graded in main's process: let other events in between two students.
    await new Promise((r) => setImmediate(r));
  }
  out.unknownLabs = [...unknown].map(([lab, files]) => ({ lab, files }));
  return out;
}
