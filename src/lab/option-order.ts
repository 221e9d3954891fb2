/**
 * The order a choose, predict or find_bug exercise shows its options in: shuffled per student and
 * exercise, from the exercise instance's seed, so that "the first one is right" teaches nothing.
 * Only the display moves: answers, progress files and grading keep the lab file's option indexes.
 */
import { createRng } from '../sim/rng.ts';
import { findBugOptions } from './find-bug-options.ts';
import type { Exercise } from './types.ts';

/**
 * The lab file's option indexes in the order they are shown: `order[position] = index`. The simulator's
 * seeded Fisher-Yates (src/sim/rng.ts): every order equally likely, the same one for the same seed.
 */
export function optionOrder(count: number, seed: number): number[] {
  return createRng(seed).shuffle(Array.from({ length: Math.max(0, Math.floor(count)) }, (_, i) => i));
}

/**
 * The order `ex` shows its options (a find_bug's, its broken rules: mutants, then decoys) to the student
 * of `seed`, as the exercise panel shows them and `labs keys --student` lists them; empty for a kind
 * without options.
 */
export function shownOptionOrder(ex: Exercise, seed: number): number[] {
  const count =
    ex.kind === 'find_bug'
      ? findBugOptions(ex).length
      : ex.kind === 'choose' || ex.kind === 'predict'
        ? ex.options.length
        : 0;
  return optionOrder(count, seed);
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
