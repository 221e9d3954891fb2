/** labs check's hint rule on grid and order exercises: a hint that holds the whole key is refused. */
import { describe, expect, it } from 'vitest';
import { checkLab } from './check.ts';
import { shippedLab } from '../node/test-labs.ts';
import type { Exercise } from './types.ts';

const lab = shippedLab;

/** The hint problems of one exercise given these hints. */
function hintProblems(folder: string, id: string, hints: string[]): string[] {
  const l = lab(folder);
  const ex = l.exercises.find((e) => e.id === id) as Exercise;
  return checkLab({ ...l, exercises: [{ ...ex, hints }] })
    .problems.map((p) => p.message)
    .filter((m) => /hint \d+ gives the answer away/.test(m));
}

describe('labs check: hints on grid exercises', () => {
  // 02 / grid-sme-active: CPU 0 relocate_kernel, CPUs 1-3 stop_this_cpu (one variant).
  it.each([
    [
      'as the grid labels them',
      'CPU 0 flushes in relocate_kernel, CPU 1 flushes in stop_this_cpu, CPU 2 flushes in stop_this_cpu, CPU 3 flushes in stop_this_cpu',
    ],
    [
      'as labs keys writes them',
      'CPU 0: relocate_kernel; CPU 1: stop_this_cpu; CPU 2: stop_this_cpu; CPU 3: stop_this_cpu',
    ],
    ['in the expect form', 'Tick 0:relocate_kernel, 1:stop_this_cpu, 2:stop_this_cpu and 3:stop_this_cpu.'],
    ['grouped, in a sentence', 'CPUs 1–3 flush in `stop_this_cpu()` and CPU 0 in `relocate_kernel`.'],
    ['site first', 'relocate_kernel runs its WBINVD on CPU 0. stop_this_cpu() flushes on CPUs 1, 2 and 3.'],
  ])('a hint that names every cell of the key %s is refused', (_, hint) => {
    const problems = hintProblems('02-sme-two-wbinvds', 'grid-sme-active', ['A fair hint.', hint]);
    expect(problems).toEqual([
      'hint 1 gives the answer away: it names every cell of the key (CPU 0: relocate_kernel, CPU 1: stop_this_cpu, CPU 2: stop_this_cpu, CPU 3: stop_this_cpu)',
    ]);
  });

  it('a hint that names some cells, or a site and a CPU that do not go together, passes', () => {
    expect(
      hintProblems('02-sme-two-wbinvds', 'grid-sme-active', [
        'CPU 0 flushes in relocate_kernel.',
        'CPUs 1-3 are stopped by the REBOOT IPI; does CPU 0 run stop_this_cpu?',
        'Which CPU runs relocate_kernel?',
      ]),
    ).toEqual([]);
  });
});

describe('labs check: hints on order exercises', () => {
  // 04 / flush-order: the key is items 1, 3, 2, 0.
  const l = lab('04-tdx-percpu-flag');
  const ex = l.exercises.find((e) => e.id === 'flush-order') as Extract<Exercise, { kind: 'order' }>;
  const label = (i: number) => ex.items[i]?.label ?? '';

  it('a hint that lists every item in the trace order is refused', () => {
    const hint = `First ${label(1)}, then ${label(3)}; after that ${label(2)}, and last ${label(0)}.`;
    expect(hintProblems('04-tdx-percpu-flag', 'flush-order', [hint])).toEqual([
      "hint 0 gives the answer away: it lists every item in the trace's order",
    ]);
  });

  it('a hint that names every item in another order, or only some, passes', () => {
    const all = `Place these: ${label(0)}; ${label(1)}; ${label(2)}; ${label(3)}.`;
    const some = `${label(1)} comes before ${label(3)}.`;
    expect(hintProblems('04-tdx-percpu-flag', 'flush-order', [all, some])).toEqual([]);
  });
});
