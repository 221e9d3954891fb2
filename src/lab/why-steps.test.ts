/** The reasons shown for order and predict exercises agree with their keys, on every shipped lab. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../node/labs/load.ts';
import { wrongOptions } from './grade.ts';
import { makeInstance } from './keys.ts';
import { whyOrder, whyPredict } from './why-steps.ts';

const LABS = join(import.meta.dirname, '..', '..', 'labs');
const SEEDS = [1, 2, 3, 7, 42];

describe('why an order or predict answer is what it is', async () => {
  const labs = await Promise.all(
    readdirSync(LABS)
      .filter((d) => /^\d/.test(d))
      .map((d) => loadLab(LABS, d)),
  );
  const exercises = labs.flatMap((l) => l.exercises);

  it('order: the items in trace order are the key, each at a real step that comes later than the one before', () => {
    const orders = exercises.filter((e) => e.kind === 'order');
    expect(orders.length).toBeGreaterThan(3);
    for (const ex of orders)
      for (const seed of SEEDS) {
        const inst = makeInstance(ex, seed);
        if (inst.key.kind !== 'order' || inst.exercise.kind !== 'order' || !inst.result)
          throw new Error(ex.id);
        const rows = whyOrder(inst.result, inst.exercise.items);
        expect(
          rows.map((r) => r.index),
          `${ex.id} seed ${seed}`,
        ).toEqual(inst.key.order);
        const seqs = rows.map((r) => r.seq ?? NaN);
        expect(seqs.every((s, i) => i === 0 || s > (seqs[i - 1] as number))).toBe(true);
        for (const r of rows) expect(inst.result.trace[(r.seq as number) - 1]?.note).toBe(r.note);
      }
  });

  it('predict: the earliest option after the shown step is the key', () => {
    const predicts = exercises.filter((e) => e.kind === 'predict');
    expect(predicts.length).toBeGreaterThan(3);
    for (const ex of predicts)
      for (const seed of SEEDS) {
        const inst = makeInstance(ex, seed);
        if (inst.key.kind !== 'predict' || inst.exercise.kind !== 'predict' || !inst.result)
          throw new Error(ex.id);
        const p = whyPredict(inst.result, inst.exercise.after, inst.exercise.options);
        expect(p.anchor.seq).not.toBeNull();
        expect(p.options[0]?.index, `${ex.id} seed ${seed}`).toBe(inst.key.correct);
        expect(p.options[0]?.seq as number).toBeGreaterThan(p.anchor.seq as number);
      }
  });

  it('choose and predict: the other options are exactly those that are not the answer, each explained', () => {
    const kinds = exercises.filter((e) => e.kind === 'choose' || e.kind === 'predict');
    let named = 0;
    for (const ex of kinds)
      for (const seed of SEEDS) {
        const inst = makeInstance(ex, seed);
        const e = inst.exercise;
        if (e.kind !== 'choose' && e.kind !== 'predict') throw new Error(ex.id);
        const right =
          inst.key.kind === 'choose'
            ? inst.key.correct
            : inst.key.kind === 'predict'
              ? [inst.key.correct]
              : [];
        const others = wrongOptions(inst);
        expect(others.map((o) => o.text)).toEqual(
          e.options.filter((_, i) => !right.includes(i)).map((o) => o.text),
        );
        for (const o of others) expect(o.explain.length, `${ex.id}: ${o.text}`).toBeGreaterThan(0);
        named += others.filter((o) => o.misconception).length;
      }
    // The labs tie wrong options to named misconceptions (the domain reference's section 10).
    expect(named).toBeGreaterThan(50);
  });

  it('an option with no step after the shown one says so', () => {
    const ex = exercises.find((e) => e.kind === 'predict');
    if (!ex) throw new Error('no predict exercise');
    const inst = makeInstance(ex, 1);
    if (inst.exercise.kind !== 'predict' || !inst.result) throw new Error(ex.id);
    const p = whyPredict(inst.result, inst.exercise.after, [
      { text: 'never', match: { fn: 'no_such_function' } },
    ]);
    expect(p.options[0]).toMatchObject({ seq: null, note: `No step after step ${p.anchor.seq} matches it.` });
  });
});
