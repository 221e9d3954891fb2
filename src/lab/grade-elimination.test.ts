/**
 * Guessing through a single-answer exercise earns nothing: with n options, the right one given after
 * n - 1 wrong tries was forced by elimination. It still counts as solved; the free retry holds otherwise.
 */
import { describe, expect, it } from 'vitest';
import {
  creditFactor,
  forcedByElimination,
  grade,
  referenceAnswer,
  ruledOutBy,
  singleAnswerOptions,
  type Answer,
} from './grade.ts';
import { makeInstance, type Instance } from './keys.ts';
import { shippedLab } from '../node/test-labs.ts';
import { roundPoints } from './points.ts';
import type { Attempt } from './progress/types.ts';
import { regrade } from './regrade.ts';
import type { Exercise } from './types.ts';

const l2 = shippedLab('02-sme-two-wbinvds');
const byId = (id: string): Exercise => {
  const e = l2.exercises.find((x) => x.id === id);
  if (!e) throw new Error(`lab 2 has no ${id}`);
  return e;
};
const who = byId('who-runs-relocate');
if (who.kind !== 'choose') throw new Error('who-runs-relocate is a choose exercise');
/** who-runs-relocate with its right option and one wrong one: a two-option exercise. */
const twoOptions: Exercise = { ...who, options: who.options.slice(0, 2) };

/** The lab file's numbers of the options (a find_bug's mutants) that are not the instance's answer. */
function wrongPicks(inst: Instance): number[] {
  const n = singleAnswerOptions(inst.exercise) ?? 0;
  const right = referenceAnswer(inst);
  const isRight = (i: number) =>
    right.kind === 'choose' ? right.selected.includes(i) : 'selected' in right && right.selected === i;
  return [...Array(n).keys()].filter((i) => !isRight(i));
}

function pick(inst: Instance, i: number): Answer {
  const kind = inst.exercise.kind;
  if (kind === 'choose') return { kind, selected: [i] };
  if (kind === 'predict' || kind === 'find_bug') return { kind, selected: i };
  throw new Error(`${kind} is not a single-answer exercise`);
}

/** The exercise answered with every wrong option first, then the right one, as the app would grade it. */
function guessThrough(inst: Instance) {
  const wrong = wrongPicks(inst);
  wrong.forEach((w, k) =>
    expect(grade(inst, pick(inst, w), { wrongTries: k, hintsUsed: 0 }).correct).toBe(false),
  );
  return grade(inst, referenceAnswer(inst), { wrongTries: wrong.length, hintsUsed: 0 });
}

const attempt = (inst: Instance, answer: Answer, correct: boolean, score: number): Attempt => ({
  id: `a${Math.random()}`,
  labId: l2.id,
  exerciseId: inst.exercise.id,
  variantSeed: inst.seed,
  answer,
  score,
  maxScore: inst.exercise.points,
  hintsUsed: 0,
  correct,
  solutionShown: false,
  at: '2026-11-27T08:00:00.000Z',
  durationMs: 1,
});

