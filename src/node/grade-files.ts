/**
 * Students' progress files read from disk and graded again (src/lab/class-grade.ts): for `flushpoint
 * grade` and for the app's "Grade a class" screen. A file that cannot be read, is too large, is not a
 * progress file or has a key written twice is reported with its name and why, and not graded (listEveryFile
 * still lists it, with no figures); the others are graded, each with its warnings (an attempt or a field
 * that could not be read, seeds made for another student, no profile, no attempts…); the files of one
 * student id are graded once, as one student (gradeAsOne).
 */
import {
  copiedFiles,
  copiedNote,
  copiedText,
  gradeProgressText,
  notStartedRows,
  type AnswerProblem,
  labsWorkedOn,
  noAttemptRows,
  oneGradePerStudent,
  UngradableFile,
  type ExerciseRow,
  type FileNotGraded,
  type FileProblem,
  type Graded,
  type GradedFile,
  type LabRow,
  type MergedStudent,
} from '../lab/class-grade.ts';
import { MAX_PROGRESS_BYTES, tooLargeText } from '../lab/progress/file-text.ts';
import type { ReadAttempt } from '../lab/progress/schema.ts';
import type { Lab } from '../lab/types.ts';
import { answerProblemsByKind } from './answer-problems.ts';
import { notUtf8Text, readProgressText } from './progress/read-text.ts';

// The app's store refuses the same files (one limit: a file the app keeps is one grading reads).
export { MAX_PROGRESS_BYTES };
export type { FileProblem };

export interface FilesGraded {
  /**
   * The students graded, in the order given: one per file, but one for all the files of a student id
   * found in more than one (`merged`), named by the first of them, where it stands.
   */
  files: GradedFile[];
  /**
   * Student ids found in more than one file, each graded once, as one student, from all its files (their
   * attempts merged: gradeAsOne), in the order of their first files; its rows noted mergedNote.
   */
  merged: MergedStudent[];
  scores: LabRow[];
  exercises: ExerciseRow[];
  /** The files that could not be graded at all, and why: listEveryFile lists each, with no figures. */
  problems: FileProblem[];
  /** Labs answered in some files but not among the labs given, with those files. */
  unknownLabs: { lab: string; files: string[] }[];
  /**
   * Per student graded, in the order of `files`: what of their answers is graded nowhere, and whether
   * they have no attempts (listEveryFile lists both).
   */
  ungraded: FileNotGraded[];
  /**
   * What to check in files that were graded, per file in the order given: no profile, an attempt or a
   * field that could not be read, seeds made for another student, answers the exercise cannot read as
   * they stand (no answer, a choice or cell that does not exist, an unknown exercise), each naming
   * attempts[i] where it is about one: the file is still graded, as it stands. What bears on some rows
   * (all but the file-wide ones: no profile, seeds, no attempts say theirs too) is noted on them.
   */
  warnings: FileProblem[];
  /** Files of different students holding the same attempts (copiedFiles): copied? Warned about too. */
  copies: { files: string[]; attempts: number }[];
}

/**
 * The answers graded that their exercise cannot read as they stand (answerProblemsByKind), each by its
 * attempt's index in the file and its kind, for the rows' notes: an exercise the lab does not have, more
 * hints than the exercise has, an answer counted as a wrong try, or one otherwise out of range or
 * malformed (graded as it stands).
 */
export function answerProblemsOf(
  attempts: readonly ReadAttempt[],
  labs: ReadonlyMap<string, Lab>,
): AnswerProblem[] {
  return answerProblemsByKind(
    attempts.map((r) => r.attempt),
    labs,
    attempts.map((r) => r.index),
  );
}

/** A progress file's text; throws why it cannot be graded, in the words the rows and the CSV give. */
async function readProgressFile(file: string): Promise<{ text: string; strayLine: number | null }> {
  const read = await readProgressText(file);
  switch (read.kind) {
    case 'text':
      return read;
    case 'missing':
      throw new Error('cannot read (ENOENT)');
    case 'folder':
      throw new Error('is a folder, not a progress file');
    case 'special':
      throw new Error('is not a regular file (a pipe or a device)');
    case 'too-large':
      throw new Error(tooLargeText(read.bytes, { atLeast: read.growing }));
    case 'not-text':
      throw new Error(read.problem);
    case 'error':
      throw new Error(`cannot read (${read.error.code ?? read.error.message})`, { cause: read.error });
  }
}

/**
 * Grades every file against the labs by id; never throws for one bad file. A file with no attempts is
 * still listed: 0 in each lab the class worked on, noted as such (noAttemptRows); when the class worked
 * on none, listEveryFile lists it once, with no figures (`ungraded`, noAttempts).
 */
