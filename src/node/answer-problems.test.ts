/** Answers a progress file holds that the exercise cannot read: each named by attempts[i] and field. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { referenceAnswer } from '../lab/grade.ts';
import { makeInstance } from '../lab/keys.ts';
import type { Attempt } from '../lab/progress/types.ts';
import { answerProblemsByKind, attemptAnswerProblems } from './answer-problems.ts';
import { loadLab } from './labs/load.ts';

const LABS = join(import.meta.dirname, '..', '..', 'labs');

/** The problems' messages, as grade warns them. */
const answerProblems = (...args: Parameters<typeof answerProblemsByKind>) =>
  answerProblemsByKind(...args).map((p) => p.message);

describe('answerProblems', async () => {
  const lab = await loadLab(LABS, '02-sme-two-wbinvds');
  const labs = new Map([[lab.id, lab]]);
  const attempt = (exerciseId: string, answer: unknown, more: Partial<Attempt> = {}): Attempt => ({
    id: 'a',
    labId: lab.id,
    exerciseId,
    variantSeed: 1,
    answer,
    score: 0,
    maxScore: 1,
    hintsUsed: 0,
    correct: false,
    solutionShown: false,
    at: '2026-11-25T10:00:00.000Z',
    durationMs: 0,
    ...more,
  });

  it('a find_bug attempt naming a broken rule the exercise does not offer is named by its field; a mutant elsewhere too', () => {
    const shown = attempt('find-the-bug', { kind: 'find_bug', selected: 0 }, { mutant: 'not_a_mutant' });
    const stray = attempt('who-runs-relocate', { kind: 'choose', selected: [0] }, { mutant: 'global_flag' });
    expect(answerProblems([shown, stray], labs)).toEqual([
      'attempts[0].mutant: "not_a_mutant" is not among the broken rules of find-the-bug (relocate_kernel_tests_bit0, flag_read_after_load_segments, wbinvd_after_swap_pages): the variant answered is unknown; counted as a wrong try',
      "attempts[1].mutant: a find_bug attempt's field, on an attempt at a choose exercise (who-runs-relocate): not read",
    ]);
    // One the exercise offers is no problem.
    const fine = attempt(
      'find-the-bug',
      { kind: 'find_bug', selected: 0 },
      { mutant: 'wbinvd_after_swap_pages' },
    );
    expect(answerProblems([fine], labs)).toEqual([]);
  });

  it("the app's own answers, right or wrong, pass", () => {
    const good = lab.exercises.map((ex) => attempt(ex.id, referenceAnswer(makeInstance(ex, 1))));
    good.push(attempt('who-runs-relocate', { kind: 'choose', selected: [1] }));
    good.push(attempt('grid-sme-active', { kind: 'grid', cells: [] }));
    expect(answerProblems(good, labs)).toEqual([]);
  });

  it('names each unreadable answer by attempts[i] and its field', () => {
    const bad = [
      attempt('who-runs-relocate', null),
      attempt('who-runs-relocate', { kind: 'choose', selected: [99] }),
      attempt('grid-sme-active', {
        kind: 'grid',
        cells: ['garbage', '0:relocate_kernel', '9:stop_this_cpu'],
      }),
      attempt('no-such-exercise', { kind: 'choose', selected: [0] }),
      attempt('stop-order', { kind: 'order', order: [0, 0, 1] }),
      attempt('predict-after-test', { kind: 'choose', selected: [0] }),
      attempt('find-the-bug', { kind: 'find_bug', selected: -1 }),
      attempt('explain-flag', { kind: 'explain' }),
      attempt('grid-sme-active', { kind: 'grid', cells: 'all' }),
      { ...attempt('who-runs-relocate', null), labId: 'not-given' },
    ];
    expect(answerProblems(bad, labs)).toEqual([
      'attempts[0].answer: not an answer (null); counted as a wrong try',
      'attempts[1].answer.selected: 99: no such option (who-runs-relocate has options 0 to 2)',
      'attempts[2].answer.cells: "garbage", "9:stop_this_cpu": no such cell (cells are "CPU:site", CPUs 0 to 3, sites stop_this_cpu, relocate_kernel)',
      'attempts[3].exerciseId: lab 02-sme-two-wbinvds has no exercise "no-such-exercise"; not graded',
      'attempts[4].answer.order: [0,0,1] does not list each item 0 to 5 once',
      'attempts[5].answer.kind: a "choose" answer to a predict exercise (predict-after-test); counted as a wrong try',
      'attempts[6].answer.selected: -1: no such option (find-the-bug has options 0 to 2)',
      'attempts[7].answer.text: must be text (got nothing)',
      'attempts[8].answer.cells: must be a list of "CPU:site" cells (got "all")',
    ]);
  });

  // Fails without the fix: none of these, which the app cannot make, was named; grading took them as
  // they stand (7 hints' cost; [0, 0] read as wrong; [2, 2] as [2]).
  it('names more hints than the exercise has, an option selected twice, and more than one of a single choice', () => {
    const flags = lab.exercises.find((e) => e.id === 'flags-word-facts');
    if (flags?.kind !== 'choose' || !flags.multiple) throw new Error('flags-word-facts is a multiple choice');
    const bad = [
      attempt('who-runs-relocate', { kind: 'choose', selected: [0] }, { hintsUsed: 7 }),
      attempt('who-runs-relocate', { kind: 'choose', selected: [0, 0] }),
      attempt('who-runs-relocate', { kind: 'choose', selected: [0, 1, 2] }),
      attempt('flags-word-facts', { kind: 'choose', selected: [0, 2, 2, 0, 2] }),
      attempt('explain-flag', { kind: 'explain', text: 'x' }, { hintsUsed: 1 }),
      // As many hints as it has: fine.
      attempt('who-runs-relocate', { kind: 'choose', selected: [1] }, { hintsUsed: 2 }),
    ];
    expect(answerProblems(bad, labs)).toEqual([
      'attempts[0].hintsUsed: 7: who-runs-relocate has 2 hints; graded with the cost of each as the file says',
      'attempts[1].answer.selected: [0,0]: who-runs-relocate takes one option, not 2; counted as a wrong try',
      'attempts[2].answer.selected: [0,1,2]: who-runs-relocate takes one option, not 3; counted as a wrong try',
      'attempts[3].answer.selected: [0,2,2,0,2]: options 0, 2 selected more than once; graded as if selected once',
      'attempts[4].hintsUsed: 1: explain-flag has no hints; graded with the cost of each as the file says',
    ]);
  });

  it('attempts after the solution was shown are not graded, so not checked', () => {
    const after = [
      attempt('who-runs-relocate', referenceAnswer(makeInstance(lab.exercises[0]!, 1)), {
        solutionShown: true,
      }),
      attempt('who-runs-relocate', null),
    ];
    expect(answerProblems(after, labs)).toEqual([]);
  });
});

