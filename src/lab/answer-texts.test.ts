import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { attemptAnswerProblems } from '../node/answer-problems.ts';
import { loadLab } from '../node/labs/load.ts';
import { alignAnswer, asRead, choiceTexts, lostTexts, textsProblem, withTexts } from './answer-texts.ts';
import { referenceAnswer, type Answer } from './grade.ts';
import { makeInstance } from './keys.ts';
import type { Attempt } from './progress/types.ts';
import { regrade } from './regrade.ts';
import { shownOf } from './shown-variant.ts';
import type { Exercise, Lab } from './types.ts';

const LABS = join(import.meta.dirname, '..', '..', 'labs');
let lab2: Lab;
let lab6: Lab;
beforeAll(async () => {
  lab2 = await loadLab(LABS, '02-sme-two-wbinvds');
  lab6 = await loadLab(LABS, '06-crash-path');
});
const exercise = (lab: Lab, id: string): Exercise => {
  const ex = lab.exercises.find((e) => e.id === id);
  if (!ex) throw new Error(`${lab.id} has no exercise ${id}`);
  return ex;
};

/** The exercise as an instructor might edit it after students started: its options or items reversed. */
function reversed(ex: Exercise): Exercise {
  switch (ex.kind) {
    case 'choose':
      return { ...ex, options: [...ex.options].reverse(), expect: undefined };
    case 'predict':
      return { ...ex, options: [...ex.options].reverse(), expect: undefined };
    case 'order': {
      // Its pairs name items by number: an instructor who reorders the items renumbers them too.
      const n = ex.items.length;
      const flip = (p: [number, number]): [number, number] => [n - 1 - p[0], n - 1 - p[1]];
      return {
        ...ex,
        items: [...ex.items].reverse(),
        unordered: ex.unordered?.map(flip),
        must: ex.must?.map(flip),
        expect: undefined,
      };
    }
    case 'find_bug':
      return { ...ex, mutants: [...ex.mutants].reverse() };
    default:
      return ex;
  }
}

const attempt = (ex: Exercise, answer: unknown, seed: number, extra: Partial<Attempt> = {}): Attempt => ({
  id: `a${seed}-${JSON.stringify(answer)}`,
  labId: 'lab',
  exerciseId: ex.id,
  variantSeed: seed,
  ...shownOf(makeInstance(ex, seed)),
  answer,
  score: 0,
  maxScore: ex.points,
  hintsUsed: 0,
  correct: false,
  solutionShown: false,
  at: '2026-11-29T08:00:00.000Z',
  durationMs: 1,
  ...extra,
});

