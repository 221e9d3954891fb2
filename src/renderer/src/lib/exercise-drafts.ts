/**
 * What a student has put in an exercise's widgets and not yet saved, kept for the window's life: Previous
 * or Next exercise, or a glossary link and Back, rebuilt the panel with an empty box, and an explanation
 * typed but not yet rated and saved was lost. In memory only, like a lab step's place (lab-places.ts): a
 * draft is not progress, and what is kept for the instructor is what Save (or Check answer) saves.
 */
import type { Answer } from '../../../lab/grade.ts';
import type { SelfAssessment } from '../exercises/saved-answers.ts';

export interface Draft {
  /** A graded kind's answer as the widgets hold it (null: nothing chosen yet), or an explanation. */
  answer: Answer | null;
  /** An explain exercise's rating, and whether its model answer was shown (the rating is beside it). */
  self: SelfAssessment | null;
  modelShown: boolean;
}

const drafts = new Map<string, Draft>();

/** Per student (each has their own variant), lab and exercise. */
const draftKey = (studentId: string, labId: string, exerciseId: string) =>
  JSON.stringify([studentId, labId, exerciseId]);

/** The draft kept for this student's exercise, if any (a copy: the panel changes its own). */
export function keptDraft(studentId: string, labId: string, exerciseId: string): Draft | null {
  const d = drafts.get(draftKey(studentId, labId, exerciseId));
  return d ? structuredClone(d) : null;
}

/** Keeps a draft; one with nothing in it is dropped, so an untouched exercise is not one "in progress". */
export function keepDraft(studentId: string, labId: string, exerciseId: string, d: Draft): void {
  const key = draftKey(studentId, labId, exerciseId);
  const empty =
    (d.answer === null || (d.answer.kind === 'explain' && d.answer.text === '')) &&
    d.self === null &&
    !d.modelShown;
  if (empty) drafts.delete(key);
  else drafts.set(key, structuredClone(d));
}