describe('attemptAnswerProblems (the app refusing an attempt before it is saved)', async () => {
  const lab = await loadLab(LABS, '02-sme-two-wbinvds');
  const one = (exerciseId: string, answer: unknown, solutionShown = false, hintsUsed = 0) =>
    attemptAnswerProblems({ exerciseId, variantSeed: 1, answer, solutionShown, hintsUsed }, lab);

  // Fails without the fix: each was saved.
  it('refuses what the page cannot make, naming the field, without what grading would do with it', () => {
    expect(one('who-runs-relocate', { kind: 'choose', selected: [0] }, false, 3)).toEqual([
      'attempt.hintsUsed: 3: who-runs-relocate has 2 hints',
    ]);
    expect(one('who-runs-relocate', { kind: 'choose', selected: [1, 1] })).toEqual([
      'attempt.answer.selected: [1,1]: who-runs-relocate takes one option, not 2',
    ]);
    expect(one('flags-word-facts', { kind: 'choose', selected: [3, 3] })).toEqual([
      'attempt.answer.selected: [3,3]: option 3 selected more than once',
    ]);
    // A shown solution is never graded: kept whatever it says.
    expect(one('who-runs-relocate', { kind: 'choose', selected: [0] }, true, 3)).toEqual([]);
  });

  it('names the field under attempt, without what grading would do with it', () => {
    expect(one('who-runs-relocate', { kind: 'grid', cells: [] })).toEqual([
      'attempt.answer.kind: a "grid" answer to a choose exercise (who-runs-relocate)',
    ]);
    expect(one('who-runs-relocate', 'A')).toEqual(['attempt.answer: not an answer ("A")']);
    expect(one('grid-sme-active', { kind: 'grid', cells: ['4:stop_this_cpu'] })).toEqual([
      'attempt.answer.cells: "4:stop_this_cpu": no such cell (cells are "CPU:site", CPUs 0 to 3, sites stop_this_cpu, relocate_kernel)',
    ]);
    expect(one('nope', { kind: 'choose', selected: [0] })).toEqual([
      'attempt.exerciseId: lab 02-sme-two-wbinvds has no exercise "nope"',
    ]);
  });

  it("passes the app's own answers, and a shown solution (never graded) whatever its answer", () => {
    for (const ex of lab.exercises) expect(one(ex.id, referenceAnswer(makeInstance(ex, 1)))).toEqual([]);
    expect(one('predict-after-test', { kind: 'predict', selected: -1 }, true)).toEqual([]);
    // A shown solution at an exercise the lab does not have is still refused.
    expect(one('nope', null, true)).toHaveLength(1);
  });
});

