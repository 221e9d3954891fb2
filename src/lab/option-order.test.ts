/** The order options are shown in: a seeded permutation, the same for a student, spread across students. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../node/labs/load.ts';
import { makeInstance } from './keys.ts';
import { inShownOrder, optionOrder } from './option-order.ts';
import { variantSeed } from './variants.ts';

const LABS = join(import.meta.dirname, '..', '..', 'labs');
const seeds = (n: number, exercise = 'lab/ex') =>
  Array.from({ length: n }, (_, k) => variantSeed(`student-${k}`, exercise));

describe('optionOrder', () => {
  it('is a permutation of 0..n-1, for any seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 0xffffffff }), (n, seed) => {
        const order = optionOrder(n, seed);
        expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      }),
    );
  });

  it('is the same every time for the same seed', () => {
    for (const seed of seeds(200)) expect(optionOrder(5, seed)).toEqual(optionOrder(5, seed));
  });

  it('differs across seeds: students see different orders', () => {
    const orders = new Set(seeds(200).map((s) => optionOrder(4, s).join()));
    // 24 orders of four options: 200 students see nearly all of them.
    expect(orders.size).toBeGreaterThan(20);
    // Two students, one exercise of six options: two orders (720 possible).
    expect(optionOrder(6, variantSeed('ada', 'lab/ex'))).not.toEqual(
      optionOrder(6, variantSeed('bob', 'lab/ex')),
    );
  });

  it('does not keep the lab file order: over many seeds option 0 lands at every position about equally', () => {
    const N = 4000;
    for (const n of [2, 3, 4, 5, 6]) {
      const at = Array<number>(n).fill(0);
      for (const seed of seeds(N)) {
        const p = optionOrder(n, seed).indexOf(0);
        at[p] = (at[p] ?? 0) + 1;
      }
      for (const count of at)
        expect(Math.abs(count - N / n), `${n} options: ${at.join(' ')}`).toBeLessThan(N / n / 5);
    }
  });

  it("is independent of the find_bug draw (seed % mutants): the drawn rule's place is spread too", () => {
    const N = 3000;
    // Mutants, and options shown: with decoys (never drawn) there are more options than mutants, and the
    // drawn one must not keep to the places of the mutants.
    for (const [mutants, n] of [
      [2, 2],
      [3, 3],
      [2, 4],
    ] as const) {
      const at = Array<number>(n).fill(0);
      for (const seed of seeds(N, 'lab/find-the-bug')) {
        const p = optionOrder(n, seed).indexOf(seed % mutants);
        at[p] = (at[p] ?? 0) + 1;
      }
      for (const count of at)
        expect(Math.abs(count - N / n), `${mutants} mutants of ${n} options: ${at.join(' ')}`).toBeLessThan(
          N / n / 5,
        );
    }
  });

  it('is the identity for one option, and empty for none', () => {
    for (const seed of seeds(50)) expect(optionOrder(1, seed)).toEqual([0]);
    expect(optionOrder(0, 7)).toEqual([]);
  });

  it("puts every shipped lab's true options at every position, over students", async () => {
    const labs = await Promise.all(
      readdirSync(LABS)
        .filter((d) => /^\d/.test(d))
        .map((d) => loadLab(LABS, d)),
    );
    const choose = labs.flatMap((l) => l.exercises.filter((e) => e.kind === 'choose' && !e.multiple));
    expect(choose.length).toBeGreaterThan(5);
    for (const ex of choose) {
      if (ex.kind !== 'choose') continue;
      const n = ex.options.length;
      const at = new Set<number>();
      for (const seed of seeds(300, `lab/${ex.id}`)) {
        const inst = makeInstance(ex, seed);
        if (inst.key.kind !== 'choose') throw new Error(ex.id);
        const order = optionOrder(n, seed);
        for (const c of inst.key.correct) at.add(order.indexOf(c));
      }
      expect([...at].sort(), ex.id).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });
});

describe('inShownOrder', () => {
  it('orders items by the position of their option, items of no option last in their own order', () => {
    const order = [2, 0, 3, 1];
    expect(inShownOrder(['a', 'b', 'c', 'd'], [0, 1, 2, 3], order)).toEqual(['c', 'a', 'd', 'b']);
    expect(inShownOrder(['b', 'sum', 'd', 'x'], [1, -1, 3, 9], order)).toEqual(['d', 'b', 'sum', 'x']);
    expect(inShownOrder([], [], order)).toEqual([]);
  });
});
