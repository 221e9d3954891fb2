/** Pairs of an order exercise's items, as the grader and the validator name them. */

/** One key per unordered pair of item indices: [2, 3] and [3, 2] are the same pair. */
export function pairKey(a: number, b: number): string {
  return a < b ? `${a}-${b}` : `${b}-${a}`;
}

/** The pairs whose order the reference leaves open (`unordered` in the lab file): not graded. */
export function openPairs(unordered: readonly (readonly [number, number])[] | undefined): Set<string> {
  return new Set((unordered ?? []).map(([a, b]) => pairKey(a, b)));
}

/** The open pairs in words, for a solution: "either order is right for “A” and “B” (...)". */
export function openPairsSaid(
  unordered: readonly (readonly [number, number])[] | undefined,
  labels: readonly string[],
): string[] {
  return (unordered ?? []).map(
    ([a, b]) =>
      `Either order is right for “${labels[a] ?? a}” and “${labels[b] ?? b}”: the reference leaves it open, and the model's order is its own choice.`,
  );
}