describe("a find_bug's decoys are options too (lab 1's find-the-bug: two mutants, two decoys)", async () => {
  const lab = await loadLab(LABS, '01-why-flush');
  const pick = (selected: number) => ({ kind: 'find_bug', selected });

  // Fails without the fix: the app refused to save a decoy picked, and grade named it as no such option.
  it('takes a decoy picked, saved by the app and graded', () => {
    for (const selected of [0, 1, 2, 3]) {
      const attempt = { exerciseId: 'find-the-bug', variantSeed: 1, solutionShown: false, hintsUsed: 0 };
      expect(attemptAnswerProblems({ ...attempt, answer: pick(selected) }, lab)).toEqual([]);
    }
  });

  it('refuses an index past the decoys, saying how many options there are', () => {
    const attempt = { exerciseId: 'find-the-bug', variantSeed: 1, solutionShown: false, hintsUsed: 0 };
    expect(attemptAnswerProblems({ ...attempt, answer: pick(4) }, lab)).toEqual([
      'attempt.answer.selected: 4: no such option (find-the-bug has options 0 to 3)',
    ]);
  });
});

describe('answers saved with their texts, graded after the lab was edited', async () => {
  const lab = await loadLab(LABS, '02-sme-two-wbinvds');
  const who = lab.exercises.find((e) => e.id === 'who-runs-relocate');
  if (!who || who.kind !== 'choose') throw new Error('lab 2 has no who-runs-relocate');
  const [reboot, started, none] = who.options;
  if (!reboot || !started || !none) throw new Error('who-runs-relocate has fewer than three options');
  const attempt = (answer: unknown): Attempt => ({
    id: 'a',
    labId: lab.id,
    exerciseId: who.id,
    variantSeed: 1,
    answer,
    score: 0,
    maxScore: 2,
    hintsUsed: 0,
    correct: false,
    solutionShown: false,
    at: '2026-11-29T10:00:00.000Z',
    durationMs: 0,
  });
  const edited = (options: (typeof who)['options']) =>
    new Map([[lab.id, { ...lab, exercises: [{ ...who, options }] }]]);
  const picked = attempt({ kind: 'choose', selected: [2], texts: [none.text] });

  it('read an option by its text where the lab now has it, out of range by number or not', () => {
    // The first option removed: number 2 is past the end, but its text is at 1.
    expect(answerProblemsByKind([picked], edited([started, none]))).toEqual([]);
  });

  it('say which text the lab no longer has, and that the answer is read by its number', () => {
    const reworded = { ...none, text: 'No CPU: the other flushes are enough' };
    expect(answerProblemsByKind([picked], edited([reboot, started, reworded]))).toEqual([
      {
        index: 0,
        kind: 'lost-text',
        message: `attempts[0].answer.texts[0]: ${JSON.stringify(none.text)}: who-runs-relocate no longer has this option in one place (reworded, removed or repeated since the answer); read by its number, as option 2, ${JSON.stringify(reworded.text)}`,
      },
    ]);
    // Removed, with nothing at its number now: the number is out of range, and said as such.
    expect(answerProblemsByKind([picked], edited([reboot, started]))).toEqual([
      expect.objectContaining({
        kind: 'malformed',
        message: 'attempts[0].answer.selected: 2: no such option (who-runs-relocate has options 0 to 1)',
      }),
    ]);
  });
});
