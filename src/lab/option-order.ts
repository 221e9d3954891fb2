/**
 * The order a choose, predict or find_bug exercise shows its options in: shuffled per student and
 * exercise, from the exercise instance's seed, so that "the first one is right" teaches nothing.
 * Only the display moves: answers, progress files and grading keep the lab file's option indexes.
 */

/** mulberry32: a small, well-mixed 32-bit PRNG; numbers in [0, 1), the same ones for the same seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The lab file's option indexes in the order they are shown: `order[position] = index`. A Fisher-Yates
 * shuffle driven by mulberry32 from the seed: every order equally likely, the same one for the same seed.
 */
export function optionOrder(count: number, seed: number): number[] {
  const order = Array.from({ length: Math.max(0, Math.floor(count)) }, (_, i) => i);
  const random = mulberry32(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}

/**
 * Items that each stand for an option (feedback, the wrong options, the solution), in the order the
 * options are shown. `indexes[k]` is item k's option index in the lab file; an item that stands for no
 * option (-1, or an index not shown) goes after those that do, in its place among them (a stable sort).
 */
export function inShownOrder<T>(
  items: readonly T[],
  indexes: readonly number[],
  order: readonly number[],
): T[] {
  const position = new Map(order.map((index, pos) => [index, pos]));
  return items
    .map((item, k) => ({ item, k, pos: position.get(indexes[k] ?? -1) ?? Infinity }))
    .sort((a, b) => (a.pos === b.pos ? a.k - b.k : a.pos - b.pos))
    .map((x) => x.item);
}

/**
 * The option index of each of `texts` (items naming an option by its text, such as feedback), matched
 * against the options' texts in order; a text matched once is not matched again, so two items with the
 * same text stand for two options. -1 for a text of no option, or none.
 */
export function indexesByText(
  texts: readonly (string | undefined)[],
  optionTexts: readonly string[],
): number[] {
  const used = new Set<number>();
  return texts.map((text) => {
    if (text === undefined) return -1;
    const i = optionTexts.findIndex((o, k) => o === text && !used.has(k));
    if (i >= 0) used.add(i);
    return i;
  });
}
