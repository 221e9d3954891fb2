import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLabs } from '../node/labs/load.ts';
import { findBugOptions } from './find-bug-options.ts';
import { makeInstance } from './keys.ts';
import { labKeys, studentKeys, type VariantKey } from './keys-listing.ts';
import { optionOrder } from './option-order.ts';
import type { Exercise, Lab } from './types.ts';
import { variantSeed } from './variants.ts';

let labs: Lab[];
beforeAll(async () => {
  labs = (await loadLabs(join(import.meta.dirname, '..', '..', 'labs'))).labs;
});

describe('the keys the model computes, listed for authors', () => {
  it("agrees with every stored expect of the shipped labs, in the lab file's own form", () => {
    let compared = 0;
    for (const lab of labs)
      for (const keys of labKeys(lab)) {
        const ex = lab.exercises.find((e) => e.id === keys.exercise);
        expect(keys.errors).toEqual([]);
        expect(keys.variants.length).toBeGreaterThan(0);
        if (!ex || !('expect' in ex) || ex.expect === undefined || ex.params) continue;
        const stored =
          ex.kind === 'choose' || ex.kind === 'grid' ? [...(ex.expect as never[])].sort() : ex.expect;
        expect(keys.variants[0]?.expect, `${lab.id}/${ex.id}`).toEqual(stored);
        compared++;
      }
    expect(compared).toBeGreaterThanOrEqual(15);
  });

  it('lists every parameter combination in order, and every broken model of a find_bug', () => {
    const lab = labs.find((l) => l.id === '02-sme-two-wbinvds') as Lab;
    const [who] = labKeys(lab, 'who-runs-relocate');
    expect(who?.variants.map((v) => v.params)).toEqual([{ start: 1 }, { start: 2 }, { start: 3 }]);
    expect(who?.variants.every((v) => JSON.stringify(v.expect) === '[0]')).toBe(true);
    expect(who?.variants[0]?.answer).toEqual(['[0] CPU 0, the reboot CPU']);
    const bug = lab.exercises.find((e) => e.kind === 'find_bug');
    if (bug?.kind !== 'find_bug') throw new Error('lab 2 has a find_bug exercise');
    const [keys] = labKeys(lab, bug.id);
    expect(keys?.variants.map((v) => v.mutant)).toEqual([...bug.mutants].sort());
    for (const v of keys?.variants ?? []) {
      expect(v.expect).toBeNull();
      expect(v.answer[0]).toMatch(new RegExp(`^\\[${bug.mutants.indexOf(v.mutant as never)}\\] `));
    }
  });

  it('says an explain exercise is never graded, and names nothing else', () => {
    const lab = labs.find((l) => l.id === '02-sme-two-wbinvds') as Lab;
    expect(labKeys(lab, 'explain-flag')).toEqual([
      expect.objectContaining({
        kind: 'explain',
        variants: [{ params: null, mutant: null, expect: null, answer: ['self-assessed: never graded'] }],
      }),
    ]);
    expect(labKeys(lab, 'no-such-exercise')).toEqual([]);
  });

  it('says which pairs of an order exercise either order is right for', () => {
    const lab = labs.find((l) => l.id === '01-why-flush') as Lab;
    const [story] = labKeys(lab, 'stale-line-story');
    expect(story?.variants[0]?.answer.at(-1)).toBe(
      "Either order is right for “Dirty lines still cached leave in some order” and “The jump to `image->start`”: the reference leaves it open, and the model's order is its own choice.",
    );
  });
});

describe('one student’s variants (labs keys --student)', () => {
  it('is the variant the app draws from the student id, one of those labs keys lists', () => {
    for (const student of ['alice', 's-1042', 'guest'])
      for (const lab of labs)
        for (const keys of studentKeys(lab, student)) {
          const ex = lab.exercises.find((e) => e.id === keys.exercise) as Exercise;
          const seed = variantSeed(student, `${lab.id}/${ex.id}`);
          expect(keys.errors).toEqual([]);
          expect(keys.variants).toHaveLength(1);
          const [mine] = keys.variants;
          const inst = makeInstance(ex, seed);
          expect(mine).toMatchObject({ seed, params: ex.params ? inst.values : null });
          if (ex.kind === 'find_bug') expect(mine?.mutant).toBe(ex.mutants[seed % ex.mutants.length]);
          // The same key as labs keys lists for those values (and that broken model).
          const [all] = labKeys(lab, ex.id);
          const { seed: _, shown, ...same } = mine as VariantKey;
          expect(all?.variants, `${lab.id}/${ex.id}`).toContainEqual(same);
          // The options in the order the exercise panel shows them to this student.
          const n =
            ex.kind === 'find_bug' ? findBugOptions(ex).length : 'options' in ex ? ex.options.length : 0;
          expect(shown, `${lab.id}/${ex.id}`).toEqual(n ? optionOrder(n, seed) : undefined);
        }
  });

  it('differs from one student to another where the exercise has params', () => {
    const lab = labs.find((l) => l.id === '02-sme-two-wbinvds') as Lab;
    const drawn = new Set(
      ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'].map((s) =>
        JSON.stringify(studentKeys(lab, s, 'grid-bigger-host')[0]?.variants[0]?.params),
      ),
    );
    expect(drawn.size).toBeGreaterThan(1);
    expect(studentKeys(lab, 'alice', 'no-such-exercise')).toEqual([]);
  });
});
