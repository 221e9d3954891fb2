/**
 * Answers in a progress file that the exercise cannot read as they stand: no answer, the wrong kind, an
 * option, cell or item that does not exist, an option selected twice or more than one where the exercise
 * takes one, more hints than the exercise has, an exercise the lab does not have. `flushpoint grade` names
 * them (file and attempts[i]) so an instructor knows a score rests on a damaged or hand-edited file; the
 * grading itself is unchanged. The app's save refuses such an attempt with the same checks.
 */
import { alignAnswer, lostTexts, textsProblem, type LostText } from '../lab/answer-texts.ts';
import type { AnswerProblem } from '../lab/class-grade.ts';
import { findBugOptions } from '../lab/find-bug-options.ts';
import { shownInstance } from '../lab/shown-variant.ts';
import type { Attempt } from '../lab/progress/types.ts';
import type { Exercise, Lab } from '../lab/types.ts';
import { count } from '../sim/words.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));
const isIndex = (v: unknown, n: number) => Number.isInteger(v) && (v as number) >= 0 && (v as number) < n;
const range = (n: number, what: string) => (n ? `${what} 0 to ${n - 1}` : `no ${what}`);

/** Said of a problem that grading counts as a wrong try. */
const WRONG_TRY = '; counted as a wrong try';

/**
 * What is wrong with one answer to `ex`, each naming its field under `where` (attempts[i].answer).
 * `grading`: said of a file being graded, ending each problem with what grading makes of it where that
 * is sure (a wrong try); not when saving, where the attempt is refused.
 */
function answerFieldProblems(
  ex: Exercise,
  answer: unknown,
  where: string,
  cpus: () => number | null,
  grading: boolean,
): string[] {
  // Graded as the lab has its options now: the numbers moved to where their saved texts are.
  const problems = numberProblems(ex, grading ? alignAnswer(ex, answer) : answer, where, cpus, grading);
  if (problems.length) return problems;
  const texts = textsProblem(answer);
  if (texts) return [`${where}.texts: ${texts}${grading ? '; the answer is read by position' : ''}`];
  return grading ? lostTexts(ex, answer).map((t) => lostSaid(ex, t, where)) : [];
}

/** Said of a saved text the lab no longer has in one place: the only problem named at texts[k]. */
const LOST_TEXT = 'read by its number';
function lostSaid(ex: Exercise, t: LostText, where: string): string {
  const what = ex.kind === 'order' ? 'item' : 'option';
  const now = t.now === undefined ? `no ${what} ${t.number}` : `${what} ${t.number}, ${show(t.now)}`;
  return `${where}.texts[${t.k}]: ${show(t.text)}: ${ex.id} no longer has this ${what} in one place (reworded, removed or repeated since the answer); ${LOST_TEXT}, as ${now}`;
}

/** What is wrong with the numbers (or cells, or text) an answer gives; see answerFieldProblems. */
function numberProblems(
  ex: Exercise,
  answer: unknown,
  where: string,
  cpus: () => number | null,
  grading: boolean,
): string[] {
  const wrongTry = grading ? WRONG_TRY : '';
  if (!isObj(answer) || typeof answer.kind !== 'string')
    return [`${where}: not an answer (${show(answer)})${wrongTry}`];
  if (answer.kind !== ex.kind)
    return [`${where}.kind: a ${show(answer.kind)} answer to a ${ex.kind} exercise (${ex.id})${wrongTry}`];
  const list = (key: string, of: string): unknown[] | string =>
    Array.isArray(answer[key])
      ? (answer[key] as unknown[])
      : `${where}.${key}: must be a list of ${of} (got ${show(answer[key])})`;
  switch (ex.kind) {
    case 'choose': {
      const sel = list('selected', 'option numbers');
      if (typeof sel === 'string') return [sel];
      const bad = sel.filter((s) => !isIndex(s, ex.options.length));
      if (bad.length)
        return [
          `${where}.selected: ${bad.map(show).join(', ')}: no such option (${ex.id} has ${range(ex.options.length, 'options')})`,
        ];
      // The page selects an option once, and only one where the exercise takes one: grading reads a
      // single choice of more than one as wrong, and a multiple choice as if each was selected once.
      if (!ex.multiple && sel.length > 1)
        return [
          `${where}.selected: ${show(sel)}: ${ex.id} takes one option, not ${sel.length}${grading ? WRONG_TRY : ''}`,
        ];
      const repeated = [...new Set(sel.filter((s, i) => sel.indexOf(s) !== i))].sort(
        (a, b) => (a as number) - (b as number),
      );
      return repeated.length
        ? [
            `${where}.selected: ${show(sel)}: ${repeated.length === 1 ? 'option' : 'options'} ${repeated.map(show).join(', ')} selected more than once${grading ? '; graded as if selected once' : ''}`,
          ]
        : [];
    }
    case 'grid': {
      const cells = list('cells', '"CPU:site" cells');
      if (typeof cells === 'string') return [cells];
      const n = cpus();
      const bad = cells.filter((c) => {
        const m = typeof c === 'string' ? /^(\d+):(.+)$/.exec(c) : null;
        return !m || !ex.sites.includes(m[2] as never) || (n !== null && Number(m[1]) >= n);
      });
      return bad.length
        ? [
            `${where}.cells: ${bad.map(show).join(', ')}: no such cell (cells are "CPU:site", ${n === null ? 'CPU a number' : range(n, 'CPUs')}, sites ${ex.sites.join(', ')})`,
          ]
        : [];
    }
    case 'order': {
      const order = list('order', 'item numbers');
      if (typeof order === 'string') return [order];
      const n = ex.items.length;
      const ok = order.length === n && order.every((x) => isIndex(x, n)) && new Set(order).size === n;
      return ok ? [] : [`${where}.order: ${show(order)} does not list each item 0 to ${n - 1} once`];
    }
    case 'predict':
    case 'find_bug': {
      const n = ex.kind === 'predict' ? ex.options.length : findBugOptions(ex).length;
      return isIndex(answer.selected, n)
        ? []
        : [
            `${where}.selected: ${show(answer.selected)}: no such option (${ex.id} has ${range(n, 'options')})`,
          ];
    }
    case 'explain':
      return typeof answer.text === 'string'
        ? []
        : [`${where}.text: must be text (got ${show(answer.text)})`];
  }
}

