/** An order exercise starts shuffled, never right, and checking it before any item moved is refused. */
import { describe, expect, it } from 'vitest';
import { grade } from '../../../lab/grade.ts';
import { makeInstance } from '../../../lab/keys.ts';
import { shippedLab } from '../../../node/test-labs.ts';
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

describe('an order with a pair the reference leaves open', () => {
  it('never starts in an order graded right, for any student (lab 1: the write-backs and the jump)', () => {
    const ex = shippedLab('01-why-flush').exercises.find((e) => e.id === 'stale-line-story');
    if (!ex || ex.kind !== 'order' || !ex.unordered?.length) throw new Error('lab 1 has no open-pair order');
    const inst = makeInstance(ex, 0);
    if (inst.key.kind !== 'order') throw new Error('not an order key');
    const isRight = (o: readonly number[]) =>
      grade(inst, { kind: 'order', order: [...o] }, { wrongTries: 0, hintsUsed: 0 }).correct;
    let movedOff = 0;
    for (let seed = 0; seed < 2000; seed++) {
      const start = startingOrder(inst.key.order, seed, isRight);
      expect(isRight(start)).toBe(false);
      // Only a start that was right is moved: everyone else's is as before.
      if (start.join() !== startingOrder(inst.key.order, seed).join()) movedOff++;
    }
    // Some shuffles did land on the other right order (the reviewer counted 158 of 2000).
    expect(movedOff).toBeGreaterThan(0);
  });
});
