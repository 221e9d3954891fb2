/**
 * Grading: partial credit per part, declining credit on retries, hints that unlock after wrong tries and
 * cost points, and "show solution" after a few tries (counted as not solved).
 */
import { diffResults, type MutantId, type SimResult } from '../sim/index.ts';
import { count, cpusLabel } from '../sim/words.ts';
import { answerKey } from './answer-key.ts';
import { findBugOptions } from './find-bug-options.ts';
import { MISCONCEPTIONS } from './misconceptions.ts';
import { brokenRun, type Instance } from './keys.ts';
import type { Exercise } from './types.ts';
import { MUTANT_RULES } from './mutants.ts';
import { openPairs, pairKey } from './order-pairs.ts';
import { roundPoints } from './points.ts';
import { creditAboveUniform } from './uniform-credit.ts';

/**
 * `texts`, where present, is what each number named in the lab file when the answer was saved (the app
 * saves them; answer-texts.ts reads the numbers through them, so a lab's options can be reordered).
 */
export type Answer =
  | { kind: 'choose'; selected: number[]; texts?: string[] }
  | { kind: 'grid'; cells: string[] }
  | { kind: 'order'; order: number[]; texts?: string[] }
  | { kind: 'predict'; selected: number; texts?: string[] }
  | { kind: 'find_bug'; selected: number; texts?: string[] }
  | { kind: 'explain'; text: string; selfAssessment?: 'got-it' | 'partly' | 'missed' };

/** What happened before this attempt on the same exercise instance. */
export interface History {
  /** Earlier graded attempts that were not fully correct. */
  wrongTries: number;
  hintsUsed: number;
  /**
   * The different wrong answers among them given at this same variant (ruledOutBy): what rules options
   * out (another variant's right option may be another one, and one answer given twice rules out one).
   * The app and regrading both give it; wrongTries stands in where it is not given (labs check's replay,
   * with none). Regrading counts every try for the penalty.
   */
  ruledOut?: number;
}

export interface Feedback {
  text: string;
  /** The named misconception the answer shows, when it shows one. */
  misconception?: { id: string; name: string };
  part?: string;
  /** The lab file's number of the option this feedback is about (a choose's or predict's), if any. */
  option?: number;
  correct: boolean;
}

export interface Grade {
  score: number;
  maxScore: number;
  /**
   * Credit (0 to 1) before retry and hint deductions: the fraction of the parts right, but for a grid or
   * a multiple-answer choose only the parts right beyond a uniform answer count (creditAboveUniform).
   */
  raw: number;
  correct: boolean;
  feedback: Feedback[];
  /** How many hints may be opened now (one more after each wrong try). */
  hintsAvailable: number;
  /** The solution may be shown after this many wrong tries. */
  solutionAvailable: boolean;
  /**
   * Right, but forced by elimination (forcedByElimination): solved for no credit. Said once, by the
   * feedback's heading ("Solved by elimination"), not again as a line of feedback under it.
   */
  byElimination: boolean;
}

export const RETRY_PENALTY = 0.15;
export const MIN_RETRY_FACTOR = 0.4;
export const HINT_COST = 0.1;
export const SOLUTION_AFTER_TRIES = 3;

/** Wrong tries that cost nothing: a student who reads the explanation and fixes the answer gets full credit. */
export const FREE_RETRIES = 1;

/**
 * How many options a single-answer exercise picks one from (a choose without `multiple`, a predict, a
 * find_bug); null for one graded part by part, where a wrong try rules out no whole answer.
 */
export function singleAnswerOptions(ex: Exercise): number | null {
  switch (ex.kind) {
    case 'choose':
      return ex.multiple ? null : ex.options.length;
    case 'predict':
      return ex.options.length;
    case 'find_bug':
      return findBugOptions(ex).length;
    default:
      return null;
  }
}

/**
 * How many options wrong answers have ruled out: the different answers among them (the same wrong
 * answer given twice rules out one). The app and regrade both count with this, so the two agree.
 */
export function ruledOutBy(wrongAnswers: readonly unknown[]): number {
  return new Set(wrongAnswers.map(answerKey).filter((k) => k !== null)).size;
}

