/**
 * Answers in a progress file that the exercise cannot read as they stand: no answer, the wrong kind, an
 * option, cell or item that does not exist, an exercise the lab does not have. `flushpoint grade` names
 * them (file and attempts[i]) so an instructor knows a score rests on a damaged or hand-edited file; the
 * grading itself is unchanged.
 */
import { makeInstance } from '../lab/keys.ts';
import type { Attempt } from '../lab/progress/types.ts';
import type { Exercise, Lab } from '../lab/types.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));
const isIndex = (v: unknown, n: number) => Number.isInteger(v) && (v as number) >= 0 && (v as number) < n;
const range = (n: number, what: string) => (n ? `${what} 0 to ${n - 1}` : `no ${what}`);

/** What is wrong with one answer to `ex`, each naming its field under `where` (attempts[i].answer). */
function answerFieldProblems(
  ex: Exercise,
  answer: unknown,
  where: string,
  cpus: () => number | null,
): string[] {
  if (!isObj(answer) || typeof answer.kind !== 'string')
    return [`${where}: not an answer (${show(answer)}); counted as a wrong try`];
  if (answer.kind !== ex.kind)
    return [
      `${where}.kind: a ${show(answer.kind)} answer to a ${ex.kind} exercise (${ex.id}); counted as a wrong try`,
    ];
  const list = (key: string, of: string): unknown[] | string =>
    Array.isArray(answer[key])
      ? (answer[key] as unknown[])
      : `${where}.${key}: must be a list of ${of} (got ${show(answer[key])})`;
  switch (ex.kind) {
    case 'choose': {
      const sel = list('selected', 'option numbers');
      if (typeof sel === 'string') return [sel];
      const bad = sel.filter((s) => !isIndex(s, ex.options.length));
      return bad.length
        ? [
            `${where}.selected: ${bad.map(show).join(', ')}: no such option (${ex.id} has ${range(ex.options.length, 'options')})`,
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
      const n = ex.kind === 'predict' ? ex.options.length : ex.mutants.length;
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

/**
 * The problems of the attempts that are graded (in a lab given, before the solution was shown), each
 * starting with its attempts[i] field: `i` the attempt's index in the file, `indices[n]` for the n-th of
 * `attempts` when some of the file's were left out (unreadable).
 */
export function answerProblems(
  attempts: readonly Attempt[],
  labs: ReadonlyMap<string, Lab>,
  indices?: readonly number[],
): string[] {
  const out: string[] = [];
  const shown = new Set<string>();
  attempts.forEach((a, n) => {
    const i = indices?.[n] ?? n;
    const lab = labs.get(a.labId);
    if (!lab) return; // a lab not given: said once per lab, not per attempt
    const ex = lab.exercises.find((e) => e.id === a.exerciseId);
    if (!ex) {
      out.push(`attempts[${i}].exerciseId: lab ${lab.id} has no exercise ${show(a.exerciseId)}; not graded`);
      return;
    }
    const key = `${lab.id}/${ex.id}`;
    if (shown.has(key)) return; // after the solution was shown nothing is graded
    if (a.solutionShown) {
      shown.add(key);
      return;
    }
    const cpus = () => {
      try {
        const k = makeInstance(ex, a.variantSeed).key;
        return k.kind === 'grid' ? k.cpus : null;
      } catch {
        return null;
      }
    };
    out.push(...answerFieldProblems(ex, a.answer, `attempts[${i}].answer`, cpus));
  });
  return out;
}
