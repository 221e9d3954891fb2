import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../node/labs/load.ts';
import type { Attempt } from './progress/types.ts';
import type { Exercise } from './types.ts';
import { makeInstance, type Instance } from './keys.ts';
import { recordedShown, showRecorded, shownOf } from './shown-variant.ts';

/** As the exercise panel does: the instance to show, or null where the draw's own record is shown. */
function recordedToShow(
  ex: Exercise,
  drawn: Instance,
  attempts: readonly Pick<Attempt, 'variantSeed' | 'variant' | 'mutant'>[],
): Instance | null {
  const shown = recordedShown(drawn, attempts);
  return shown && showRecorded(ex, drawn, shown);
}

const LABS = join(import.meta.dirname, '..', '..', 'labs');

async function exercise(kind: 'grid' | 'find_bug') {
  const lab = await loadLab(LABS, kind === 'grid' ? '04-tdx-percpu-flag' : '02-sme-two-wbinvds');
  const ex = lab.exercises.find((e) => (kind === 'grid' ? e.id === 'grid-late-seamcall' : e.kind === kind));
  if (!ex) throw new Error(`${lab.id} has no ${kind} exercise`);
  return ex;
}

describe('the variant the exercise panel shows', () => {
  it('is the draw while the attempts recorded that same variant, or none', async () => {
    const ex = await exercise('grid');
    const drawn = makeInstance(ex, 0);
    expect(recordedToShow(ex, drawn, [])).toBeNull();
    expect(recordedToShow(ex, drawn, [{ variantSeed: 0, ...shownOf(drawn) }])).toBeNull();
    // An older attempt that records only its seed says nothing of what was shown.
    expect(recordedToShow(ex, drawn, [{ variantSeed: 0 }])).toBeNull();
  });

  it("is the attempts' recorded variant after the lab was edited so that the seed draws another", async () => {
    const ex = await exercise('grid');
    if (!ex.params) throw new Error('grid-late-seamcall has no params');
    const edited = { ...ex, params: { c: { values: [3, 2, 1, 0] } } };
    const before = makeInstance(ex, 0);
    const drawn = makeInstance(edited, 0);
    expect(drawn.values).not.toEqual(before.values);
    const shown = recordedToShow(edited, drawn, [{ variantSeed: 0, ...shownOf(before) }]);
    expect(shown?.values).toEqual(before.values);
    expect(shown?.key).toEqual(before.key);
    // The panel compares the plain record by value and builds the instance once.
    expect(recordedShown(drawn, [{ variantSeed: 0, ...shownOf(before) }])).toEqual(shownOf(before));
    // The latest recorded attempt wins; one at another seed (another student's copy) is not read.
    expect(
      recordedToShow(edited, drawn, [
        { variantSeed: 0, ...shownOf(before) },
        { variantSeed: 0, ...shownOf(drawn) },
      ]),
    ).toBeNull();
    expect(recordedToShow(edited, drawn, [{ variantSeed: 5, ...shownOf(makeInstance(ex, 5)) }])).toBeNull();
  });

  it('is the draw when the recorded broken rule is no longer among the options', async () => {
    const ex = await exercise('find_bug');
    if (ex.kind !== 'find_bug') throw new Error('not find_bug');
    const a = makeInstance(ex, 0);
    const gone = {
      ...ex,
      mutants: ex.mutants.filter((m) => a.key.kind === 'find_bug' && m !== a.key.mutant),
    };
    const drawn = makeInstance(gone, 0);
    expect(recordedToShow(gone, drawn, [{ variantSeed: 0, ...shownOf(a) }])).toBe(drawn);
  });

  it('keeps the broken rule a find_bug attempt recorded after the lab adds a mutant', async () => {
    const ex = await exercise('find_bug');
    if (ex.kind !== 'find_bug') throw new Error('not find_bug');
    const edited = { ...ex, mutants: [...ex.mutants, 'stop_this_cpu_ignores_flag'] };
    const seed = [...Array(20).keys()].find(
      (s) => s % ex.mutants.length !== s % edited.mutants.length,
    ) as number;
    const a = makeInstance(ex, seed);
    const shown = recordedToShow(edited, makeInstance(edited, seed), [{ variantSeed: seed, ...shownOf(a) }]);
    expect(shown?.key).toEqual(a.key);
  });
});