/**
 * Whether the next answer to a single-answer exercise is forced: after n - 1 wrong tries among its n
 * options, the one left is right by elimination. Without this, guessing through a two-option exercise
 * (wrong, then the other one, on the free retry) earned full credit.
 */
export function forcedByElimination(ex: Exercise, h: Pick<History, 'wrongTries' | 'ruledOut'>): boolean {
  const n = singleAnswerOptions(ex);
  return n !== null && n >= 2 && (h.ruledOut ?? h.wrongTries) >= n - 1;
}

/**
 * The credit factor of an attempt at `ex`: declining with earlier wrong tries (after the free retry) and
 * with hints opened; none for an answer forced by elimination (forcedByElimination), which still counts
 * as solved.
 */
export function creditFactor(h: History, ex: Exercise): number {
  if (forcedByElimination(ex, h)) return 0;
  const retry = Math.max(MIN_RETRY_FACTOR, 1 - RETRY_PENALTY * Math.max(0, h.wrongTries - FREE_RETRIES));
  return Math.max(0, retry - HINT_COST * h.hintsUsed);
}

/** Hints open one by one, after each wrong try. */
export function hintsAvailable(inst: Instance, wrongTries: number): number {
  return Math.min(inst.exercise.hints.length, wrongTries);
}

/** A grid column's ticks: how many cells the student ticked in it, and how many of those have no WBINVD. */
export interface ColumnTicks {
  ticked: number;
  wrong: number;
}

/**
 * A wrong grid in words: "1 of the 3 cells ticked in the stop_this_cpu column has no WBINVD; 1 WBINVD is
 * not ticked". Misses are only counted. Ticks where nothing runs are counted by column only when no
 * column holds nothing but wrong ticks: "1 ticked cell in the relocate_kernel column has no WBINVD",
 * said of a column with one tick, named that cell (and the retry could still earn full credit).
 */
export function gridMistakes(columns: ReadonlyMap<string, ColumnTicks>, missed: number): string {
  const wrongCols = [...columns].filter(([, c]) => c.wrong > 0);
  const wrong = wrongCols.reduce((sum, [, c]) => sum + c.wrong, 0);
  const have = (n: number) => (n === 1 ? 'has' : 'have');
  const byColumn = wrongCols.every(([, c]) => c.ticked > c.wrong);
  const [only] = wrongCols;
  const said = [
    ...(wrong === 0
      ? []
      : !byColumn
        ? [`${count(wrong, 'ticked cell')} ${have(wrong)} no WBINVD`]
        : wrongCols.length === 1 && only
          ? [
              `${only[1].wrong} of the ${only[1].ticked} cells ticked in the ${only[0]} column ${have(only[1].wrong)} no WBINVD`,
            ]
          : [
              `${count(wrong, 'ticked cell')} ${have(wrong)} no WBINVD: ${wrongCols
                .map(([site, c]) => `${c.wrong} of the ${c.ticked} in the ${site} column`)
                .join(', ')}`,
            ]),
    ...(missed > 0 ? [`${count(missed, 'WBINVD is', 'WBINVDs are')} not ticked`] : []),
  ];
  return `${said.join('; ')}.`;
}

const misc = (id: string | undefined) =>
  id && MISCONCEPTIONS[id] ? { id, name: MISCONCEPTIONS[id] as string } : undefined;

