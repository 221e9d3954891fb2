import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLabs } from '../node/labs/load.ts';
import { labKeys } from './keys-listing.ts';
import type { Lab } from './types.ts';

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
      "Either order is right for “Dirty lines still cached leave in some order” and “The jump to image->start”: the reference leaves it open, and the model's order is its own choice.",
    );
  });
});
