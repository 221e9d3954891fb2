/**
 * One student's attempts at one exercise graded again from the lab and their seed, as `flushpoint grade`
 * does for instructors and the Results screen does for the student's review: stored scores are not read.
 */
import { grade, type Answer } from './grade.ts';
import { makeInstance } from './keys.ts';
import type { Attempt } from './progress/types.ts';
import { exerciseName } from './exercise-name.ts';
import { MISCONCEPTIONS } from './misconceptions.ts';
import type { Exercise, Lab } from './types.ts';

export interface Regraded {
  attempts: number;
  /** The best score, in the exercise's points. */
  best: number;
  solved: boolean;
  solutionShown: boolean;
  /** Misconception ids that wrong answers showed, each once, in the order first shown. */
  misconceptions: string[];
}

/** `attempts` are this exercise's, in the order they were made. */
export function regrade(ex: Exercise, attempts: readonly Attempt[]): Regraded {
  let best = 0;
  let wrong = 0;
  let solved = false;
  let solutionShown = false;
  const held = new Set<string>();
  for (const a of attempts) {
    // The solution was shown: nothing after it counts.
    if (a.solutionShown) {
      solutionShown = true;
      break;
    }
    try {
      const g = grade(makeInstance(ex, a.variantSeed), a.answer as Answer, {
        wrongTries: wrong,
        hintsUsed: a.hintsUsed,
      });
      best = Math.max(best, g.score);
      for (const f of g.feedback) if (!f.correct && f.misconception) held.add(f.misconception.id);
      if (g.correct) solved = true;
      else wrong++;
    } catch {
      // An answer the exercise cannot read (a lab changed since) counts as a wrong try.
      wrong++;
    }
  }
  return { attempts: attempts.length, best, solved, solutionShown, misconceptions: [...held] };
}

/** A misconception that a student's wrong answers showed, and the exercises where they did. */
export interface BeliefShown {
  id: string;
  /** The misconception in words ("The CPU that ran kexec -e is the one that runs relocate_kernel"). */
  name: string;
  /** The exercises whose wrong answers showed it: name, and 1-based number in the lab (for a link). */
  exercises: { name: string; number: number }[];
}

/** What a student's wrong answers in one lab believed, by misconception, in the order of the exercises. */
export function beliefsShown(lab: Lab, attempts: readonly Attempt[]): BeliefShown[] {
  const out = new Map<string, BeliefShown>();
  for (const [i, ex] of lab.exercises.entries()) {
    const mine = attempts.filter((a) => a.labId === lab.id && a.exerciseId === ex.id);
    if (mine.length === 0) continue;
    for (const id of regrade(ex, mine).misconceptions) {
      const b = out.get(id) ?? { id, name: MISCONCEPTIONS[id] ?? id, exercises: [] };
      b.exercises.push({ name: exerciseName(ex), number: i + 1 });
      out.set(id, b);
    }
  }
  return [...out.values()];
}