/** Grades one answer to an instance. */
export function grade(inst: Instance, answer: Answer, history: History): Grade {
  const { exercise: ex, key } = inst;
  const feedback: Feedback[] = [];
  let raw = 0;
  if (answer.kind !== ex.kind) throw new Error(`answer of kind ${answer.kind} for a ${ex.kind} exercise`);
  switch (key.kind) {
    case 'choose': {
      const a = answer as Extract<Answer, { kind: 'choose' }>;
      const ex2 = ex as Extract<typeof ex, { kind: 'choose' }>;
      const selected = new Set(a.selected);
      if (!ex2.multiple) {
        const pick = a.selected[0];
        raw = pick !== undefined && key.correct.includes(pick) && a.selected.length === 1 ? 1 : 0;
      } else {
        // Each option is a part: right when selected iff true. Credit counts the parts right beyond
        // what selecting none, or all, would get.
        let right = 0;
        ex2.options.forEach((_, i) => (right += selected.has(i) === key.correct.includes(i) ? 1 : 0));
        const trueParts = ex2.options.filter((_, i) => key.correct.includes(i)).length;
        const hits = key.correct.filter((i) => selected.has(i)).length;
        raw = creditAboveUniform({
          hits,
          trueParts,
          leftAlone: right - hits,
          falseParts: ex2.options.length - trueParts,
        });
      }
      // What the student chose is explained, right or wrong. A true statement left out is counted, not
      // named: naming it (with its "True; ...") handed over the key, and a retry can still earn full credit.
      ex2.options.forEach((o, i) => {
        if (!selected.has(i)) return;
        const isRight = key.correct.includes(i);
        const m = isRight ? undefined : misc(o.misconception);
        feedback.push({
          part: o.text,
          option: i,
          text: o.explain,
          correct: isRight,
          ...(m ? { misconception: m } : {}),
        });
      });
      if (ex2.multiple) {
        const missed = key.correct.filter((i) => !selected.has(i)).length;
        if (missed)
          feedback.push({
            text: `${count(missed, 'true statement is', 'true statements are')} not selected.`,
            correct: false,
          });
      }
      break;
    }
    case 'grid': {
      const a = answer as Extract<Answer, { kind: 'grid' }>;
      const ex2 = ex as Extract<typeof ex, { kind: 'grid' }>;
      const marked = new Set(a.cells);
      const truth = new Set(key.cells);
      const total = key.cpus * ex2.sites.length;
      let hits = 0;
      let leftAlone = 0;
      let trueParts = 0;
      // The cells ticked where nothing runs: counted, by site when that names no cell (gridMistakes),
      // never by CPU. What was missed is counted without a site: with it, one tick checked on the free
      // first try would map every WBINVD.
      const columns = new Map<string, ColumnTicks>();
      for (const site of ex2.sites)
        for (let cpu = 0; cpu < key.cpus; cpu++) {
          const cell = `${cpu}:${site}`;
          const isTrue = truth.has(cell);
          if (isTrue) trueParts++;
          if (marked.has(cell)) {
            const c = columns.get(site) ?? { ticked: 0, wrong: 0 };
            columns.set(site, { ticked: c.ticked + 1, wrong: c.wrong + (isTrue ? 0 : 1) });
          }
          if (marked.has(cell) === isTrue) {
            if (isTrue) hits++;
            else leftAlone++;
          }
        }
      raw = creditAboveUniform({ hits, trueParts, leftAlone, falseParts: total - trueParts });
      const wrong = total - hits - leftAlone;
      // The belief a wrong tick shows, where the lab names one for its column (the first such column).
      const believed = ex2.sites.find(
        (site) => (columns.get(site)?.wrong ?? 0) > 0 && ex2.misconceptions?.[site],
      );
      const m = believed ? misc(ex2.misconceptions?.[believed]) : undefined;
      feedback.push({
        text: wrong ? gridMistakes(columns, trueParts - hits) : 'Every cell right.',
        correct: wrong === 0,
        ...(m ? { misconception: m } : {}),
      });
      break;
    }
    case 'order': {
      const a = answer as Extract<Answer, { kind: 'order' }>;
      const ex2 = ex as Extract<typeof ex, { kind: 'order' }>;
      const pos = new Map(a.order.map((item, i) => [item, i]));
      const n = key.order.length;
      // A pair whose order the reference leaves open is right either way: it is not graded.
      const open = openPairs(ex2.unordered);
      // The pairs the exercise is about: one of them wrong, and the rest earns nothing.
      const must = openPairs(ex2.must);
      let pairs = 0;
      let right = 0;
      let mustWrong = 0;
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n; j++) {
          const k = pairKey(key.order[i] as number, key.order[j] as number);
          if (open.has(k)) continue;
          pairs++;
          if ((pos.get(key.order[i] as number) ?? -1) < (pos.get(key.order[j] as number) ?? -1)) right++;
          else if (must.has(k)) mustWrong++;
        }
      raw = a.order.length === n && mustWrong === 0 ? right / pairs : 0;
      const outOfOrder = `${count(pairs - right, 'pair is', 'pairs are')} out of order compared with the trace`;
      feedback.push({
        text:
          raw === 1
            ? a.order.every((item, i) => item === key.order[i])
              ? 'The order matches the trace.'
              : 'Right: every order the reference fixes is kept (where it leaves one open, either is right).'
            : mustWrong
              ? // Which pair is not said: that would hand over the answer the exercise is about.
                `${outOfOrder}, among them ${mustWrong === 1 ? 'one' : mustWrong} this exercise is about: with ${mustWrong === 1 ? 'it' : 'them'} the wrong way round, the answer earns no credit.`
              : `${outOfOrder}.`,
        correct: raw === 1,
      });
      break;
    }
    case 'predict': {
      const a = answer as Extract<Answer, { kind: 'predict' }>;
      const ex2 = ex as Extract<typeof ex, { kind: 'predict' }>;
      raw = a.selected === key.correct ? 1 : 0;
      const o = ex2.options[a.selected];
      const m = raw ? undefined : misc(o?.misconception);
      if (o)
        feedback.push({
          part: o.text,
          option: a.selected,
          text: o.explain,
          correct: raw === 1,
          ...(m ? { misconception: m } : {}),
        });
      break;
    }
    case 'find_bug': {
      const a = answer as Extract<Answer, { kind: 'find_bug' }>;
      const ex2 = ex as Extract<typeof ex, { kind: 'find_bug' }>;
      raw = a.selected === key.correct ? 1 : 0;
      // A decoy is one of the options too: never drawn, so never right.
      const chosen = findBugOptions(ex2)[a.selected] as MutantId | undefined;
      feedback.push({
        text: raw
          ? `Right: ${MUTANT_RULES[key.mutant].broken}`
          : `Not this one: ${chosen ? notThisOne(inst, chosen) : 'no rule chosen'}. Compare the two runs again.`,
        correct: raw === 1,
      });
      break;
    }
    case 'explain':
      return {
        score: 0,
        maxScore: 0,
        raw: 0,
        correct: false,
        feedback: [
          { text: 'Compare your answer with the model answer. This exercise is not graded.', correct: true },
        ],
        hintsAvailable: inst.exercise.hints.length,
        solutionAvailable: true,
        byElimination: false,
      };
  }
  const correct = raw === 1;
  const factor = creditFactor(history, ex);
  const wrongTries = history.wrongTries + (correct ? 0 : 1);
  return {
    score: roundPoints(ex.points * raw * factor),
    maxScore: ex.points,
    raw,
    correct,
    feedback,
    hintsAvailable: hintsAvailable(inst, wrongTries),
    solutionAvailable: !correct && wrongTries >= SOLUTION_AFTER_TRIES,
    byElimination: correct && forcedByElimination(ex, history),
  };
}