export async function gradeFiles(
  paths: readonly string[],
  labs: ReadonlyMap<string, Lab>,
  /**
   * Grade only these labs (`grade --lab`), each listed for every student; answers to the other labs of
   * `labs` are left out unsaid (they are not "not among the labs graded with").
   */
  only?: readonly string[],
): Promise<FilesGraded> {
  const chosen = only ? new Set(only) : null;
  if (chosen) labs = new Map([...labs].filter(([id]) => chosen.has(id)));
  // With labs chosen, answers to any other lab (loaded, broken or unknown) are not asked about.
  const otherLab = (id: string | undefined) => chosen !== null && id !== undefined && !chosen.has(id);
  const out: FilesGraded = {
    files: [],
    merged: [],
    scores: [],
    exercises: [],
    problems: [],
    unknownLabs: [],
    ungraded: [],
    warnings: [],
    copies: [],
  };
  const unknown = new Map<string, string[]>();
  // Each file graded, in order: one with no attempts is listed in the labs the class worked on, known
  // once every file is graded.
  const graded: Graded[] = [];
  for (const file of paths) {
    try {
      const { text, strayLine } = await readProgressFile(file);
      // Answers their exercise cannot read are warned about (last) and noted on the rows they bear on.
      const g = gradeProgressText(file, text, labs, (read) => answerProblemsOf(read, labs));
      // Graded all the same: only its text (a name, an explanation) reads wrong where the bytes are.
      if (strayLine !== null) g.warnings.unshift(`${notUtf8Text(strayLine)}; save it as UTF-8`);
      g.unknownLabs = g.unknownLabs.filter((lab) => !otherLab(lab));
      graded.push(g);
      for (const lab of g.unknownLabs) unknown.set(lab, [...(unknown.get(lab) ?? []), file]);
    } catch (err) {
      // Whose it is, when that could be read: its row names the student, not only the file.
      const who = err instanceof UngradableFile ? err.who : null;
      out.problems.push({ file, message: (err as Error).message, ...who });
    }
    // A class is graded in main's process: let other events in between two students.
    await new Promise((r) => setImmediate(r));
  }
  // A student who handed in more than one file is one student: graded once, from all of them.
  const { students, merged } = oneGradePerStudent(graded, labs);
  out.merged = merged;
  // The labs graded: those chosen, or those the class worked on; every student has a row in each.
  const classLabs = chosen
    ? [...labs.values()]
    : labsWorkedOn(
        students.flatMap((s) => s.graded.scores),
        labs,
      );
  for (const { graded: g, files } of students) {
    // Nothing for a student with attempts.
    const listed = noAttemptRows(g, classLabs);
    const unstarted = notStartedRows(g, classLabs);
    const who = { file: g.file, student: g.student, studentId: g.studentId };
    out.files.push(who);
    // In the labs' order, a lab not started among the others.
    const order = [...labs.keys()];
    const byLab = <T extends { lab: string }>(rows: T[]) =>
      rows.sort((a, b) => order.indexOf(a.lab) - order.indexOf(b.lab));
    out.scores.push(...byLab([...g.scores, ...unstarted.scores]), ...listed.scores);
    out.exercises.push(...byLab([...g.exercises, ...unstarted.exercises]), ...listed.exercises);
    // What each file says of its own attempts stays with it (attempts[i] is that file's).
    for (const f of files) for (const message of f.warnings) out.warnings.push({ file: f.file, message });
    for (const message of listed.warnings) out.warnings.push({ file: g.file, message });
    out.ungraded.push({
      ...who,
      // In the order of out.unknownLabs.
      labs: [...unknown.keys()].filter((lab) => g.unknownLabs.includes(lab)),
      // Attempts, none of them graded nor at a lab not given: none could be read at a lab given.
      unreadable:
        (g.attempts.length > 0 || g.skipped.length > 0) &&
        !g.scores.length &&
        !g.unknownLabs.length &&
        // Answers only to labs left out by choice are not unreadable ones.
        !g.attempts.some((r) => otherLab(r.attempt.labId)) &&
        !g.skipped.some((r) => otherLab(r.labId)),
      noAttempts: g.attempts.length === 0 && g.skipped.length === 0,
      ...(files.length > 1 ? { mergedFrom: files.map((f) => f.file) } : {}),
    });
  }
  out.unknownLabs = [...unknown].map(([lab, files]) => ({ lab, files }));
  out.copies = copiedFiles(graded);
  for (const c of out.copies)
    for (const file of c.files) {
      const others = c.files.filter((f) => f !== file);
      out.warnings.push({ file, message: copiedText(others, c.attempts) });
      const note = copiedNote(others);
      for (const r of [...out.scores, ...out.exercises]) if (r.file === file) r.notes = [...r.notes, note];
    }
  return out;
}
