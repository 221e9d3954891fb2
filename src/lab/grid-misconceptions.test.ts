/**
 * A grid names the belief a wrong tick in a column shows (`misconceptions: { site: id }`): lab 6's kdump
 * grids, where a tick in stop_this_cpu is the lab's own misconception (§6: kdump's remote CPUs never run
 * it). It was scored 93% and recorded nowhere; now the feedback names it, as a wrong option's would.
 */
import { describe, expect, it } from 'vitest';
import { loadLab, shippedLab } from '../node/test-labs.ts';
import { grade, referenceAnswer } from './grade.ts';
import { makeInstance } from './keys.ts';
import { MISCONCEPTIONS } from './misconceptions.ts';
import type { GridExercise } from './types.ts';

const lab6 = shippedLab('06-crash-path');
const grid = lab6.exercises.find((e) => e.id === 'grid-kdump-tdx') as GridExercise;
const NONE = { wrongTries: 0, hintsUsed: 0 };

describe("a grid's misconceptions", () => {
  it('a wrong tick in the named column names the belief; a wrong tick elsewhere does not', () => {
    expect(grid.misconceptions).toEqual({ stop_this_cpu: 'kdump-remotes-stc' });
    const inst = makeInstance(grid, 0);
    const key = referenceAnswer(inst);
    if (key.kind !== 'grid') throw new Error('a grid');
    const remote = [0, 1, 2, 3].find(
      (c) => !key.cells.includes(`${c}:stop_this_cpu`) && c !== inst.result?.kexec_cpu,
    );
    const withStc = grade(inst, { kind: 'grid', cells: [...key.cells, `${remote}:stop_this_cpu`] }, NONE);
    expect(withStc.correct).toBe(false);
    expect(withStc.feedback[0]?.misconception).toEqual({
      id: 'kdump-remotes-stc',
      name: MISCONCEPTIONS['kdump-remotes-stc'],
    });
    const wrongCell = `${remote}:kdump_sev_callback`;
    const elsewhere = grade(inst, { kind: 'grid', cells: [...key.cells, wrongCell] }, NONE);
    expect(elsewhere.correct).toBe(false);
    expect(elsewhere.feedback[0]?.misconception).toBeUndefined();
    expect(grade(inst, key, NONE).feedback[0]?.misconception).toBeUndefined();
  });

  it('names sites of its own grid and catalogued misconceptions only', () => {
    const errors = (mapping: string) => {
      const r = loadLab('06-crash-path', (t) =>
        t.replace('misconceptions: { stop_this_cpu: kdump-remotes-stc }', `misconceptions: ${mapping}`),
      );
      return r.ok ? [] : r.errors.map((e) => [e.field, e.message]);
    };
    expect(errors('{ stop_this_cpu: kdump-remotes-stc }')).toEqual([]);
    expect(errors('{ play_dead: kdump-remotes-stc }')).toEqual([
      [
        'exercises[2].misconceptions.play_dead',
        expect.stringMatching(/^names no site of this grid \(its sites: stop_this_cpu, /),
      ],
    ]);
    expect(errors('{ stop_this_cpu: kdump-remote-stc }')).toEqual([
      ['exercises[2].misconceptions.stop_this_cpu', expect.stringMatching(/kdump-remotes-stc/)],
    ]);
    expect(errors('[stop_this_cpu]')).toEqual([
      [
        'exercises[2].misconceptions',
        expect.stringMatching(/^must map sites of the grid to misconception ids/),
      ],
    ]);
  });
});
