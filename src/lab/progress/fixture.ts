/**
 * Progress files as students make them, for tests of grading (unit and e2e): every answer is built from
 * the model (the reference answer, or a wrong option of a choose exercise), for the student's own seeds.
 */
import { grade, referenceAnswer, type Answer } from '../grade.ts';
import { makeInstance } from '../keys.ts';
import type { Lab } from '../types.ts';
import { variantSeed } from '../variants.ts';
import { PROGRESS_VERSION, type Attempt, type Progress } from './types.ts';

/** What the student did on an exercise: solved it, tried a wrong option of a choose first, or only that. */
export type Plan = 'right' | 'wrong-then-right' | 'wrong';

/** A progress file's content: `plans` by exercise id; exercises not named were not tried. */
export function progressOf(
  lab: Lab,
  student: { name: string; id: string },
  plans: Record<string, Plan>,
): Progress {
  const attempts: Attempt[] = [];
  for (const ex of lab.exercises) {
    const plan = plans[ex.id];
    if (!plan) continue;
    const seed = variantSeed(student.id, `${lab.id}/${ex.id}`);
    const inst = makeInstance(ex, seed);
    const answers: Answer[] = [];
    if (plan !== 'right') {
      if (inst.key.kind !== 'choose') throw new Error(`${ex.id}: a wrong try is made only for choose`);
      const correct = inst.key.correct;
      const wrong = [0, 1, 2, 3, 4, 5].find((i) => !correct.includes(i)) ?? 0;
      answers.push({ kind: 'choose', selected: [wrong] });
    }
    if (plan !== 'wrong') answers.push(referenceAnswer(inst));
    let wrongTries = 0;
    for (const answer of answers) {
      const g = grade(inst, answer, { wrongTries, hintsUsed: 0 });
      attempts.push({
        // Unique within a file that holds attempts at several labs, as the app's UUIDs are.
        id: `${student.id}-${lab.id}-${attempts.length}`,
        labId: lab.id,
        exerciseId: ex.id,
        variantSeed: seed,
        answer,
        score: g.score,
        maxScore: ex.points,
        hintsUsed: 0,
        correct: g.correct,
        solutionShown: false,
        at: '2026-11-25T10:00:00.000Z',
        durationMs: 1000,
      });
      if (!g.correct) wrongTries++;
    }
  }
  return { version: PROGRESS_VERSION, profile: student, attempts };
}

/**
 * One attempt as progress.json holds it, for tests of reading and saving one: a try at lab 02's first
 * exercise, with `over` replacing any field (a malformed one included).
 */
export function anAttempt(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'a0',
    labId: '02-sme-two-wbinvds',
    exerciseId: 'who-runs-relocate',
    variantSeed: 1,
    answer: { kind: 'choose', selected: [0] },
    score: 0,
    maxScore: 2,
    hintsUsed: 0,
    correct: false,
    solutionShown: false,
    at: '2026-11-25T10:00:00.000Z',
    durationMs: 1000,
    ...over,
  };
}