/**
 * Why a find_bug option picked is not the broken rule: what its bug would show. A decoy may change nothing
 * this scenario's comparison shows (an SME host never clears the flag a global_flag bug would share), and
 * its symptom, said of another host, would then send the student looking for it: that is said too.
 */
function notThisOne(inst: Instance, picked: MutantId): string {
  const symptom = MUTANT_RULES[picked].symptom;
  const run = inst.result ? brokenRun(inst, picked) : null;
  if (inst.result && run && diffResults(inst.result, run).same)
    return `${symptom}, and in this scenario it would change nothing the comparison shows`;
  // The symptom alone can be just what the broken run shows (every stop_this_cpu WBINVD gone), and read
  // as the answer: say where the two bugs part, in the WBINVDs the comparison lists.
  // The broken run the student sees is the instance's own: not simulated again for each wrong pick.
  const drawn = inst.mutantResult;
  const apart = run && drawn ? wbinvdsApart(run, drawn) : '';
  return apart ? `${symptom}; but ${apart}` : symptom;
}

/**
 * Where the WBINVDs of the run with the bug picked (`mine`) and of the broken run shown (`shown`) part,
 * per site, in words: "in the broken run CPUs 1–3 do not flush in stop_this_cpu (with that bug they would)".
 * At most two sites said; with the same WBINVDs, relocate_kernel's argument or the new kernel's corrupted
 * lines where those differ; empty when none does.
 */
