/** An order exercise starts shuffled, never right, and checking it before any item moved is refused. */
import { describe, expect, it } from 'vitest';
import { startingOrder, untouched } from './order-start.ts';

describe('where an order exercise starts', () => {
  it('a shuffle of the items, never in the right order, the same for the same seed', () => {
    for (const key of [
      [0, 1, 2],
      [2, 0, 1],
      [3, 1, 0, 2],
      [0, 1, 2, 3, 4, 5],
    ])
      for (let seed = 0; seed < 200; seed++) {
        const start = startingOrder(key, seed);
        expect([...start].sort()).toEqual([...key].sort());
        expect(start).not.toEqual(key);
        expect(startingOrder(key, seed)).toEqual(start);
      }
  });

  it('untouched until an item moves; moved back where it started, untouched again', () => {
    const start = startingOrder([0, 1, 2, 3], 7);
    expect(untouched(start, start)).toBe(true);
    expect(untouched([...start], start)).toBe(true);
    const moved = [start[1], start[0], ...start.slice(2)] as number[];
    expect(untouched(moved, start)).toBe(false);
    expect(untouched([...start].reverse().reverse(), start)).toBe(true);
    expect(untouched(start.slice(1), start)).toBe(false);
  });
});