describe('an answer forced by elimination', () => {
  it('two options: a wrong guess, then the other one, is solved but earns nothing', () => {
    const inst = makeInstance(twoOptions, 1);
    expect(wrongPicks(inst)).toHaveLength(1);
    const g = guessThrough(inst);
    expect(g).toMatchObject({ correct: true, score: 0, raw: 1, maxScore: 2 });
    // Said once, by the heading (byElimination): no feedback line says it again under it.
    expect(g.byElimination).toBe(true);
    expect(g.feedback.some((f) => /elimination/i.test(f.text))).toBe(false);
    // Right the first time: full credit, and no word of elimination.
    const first = grade(inst, referenceAnswer(inst), { wrongTries: 0, hintsUsed: 0 });
    expect(first.score).toBe(2);
    expect(first.byElimination).toBe(false);
  });

  it('three options: the free retry still earns full credit; the last option left earns none', () => {
    const inst = makeInstance(who, 1);
    expect(grade(inst, referenceAnswer(inst), { wrongTries: 1, hintsUsed: 0 }).score).toBe(2);
    expect(grade(inst, referenceAnswer(inst), { wrongTries: 1, hintsUsed: 0 }).byElimination).toBe(false);
    expect(guessThrough(inst)).toMatchObject({ correct: true, score: 0, byElimination: true });
    // Hints make no difference to nothing, and never go below it.
    expect(grade(inst, referenceAnswer(inst), { wrongTries: 2, hintsUsed: 2 }).score).toBe(0);
  });

  it('every single-answer exercise of the shipped labs: choose, predict and find_bug alike', () => {
    const kinds = new Set<string>();
    for (const folder of [
      '01-why-flush',
      '02-sme-two-wbinvds',
      '03-supported-vs-active',
      '04-tdx-percpu-flag',
    ])
      for (const ex of shippedLab(folder).exercises) {
        const n = singleAnswerOptions(ex);
        if (n === null) continue;
        kinds.add(ex.kind);
        const inst = makeInstance(ex, 5);
        expect(wrongPicks(inst), `${folder}/${ex.id}`).toHaveLength(n - 1);
        expect(guessThrough(inst), `${folder}/${ex.id}`).toMatchObject({ correct: true, score: 0 });
      }
    expect([...kinds].sort()).toEqual(['choose', 'find_bug', 'predict']);
  });

  it('the credit shown before a try ("earns up to") is the credit the try gets', () => {
    for (const ex of [twoOptions, who, ...l2.exercises])
      for (let wrongTries = 0; wrongTries <= 5; wrongTries++)
        for (const hintsUsed of [0, 1]) {
          const inst = makeInstance(ex, 3);
          if (ex.kind === 'explain') continue;
          const h = { wrongTries, hintsUsed };
          expect(grade(inst, referenceAnswer(inst), h).score, `${ex.id} after ${wrongTries}`).toBe(
            roundPoints(ex.points * creditFactor(h, ex)),
          );
        }
  });

  it('never for an exercise graded by part: a grid, an order, a multiple choice', () => {
    const multi = byId('flags-word-facts');
    for (const ex of [byId('grid-sme-active'), byId('stop-order'), multi]) {
      expect(singleAnswerOptions(ex)).toBeNull();
      expect(forcedByElimination(ex, { wrongTries: 50 })).toBe(false);
      expect(creditFactor({ wrongTries: 50, hintsUsed: 0 }, ex)).toBeGreaterThan(0);
    }
  });

  it('the same wrong answer twice rules out one option, in the app as in regrading', () => {
    const inst = makeInstance(who, 1);
    const [w1] = wrongPicks(inst) as [number];
    const twice = [pick(inst, w1), pick(inst, w1)];
    // What the panel passes (ExercisePanel: ruledOutBy of its wrong answers), and what it then shows.
    const h = { wrongTries: 2, hintsUsed: 0, ruledOut: ruledOutBy(twice) };
    expect(h.ruledOut).toBe(1);
    expect(forcedByElimination(who, h)).toBe(false);
    const app = grade(inst, referenceAnswer(inst), h);
    expect(app.score).toBeGreaterThan(0);
    expect(app.score).toBe(roundPoints(creditFactor(h, who) * who.points));
    const r = regrade(who, [
      attempt(inst, twice[0] as Answer, false, 0),
      attempt(inst, twice[1] as Answer, false, 0),
      attempt(inst, referenceAnswer(inst), true, app.score),
    ]);
    expect(r).toMatchObject({ attempts: 3, best: app.score, solved: true, changed: [] });
  });

  it('regrading agrees: guessed through, it is solved for 0 points', () => {
    const inst = makeInstance(who, 1);
    const [w1, w2] = wrongPicks(inst) as [number, number];
    const r = regrade(who, [
      attempt(inst, pick(inst, w1), false, 0),
      attempt(inst, pick(inst, w2), false, 0),
      attempt(inst, referenceAnswer(inst), true, 0),
    ]);
    expect(r).toMatchObject({ attempts: 3, best: 0, solved: true });
  });

  it('regrading counts what rules an option out: different answers, at this variant, that can be read', () => {
    const inst = makeInstance(who, 1);
    const [w1] = wrongPicks(inst) as [number];
    const right = referenceAnswer(inst);
    // The same wrong answer twice rules out one option: the third option was never tried.
    const twice = regrade(who, [
      attempt(inst, pick(inst, w1), false, 0),
      attempt(inst, pick(inst, w1), false, 0),
      attempt(inst, right, true, 1.7),
    ]);
    expect(twice).toMatchObject({ best: 1.7, solved: true, changed: [] });
    // Wrong tries at another variant (whose right option may be another) rule out nothing here; an
    // answer the exercise cannot read rules out nothing either.
    // Each still weighs as a wrong try (exercise-tries.ts), here three: the app's score, and the regrade's.
    const other = makeInstance(who, 2);
    const threeWrong = grade(inst, right, { wrongTries: 3, hintsUsed: 0, ruledOut: 0 }).score;
    const elsewhere = regrade(
      who,
      [
        ...wrongPicks(other).map((w) => attempt(other, pick(other, w), false, 0)),
        attempt(inst, null as unknown as Answer, false, 0),
        attempt(inst, right, true, threeWrong),
      ],
      () => true,
    );
    expect(threeWrong).toBeGreaterThan(0);
    expect(elsewhere.best).toBe(threeWrong);
    expect(elsewhere.changed).toEqual([]);
    // Both wrong options tried at this variant: the app gave it nothing, and so does the regrade.
    const [a, b] = wrongPicks(inst) as [number, number];
    const forced = [
      attempt(inst, pick(inst, a), false, 0),
      attempt(inst, pick(inst, b), false, 0),
      attempt(inst, right, true, 0),
    ];
    expect(regrade(who, forced, () => true)).toMatchObject({ best: 0, solved: true, changed: [] });
    // A score recorded by an app that still gave a forced answer credit is graded otherwise now.
    const old = { ...forced[2], score: 1.7 } as Attempt;
    expect(regrade(who, [...forced.slice(0, 2), old], () => true).changed).toEqual([
      { attempt: old, recorded: { correct: true, score: 1.7 }, now: { correct: true, score: 0 } },
    ]);
  });
});