/** The CPUs of the grid of a student's variant (`seed`) of `ex`; null when not a grid or not buildable. */
function gridCpus(ex: Exercise, attempt: Pick<Attempt, 'variantSeed' | 'variant' | 'mutant'>): number | null {
  try {
    const k = shownInstance(ex, attempt).key;
    return k.kind === 'grid' ? k.cpus : null;
  } catch {
    return null;
  }
}

const noExercise = (lab: Lab, exerciseId: unknown, where: string) =>
  `${where}.exerciseId: lab ${lab.id} has no exercise ${show(exerciseId)}`;

/**
 * More hints taken than `ex` has, which the page never lets happen (it offers one while the exercise has
 * one more); `where` names the attempt. Grading takes each one's cost as the file says.
 */
function hintProblems(ex: Exercise, hintsUsed: number, where: string, grading: boolean): string[] {
  const n = ex.hints.length;
  return hintsUsed > n
    ? [
        `${where}.hintsUsed: ${hintsUsed}: ${ex.id} has ${n === 0 ? 'no hints' : count(n, 'hint')}${grading ? '; graded with the cost of each as the file says' : ''}`,
      ]
    : [];
}

/**
 * What is wrong with one attempt at an exercise of `lab` before it is saved, each naming its field under
 * `where`: an exercise the lab does not have, an answer that exercise cannot read, or more hints taken
 * than it has. A shown solution is not checked: its answer is the model's own and never graded (as in
 * `answerProblems`), and refusing it would lose the record that the solution was shown, which is what
 * stops later tries from counting.
 */
export function attemptAnswerProblems(
  attempt: Pick<
    Attempt,
    'exerciseId' | 'variantSeed' | 'variant' | 'mutant' | 'answer' | 'solutionShown' | 'hintsUsed'
  >,
  lab: Lab,
  where = 'attempt',
): string[] {
  const ex = lab.exercises.find((e) => e.id === attempt.exerciseId);
  if (!ex) return [noExercise(lab, attempt.exerciseId, where)];
  if (attempt.solutionShown) return [];
  return [
    ...answerFieldProblems(ex, attempt.answer, `${where}.answer`, () => gridCpus(ex, attempt), false),
    ...hintProblems(ex, attempt.hintsUsed, where, false),
  ];
}

/**
 * The problems of the attempts that are graded (in a lab given, before the solution was shown), each
 * starting with its attempts[i] field: `i` the attempt's index in the file, `indices[n]` for the n-th of
 * `attempts` when some of the file's were left out (unreadable).
 * Each comes with the index of its attempt in the file and what grading makes of it (its kind), for
 * the notes of the rows it bears on.
 */
export function answerProblemsByKind(
  attempts: readonly Attempt[],
  labs: ReadonlyMap<string, Lab>,
  indices?: readonly number[],
): AnswerProblem[] {
  const out: AnswerProblem[] = [];
  const shown = new Set<string>();
  attempts.forEach((a, n) => {
    const i = indices?.[n] ?? n;
    const lab = labs.get(a.labId);
    if (!lab) return; // a lab not given: said once per lab, not per attempt
    const ex = lab.exercises.find((e) => e.id === a.exerciseId);
    if (!ex) {
      out.push({
        index: i,
        kind: 'no-exercise',
        message: `${noExercise(lab, a.exerciseId, `attempts[${i}]`)}; not graded`,
      });
      return;
    }
    const key = `${lab.id}/${ex.id}`;
    if (shown.has(key)) return; // after the solution was shown nothing is graded
    if (a.solutionShown) {
      shown.add(key);
      return;
    }
    // The broken rule a find_bug attempt was shown: one the exercise no longer offers (or never did)
    // leaves no variant to grade the answer against.
    if (a.mutant !== undefined && ex.kind === 'find_bug' && !findBugOptions(ex).includes(a.mutant))
      out.push({
        index: i,
        kind: 'wrong-try',
        message: `attempts[${i}].mutant: ${JSON.stringify(a.mutant)} is not among the broken rules of ${ex.id} (${findBugOptions(ex).join(', ')}): the variant answered is unknown${WRONG_TRY}`,
      });
    else if (a.mutant !== undefined && ex.kind !== 'find_bug')
      out.push({
        index: i,
        kind: 'malformed',
        message: `attempts[${i}].mutant: a find_bug attempt's field, on an attempt at a ${ex.kind} exercise (${ex.id}): not read`,
      });
    const where = `attempts[${i}].answer`;
    for (const message of answerFieldProblems(ex, a.answer, where, () => gridCpus(ex, a), true))
      out.push({
        index: i,
        kind: message.endsWith(WRONG_TRY)
          ? 'wrong-try'
          : message.startsWith(`${where}.texts[`)
            ? 'lost-text'
            : 'malformed',
        message,
      });
    for (const message of hintProblems(ex, a.hintsUsed, `attempts[${i}]`, true))
      out.push({ index: i, kind: 'hints', message });
  });
  return out;
}
