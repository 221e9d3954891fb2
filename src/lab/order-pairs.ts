/** Pairs of an order exercise's items, as the grader and the validator name them. */
import type { OrderExercise } from './types.ts';

/** One key per unordered pair of item indices: [2, 3] and [3, 2] are the same pair. */
export function pairKey(a: number, b: number): string {
  return a < b ? `${a}-${b}` : `${b}-${a}`;
}

/** The pairs whose order the reference leaves open (`unordered` in the lab file): not graded. */
export function openPairs(unordered: readonly (readonly [number, number])[] | undefined): Set<string> {
  return new Set((unordered ?? []).map(([a, b]) => pairKey(a, b)));
}

/** An exercise's open pairs in words, for its solution: "Either order is right for “A” and “B”: ...". */
export function openPairsSaid(ex: Pick<OrderExercise, 'unordered' | 'items'>): string[] {
  const label = (i: number) => ex.items[i]?.label ?? String(i);
  return (ex.unordered ?? []).map(
    ([a, b]) =>
      `Either order is right for “${label(a)}” and “${label(b)}”: the reference leaves it open, and the model's order is its own choice.`,
  );
}

/**
 * An exercise's required pairs in words, in the order the trace runs them, for its solution: "“A” comes
 * before “B”: the order this exercise is about; ...".
 */
export function mustPairsSaid(ex: Pick<OrderExercise, 'must' | 'items'>, order: readonly number[]): string[] {
  const label = (i: number) => ex.items[i]?.label ?? String(i);
  const at = (i: number) => order.indexOf(i);
  return (ex.must ?? []).map(([a, b]) => {
    const [first, then] = at(a) <= at(b) ? [a, b] : [b, a];
    return `“${label(first)}” comes before “${label(then)}”: the order this exercise is about; an answer with these two the other way round earns no credit.`;
  });
}
