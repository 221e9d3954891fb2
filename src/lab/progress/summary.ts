/** Summaries of attempts for the home and results screens. */
import { roundPoints } from '../points.ts';
import type { Attempt } from './types.ts';

export interface ExerciseSummary {
  exerciseId: string;
  attempts: number;
  bestScore: number;
  maxScore: number;
  /** Full marks on some attempt without the solution shown. */
  solved: boolean;
  solutionShown: boolean;
  hintsUsed: number;
}

/** Per-exercise summaries of one lab's attempts. */
export function summariseLab(attempts: readonly Attempt[], labId: string): Map<string, ExerciseSummary> {
  const out = new Map<string, ExerciseSummary>();
  for (const a of attempts) {
    if (a.labId !== labId) continue;
    const s = out.get(a.exerciseId) ?? {
      exerciseId: a.exerciseId,
      attempts: 0,
      bestScore: 0,
      maxScore: a.maxScore,
      solved: false,
      solutionShown: false,
      hintsUsed: 0,
    };
    s.attempts++;
    // Once the solution was shown, later answers neither score nor count as solved.
    if (!s.solutionShown) {
      s.bestScore = Math.max(s.bestScore, a.score);
      s.solved ||= a.correct && !a.solutionShown;
    }
    s.maxScore = Math.max(s.maxScore, a.maxScore);
    s.solutionShown ||= a.solutionShown;
    s.hintsUsed = Math.max(s.hintsUsed, a.hintsUsed);
    out.set(a.exerciseId, s);
  }
  return out;
}

/**
 * A lab's score: the sum of best scores over the sum of maxima, for the exercises given; `total` counts
 * the ones that can be solved (an explain exercise is compared with its model answer, never graded).
 */
export function labScore(
  attempts: readonly Attempt[],
  labId: string,
  exercises: readonly { id: string; points: number; kind?: string }[],
) {
  const per = summariseLab(attempts, labId);
  let score = 0;
  let max = 0;
  let solved = 0;
  for (const ex of exercises) {
    const s = per.get(ex.id);
    max = roundPoints(max + ex.points);
    if (s) {
      score = roundPoints(score + (s.maxScore > 0 ? (s.bestScore / s.maxScore) * ex.points : 0));
      if (s.solved) solved++;
    }
  }
  return { score, max, solved, total: exercises.filter((ex) => ex.kind !== 'explain').length };
}

/**
 * Where a student goes on in a lab: the first exercise neither solved nor with its solution shown (an
 * ungraded one, worth 0 points, counts as done once tried). Null when every exercise is done.
 */
export function nextExercise(
  attempts: readonly Attempt[],
  labId: string,
  exercises: readonly { id: string; points: number }[],
): number | null {
  const per = summariseLab(attempts, labId);
  const i = exercises.findIndex((ex) => {
    const s = per.get(ex.id);
    return !s || !(s.solved || s.solutionShown || (ex.points === 0 && s.attempts > 0));
  });
  return i === -1 ? null : i;
}