describe('the texts saved with an answer', () => {
  it("name each option or item by its lab-file text, in the answer's order (a find_bug option by its rule id)", () => {
    const choose = exercise(lab6, 'crash-facts');
    const texts = choiceTexts(choose) ?? [];
    expect(withTexts(choose, { kind: 'choose', selected: [2, 0] })).toEqual({
      kind: 'choose',
      selected: [2, 0],
      texts: [texts[2], texts[0]],
    });
    // As written in the lab file: the same option has the same text in every variant.
    const who = exercise(lab6, 'who-runs-crash');
    expect(choiceTexts(who)?.[0]).toBe('CPU {{p}}, the CPU that panicked');
    const order = exercise(lab2, 'stop-order');
    if (order.kind !== 'order') throw new Error('stop-order is not an order exercise');
    const answer = { kind: 'order', order: order.items.map((_, i) => i).reverse() };
    expect(withTexts(order, answer)).toMatchObject({ texts: order.items.map((i) => i.label).reverse() });
    const bug = exercise(lab2, 'find-the-bug');
    if (bug.kind !== 'find_bug') throw new Error('find-the-bug is not a find_bug exercise');
    expect(withTexts(bug, { kind: 'find_bug', selected: 1 })).toMatchObject({ texts: [bug.mutants[1]] });
  });

  it('are not added where an answer names no option (grid, explain) or names one the exercise lacks', () => {
    const grid = exercise(lab2, 'grid-sme-active');
    const cells = { kind: 'grid', cells: ['0:relocate_kernel'] };
    expect(withTexts(grid, cells)).toBe(cells);
    const who = exercise(lab2, 'who-runs-relocate');
    const bad = { kind: 'choose', selected: [99] };
    expect(withTexts(who, bad)).toBe(bad);
  });

  it('move each number to where its text is now, for every kind that names options or items', () => {
    for (const [lab, id] of [
      [lab2, 'who-runs-relocate'],
      [lab6, 'crash-facts'],
      [lab2, 'stop-order'],
      [lab2, 'predict-after-test'],
      [lab2, 'find-the-bug'],
    ] as const) {
      const ex = exercise(lab, id);
      const edited = reversed(ex);
      const right = withTexts(ex, referenceAnswer(makeInstance(ex, 5)));
      // Graded on the reordered lab: right with its texts, as it was when saved.
      const aligned = alignAnswer(edited, right) as Answer;
      expect(aligned, id).not.toEqual(right);
      // The attempt records the variant (and broken rule) shown then, before the edit.
      expect(regrade(edited, [attempt(ex, right, 5)]).solved, id).toBe(true);
    }
  });

  it('leave an answer saved without them to be read by position, as before', () => {
    const ex = exercise(lab2, 'who-runs-relocate');
    const right = referenceAnswer(makeInstance(ex, 5));
    const edited = reversed(ex);
    expect(alignAnswer(edited, right)).toBe(right);
    // Reversed, the option at the saved place is another one: graded wrong, which is why texts are saved.
    expect(regrade(edited, [attempt(ex, right, 5)]).solved).toBe(false);
    expect(regrade(edited, [attempt(ex, withTexts(ex, right), 5)]).solved).toBe(true);
  });

  it('keep a number whose text was reworded or is found twice, and the whole answer when moving collides', () => {
    const ex = exercise(lab6, 'crash-facts');
    if (ex.kind !== 'choose') throw new Error('crash-facts is not a choose exercise');
    const saved = withTexts(ex, { kind: 'choose', selected: [0, 1] });
    // Rewrapped in the lab file (spacing and line breaks): the same text, as a student reads it.
    const [first, ...others] = ex.options;
    if (!first) throw new Error('crash-facts has no options');
    const rewrapped = { ...first, text: first.text.replace(/ /g, '\n  ') };
    const swappedWrapped = { ...ex, options: [...others.slice(0, 1), rewrapped, ...others.slice(1)] };
    expect(alignAnswer(swappedWrapped, saved)).toEqual({ ...saved, selected: [1, 0] });
    // Option 0 reworded: kept where it was; nothing else moved, so the answer is the one saved.
    const reworded = {
      ...ex,
      options: ex.options.map((o, i) => (i === 0 ? { ...o, text: 'Reworded.' } : o)),
    };
    expect(alignAnswer(reworded, saved)).toBe(saved);
    const [o0, o1, o2, ...rest] = ex.options;
    if (!o0 || !o1 || !o2) throw new Error('crash-facts has fewer than three options');
    const twice = { ...ex, options: [o1, o0, { ...o2, text: o0.text }, ...rest] };
    // Options 0 and 1 swapped, and option 0's text also at 2: 0 is kept (its text is found twice), 1 moves
    // to 0, and [0, 0] would name option 0 twice: the answer is read as saved.
    expect(alignAnswer(twice, saved)).toBe(saved);
    const swapped = { ...ex, options: [o1, o0, o2, ...rest] };
    expect(alignAnswer(swapped, saved)).toEqual({ ...saved, selected: [1, 0] });
  });

  it('find an option reworded with its former wording listed in was, there or moved; it is not lost', () => {
    const ex = exercise(lab6, 'crash-facts');
    if (ex.kind !== 'choose') throw new Error('crash-facts is not a choose exercise');
    const saved = withTexts(ex, { kind: 'choose', selected: [0, 1] });
    const [o0, o1, ...rest] = ex.options;
    if (!o0 || !o1) throw new Error('crash-facts has fewer than two options');
    const kept = { ...o0, text: 'Reworded.', was: [o0.text] };
    // Reworded in place: nothing moves, and no text is lost.
    const inPlace = { ...ex, options: [kept, o1, ...rest] };
    expect(alignAnswer(inPlace, saved)).toBe(saved);
    expect(lostTexts(inPlace, saved)).toEqual([]);
    // Reworded and moved in the same edit: found by its former wording.
    const moved = { ...ex, options: [o1, kept, ...rest] };
    expect(alignAnswer(moved, saved)).toEqual({ ...saved, selected: [1, 0] });
    expect(lostTexts(moved, saved)).toEqual([]);
    // Without was, the same edit reads the answer by position (moving option 1's number alone would
    // name option 0 twice), and says so of both its texts.
    const unsaid = { ...ex, options: [o1, { ...o0, text: 'Reworded.' }, ...rest] };
    expect(alignAnswer(unsaid, saved)).toBe(saved);
    expect(lostTexts(unsaid, saved).map((t) => t.k)).toEqual([0, 1]);
  });

  it('that cannot be read are said, and leave the answer read by position', () => {
    const ex = exercise(lab2, 'who-runs-relocate');
    const right = referenceAnswer(makeInstance(ex, 5));
    expect(textsProblem({ ...right, texts: 'CPU 0' })).toMatch(/must be a list of text/);
    expect(textsProblem({ ...right, texts: ['a', 'b'] })).toBe('names 2 texts for 1 number');
    expect(textsProblem(right)).toBeNull();
    const bad = { ...right, texts: [1] };
    expect(alignAnswer(reversed(ex), bad)).toBe(bad);
    expect(attemptAnswerProblems(attempt(ex, bad, 5), { ...lab2, exercises: [ex] })).toEqual([
      'attempt.answer.texts: must be a list of text (the lab-file text of each option or item named)',
    ]);
  });
});

describe('a text as a student reads it (asRead)', () => {
  it('reads invisible and compatibility forms as the plain text, but not superscripts or fractions', () => {
    expect(asRead('In\u200b stop_this\u00ad_cpu\uff08)')).toBe(asRead('In stop_this_cpu()'));
    expect(asRead('\ufb01x')).toBe('fix');
    // A student tells these apart: they stay.
    expect(asRead('2\u00b2')).not.toBe(asRead('22'));
    expect(asRead('\u00bd')).not.toBe(asRead('1/2'));
    expect(asRead('x\u2082')).not.toBe(asRead('x2'));
    // One character written two ways is one.
    expect(asRead('e\u0301')).toBe(asRead('\u00e9'));
  });
});