function wbinvdsApart(mine: SimResult, shown: SimResult): string {
  const diff = diffResults(mine, shown);
  const rows = diff.wbinvd.filter((r) => r.changed);
  const bySite = new Map<string, { lost: number[]; kept: number[] }>();
  for (const r of rows) {
    const at = bySite.get(r.site) ?? { lost: [], kept: [] };
    // lost: the broken run has fewer WBINVDs there than the bug picked would; kept: more.
    (r.b < r.a ? at.lost : at.kept).push(r.cpu);
    bySite.set(r.site, at);
  }
  const said: string[] = [];
  for (const [site, { lost, kept }] of bySite) {
    const one = (cpus: number[]) => cpus.length === 1;
    if (lost.length)
      said.push(
        `${cpusLabel(lost)} ${one(lost) ? 'does' : 'do'} not flush in ${site} (with that bug ${one(lost) ? 'it' : 'they'} would)`,
      );
    if (kept.length)
      said.push(
        `${cpusLabel(kept)} ${one(kept) ? 'flushes' : 'flush'} in ${site} (with that bug ${one(kept) ? 'it' : 'they'} would not)`,
      );
  }
  // The same WBINVDs: what else the comparison shows, relocate_kernel's argument or the new kernel.
  if (!said.length && diff.relocateKernel.changed)
    said.push(`relocate_kernel is passed ${diff.relocateKernel.b} (with that bug, ${diff.relocateKernel.a})`);
  if (!said.length && diff.corrupted.a !== diff.corrupted.b)
    said.push(
      `the new kernel has ${count(diff.corrupted.b, 'corrupted line')} (with that bug, ${diff.corrupted.a})`,
    );
  return said.length ? `in the broken run ${said.slice(0, 2).join(', and ')}` : '';
}

/** The reference answer of an instance (what "show solution" displays, and what labs check replays). */
export function referenceAnswer(inst: Instance): Answer {
  const k = inst.key;
  switch (k.kind) {
    case 'choose':
      return { kind: 'choose', selected: k.correct };
    case 'grid':
      return { kind: 'grid', cells: k.cells };
    case 'order':
      return { kind: 'order', order: k.order };
    case 'predict':
      return { kind: 'predict', selected: k.correct };
    case 'find_bug':
      return { kind: 'find_bug', selected: k.correct };
    case 'explain':
      return {
        kind: 'explain',
        text: (inst.exercise as Extract<typeof inst.exercise, { kind: 'explain' }>).model_answer,
      };
  }
}

/** A wrong option of a choose or predict exercise, with why it is wrong and the belief it stands for. */
export interface WrongOption {
  /** The lab file's number of the option. */
  option: number;
  text: string;
  explain: string;
  misconception?: { id: string; name: string };
}

/**
 * The options that are not the answer, each with its explanation: shown once the exercise is solved or
 * its solution shown, so a student who picked right also reads why the others are wrong.
 */
export function wrongOptions(inst: Instance): WrongOption[] {
  const { exercise: ex, key } = inst;
  const right = key.kind === 'choose' ? key.correct : key.kind === 'predict' ? [key.correct] : null;
  if (!right || (ex.kind !== 'choose' && ex.kind !== 'predict')) return [];
  const options: { text: string; explain: string; why_not?: string; misconception?: string }[] = ex.options;
  return options.flatMap((o, i) => {
    if (right.includes(i)) return [];
    const m = misc(o.misconception);
    // The answer is known by now: the plain reason, where the lab gives one beside its pointer.
    const explain = o.why_not ?? o.explain;
    return [{ option: i, text: o.text, explain, ...(m ? { misconception: m } : {}) }];
  });
}
