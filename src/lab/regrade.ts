/**
 * One student's attempts at one exercise graded again from the lab and their variant (recorded, or drawn by their seed), as `flushpoint grade`
 * does for instructors and the Results screen does for the student's review: stored scores are not read
 * to score them, only, when asked, compared with the new verdicts to show where a lab has changed.
 */
import { alignAnswer } from './answer-texts.ts';
import { answerKey } from './answer-key.ts';
import { grade, type Answer } from './grade.ts';
import type { Attempt } from './progress/types.ts';
import { exerciseName } from './exercise-name.ts';
import { MISCONCEPTIONS } from './misconceptions.ts';
import { shownInstance } from './shown-variant.ts';
import type { Instance } from './keys.ts';
import type { Exercise, Lab } from './types.ts';

export interface Regraded {
  attempts: number;
  /** The best score, in the exercise's points. */
  best: number;
  solved: boolean;
  solutionShown: boolean;
  /** Misconception ids that wrong answers showed, each once, in the order first shown. */
  misconceptions: string[];
  /**
   * The attempts compared (see `regrade`) whose verdict now is not the one the app recorded when the
   * student answered, in order: the lab has likely changed since (or the file was edited).
   */
  changed: ChangedVerdict[];
}

/** A verdict on one attempt: right or not, and its score in points. */
export interface Verdict {
  correct: boolean;
  score: number;
}

/** An attempt graded now otherwise than the app recorded it: right then and wrong now, or the reverse, or another score. */
export interface ChangedVerdict {
  attempt: Attempt;
  /** As the attempt stores it: what the app gave when the student answered. */
  recorded: Verdict;
  /** Graded again now, with the earlier wrong tries the app counted then (so that only the lab differs). */
  now: Verdict;
}

/**
 * Scores are kept to a thousandth (roundPoints) and the app's stored score is the same computation: a
 * difference this large is another grade, not rounding.
 */
const SCORE_CHANGED = 0.01;

/**
 * The instance an attempt was shown, built once for all the attempts shown the same variant: building one
 * runs the simulator, and a file of thousands of tries at one variant built it thousands of times.
 */
function shownOnce(ex: Exercise, a: Attempt, built: Map<string, Instance>): Instance {
  const key = JSON.stringify([a.variantSeed, a.variant ?? null, a.mutant ?? null]);
  let inst = built.get(key);
  if (!inst) built.set(key, (inst = shownInstance(ex, a)));
  return inst;
}

/**
 * `attempts` are this exercise's, in the order they were made. The attempts `recorded` accepts (none when
 * not given) are ones whose stored verdict (`correct`, `score`) is as the app wrote it: each is compared
 * with its verdict now, and listed in `changed` when they differ. The regrade is what counts either way.
 */
export function regrade(
  ex: Exercise,
  attempts: readonly Attempt[],
  recorded: (a: Attempt) => boolean = () => false,
): Regraded {
  let best = 0;
  let wrong = 0;
  let solved = false;
  let solutionShown = false;
  const held = new Set<string>();
  const changed: ChangedVerdict[] = [];
  // The app's wrong tries at each variant seed, as it recorded them: the most options its different
  // answers there can have ruled out. (The wrong tries it weighed are at every variant: below.)
  const wrongThen = new Map<number, number>();
  // The wrong answers graded now at each variant: the different ones rule options out (ruledOutBy). One
  // the exercise cannot read rules none out.
  // Kept as the set of their keys (ruledOutBy's count, added to as the loop goes, not counted again).
  const wrongAnswers = new Map<number, Set<string>>();
  // The recorded wrong tries before the attempt at hand, at every variant (triesAcrossVariants, kept as
  // the loop goes: counted again for each attempt, a file of thousands took minutes).
  let recordedWrong = 0;
  const shown = new Map<string, Instance>();
  for (const a of attempts) {
    // The solution was shown: nothing after it counts.
    if (a.solutionShown) {
      solutionShown = true;
      break;
    }
    const compare = ex.kind !== 'explain' && recorded(a); // an explain one is never graded
    const then = wrongThen.get(a.variantSeed) ?? 0;
    // The wrong tries the app weighed as it graded this attempt: its recorded verdicts of the earlier
    // ones, at every variant, counted as the exercise panel counts them. The same as `wrong` unless a
    // verdict changed since.
    const weighed = compare ? recordedWrong : 0;
    // Its numbers as the lab has its options now (an instructor may have reordered them since).
    const answer = alignAnswer(ex, a.answer) as Answer;
    const here = wrongAnswers.get(a.variantSeed) ?? new Set<string>();
    const ruledOut = here.size;
    let now: Verdict = { correct: false, score: 0 };
    try {
      // The variant the student was shown, where the attempt records it: the lab may have changed since.
      const inst = shownOnce(ex, a, shown);
      const history = { wrongTries: wrong, hintsUsed: a.hintsUsed, ruledOut };
      const g = grade(inst, answer, history);
      if (compare) {
        // As the app graded it: with the wrong tries it weighed, and no more options ruled out than it
        // had recorded wrong tries at this variant.
        const asThen = { wrongTries: weighed, hintsUsed: a.hintsUsed, ruledOut: Math.min(then, ruledOut) };
        const same = weighed === wrong && asThen.ruledOut === ruledOut;
        now = { correct: g.correct, score: (same ? g : grade(inst, answer, asThen)).score };
      }
      best = Math.max(best, g.score);
      for (const f of g.feedback) if (!f.correct && f.misconception) held.add(f.misconception.id);
      if (g.correct) solved = true;
      else {
        wrong++;
        const key = answerKey(answer);
        if (key !== null) wrongAnswers.set(a.variantSeed, here.add(key));
      }
    } catch {
      // An answer the exercise cannot read (a lab changed since) counts as a wrong try.
      wrong++;
    }
    if (!a.correct) {
      wrongThen.set(a.variantSeed, then + 1);
      recordedWrong++;
    }
    if (compare && (a.correct !== now.correct || Math.abs(a.score - now.score) >= SCORE_CHANGED))
      changed.push({ attempt: a, recorded: { correct: a.correct, score: a.score }, now });
  }
  return { attempts: attempts.length, best, solved, solutionShown, misconceptions: [...held], changed };
}

/** A misconception that a student's wrong answers showed, and the exercises where they did. */
export interface BeliefShown {
  id: string;
  /** The misconception in words ("The CPU that ran kexec -e is the one that runs relocate_kernel"). */
  name: string;
  /** The exercises whose wrong answers showed it: name, and 1-based number in the lab (for a link). */
  exercises: { name: string; number: number }[];
}

/**
 * What a student's wrong answers in one lab believed, by misconception, in the order of the exercises.
 * Only of exercises solved or whose solution was shown: a belief names the wrong pick that showed it
 * (often in its very words), so for an exercise still open it would tell the student what not to pick
 * again, which the exercise itself withholds (the panel's pick-marks.ts).
 */
export function beliefsShown(lab: Lab, attempts: readonly Attempt[]): BeliefShown[] {
  const out = new Map<string, BeliefShown>();
  for (const [i, ex] of lab.exercises.entries()) {
    const mine = attempts.filter((a) => a.labId === lab.id && a.exerciseId === ex.id);
    if (mine.length === 0) continue;
    const r = regrade(ex, mine);
    if (!r.solved && !r.solutionShown) continue;
    for (const id of r.misconceptions) {
      const b = out.get(id) ?? { id, name: MISCONCEPTIONS[id] ?? id, exercises: [] };
      b.exercises.push({ name: exerciseName(ex), number: i + 1 });
      out.set(id, b);
    }
  }
  return [...out.values()];
}
