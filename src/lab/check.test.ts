/**
 * labs check: the hint rule on grid and order exercises (a hint that holds the whole key is refused),
 * every variant built, and keys that do not rest on the order items or options are listed in.
 */
import { describe, expect, it } from 'vitest';
import { checkLab } from './check.ts';
import { makeInstance } from './keys.ts';
import { edit, fixture } from '../node/test-lab-fixture.ts';
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

describe('labs check: every variant, and keys that are not arbitrary (the fixture lab)', () => {
  const problemsOf = (change: (t: string) => string, id: string) => {
    const l = fixture(change);
    return checkLab({ ...l, exercises: l.exercises.filter((e) => e.id === id) });
  };

  it("refuses a choose claim that orders a step against the model's stale write-backs", () => {
    const r = problemsOf(
      (t) =>
        edit(
          t,
          "claim: { wbinvd: { cpu: '{{c}}', site: stop_this_cpu } }",
          'claim: { step_before: { first: { fn: swap_pages }, then: { fn: cache_model } } }',
        ),
      'where-flush',
    );
    expect(r.problems.map((p) => p.message)).toContainEqual(
      expect.stringMatching(
        /^option 1 \("In stop_this_cpu\(\)"\) claims an order against the model's stale write-backs \(cache_model\)/,
      ),
    );
  });

  it('builds every parameter combination, past the 256 it once stopped at', () => {
    // s first: the combinations with s=4 (CPU 4 of 4 CPUs) come after the first 720.
    const r = problemsOf(
      (t) =>
        edit(
          edit(
            t,
            'c: { range: [1, 3] }',
            'c: { range: [1, 3] }\n      s: { range: [0, 4] }\n      a: { range: [1, 60] }',
          ),
          "        - seamcall: '{{c}}'",
          "        - seamcall: '{{c}}'\n      start_cpu: '{{s}}'",
        ).replace(
          /c: \{ range: \[1, 3\] \}\n {6}s: \{ range: \[0, 4\] \}/,
          's: { range: [0, 4] }\n      c: { range: [1, 3] }',
        ),
      'where-flush',
    );
    expect(r.variantsChecked).toBe(5 * 3 * 60);
    const bad = r.problems.filter((p) => /cannot build this variant/.test(p.message));
    expect(bad).toHaveLength(3 * 60);
    expect(bad.every((p) => JSON.parse(p.variant ?? '{}').s === 4)).toBe(true);
    expect(bad.at(-1)?.variant).toBe('{"s":4,"c":3,"a":60}');
  });

  it('says how many combinations there are when they are more than it builds', () => {
    const r = problemsOf(
      (t) =>
        `${t}
  - id: many
    kind: choose
    prompt: CPU {{a}} or CPU {{b}}?
    params:
      a: { range: [1, 40] }
      b: { range: [1, 40] }
    options:
      - text: The flag of CPU {{a}} is per CPU
        fact: flag-is-per-cpu
        explain: It is.
      - text: The flag of CPU {{b}} is global
        fact: flag-is-global
        explain: It is not.
`,
      'many',
    );
    expect(r.variantsChecked).toBe(1000);
    expect(r.problems).toEqual([
      expect.objectContaining({
        exercise: 'many',
        variant: null,
        message:
          'its params make 1,600 combinations; labs check builds at most 1,000 per exercise and checked only the first 1000, so a student may draw one never checked: use fewer values or shorter ranges',
      }),
    ]);
  });

  it('substitutes params in a choose exercise without a scenario', () => {
    const l = fixture(
      (t) => `${t}
  - id: fact-param
    kind: choose
    prompt: Does CPU {{k}} have a flag of its own?
    params:
      k: { values: [1, 2] }
    options:
      - text: Yes, CPU {{k}} has its own flag
        fact: flag-is-per-cpu
        explain: True.
      - text: No
        fact: flag-is-global
        explain: It is per CPU.
`,
    );
    const ex = l.exercises.find((e) => e.id === 'fact-param') as Exercise;
    const inst = makeInstance(ex, 0, { k: 2 });
    expect(inst.exercise.prompt).toBe('Does CPU 2 have a flag of its own?');
    expect(inst.exercise.kind === 'choose' && inst.exercise.options[0]?.text).toBe(
      'Yes, CPU 2 has its own flag',
    );
    expect(makeInstance(ex, 1).exercise.prompt).toMatch(/^Does CPU [12] have/);
  });

  it('refuses two order items that match the same step first', () => {
    const r = problemsOf(
      (t) =>
        edit(
          edit(t, 'match: { fn: kvm_shutdown }', 'match: { fn: swap_pages }'),
          '    expect: [1, 0, 2, 3]\n',
          '',
        ),
      'order-tdx',
    );
    expect(r.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^order items 1 \("kvm_shutdown\(\) starts"\) and 3 \("swap_pages copies the new kernel"\) both match step \d+ \(swap_pages, copy, CPU 0\) first, so their order is arbitrary: make their matches tell the two steps apart/,
      ),
    ]);
  });

  it('refuses two predict options that match the same next step, and names an anchor that matches nothing', () => {
    const tie = problemsOf(
      (t) =>
        edit(
          edit(t, 'match: { fn: wbinvd, cpu: 2 }', 'match: { fn: stop_this_cpu, cpu: 2 }'),
          '    expect: 0\n',
          '',
        ),
      'predict-stc',
    );
    expect(tie.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^options 0 \("It reports stopped without a WBINVD"\) and 1 \("It executes WBINVD"\) both match the next step, step \d+ \(stop_this_cpu, report, CPU 2\), so the answer is arbitrary/,
      ),
    ]);
    const nothing = problemsOf(
      (t) => edit(t, 'kind: decision, cpu: 2', 'kind: decision, cpu: 7'),
      'predict-stc',
    );
    expect(nothing.problems.map((p) => p.message)).toEqual([
      'after ({"fn":"stop_this_cpu","kind":"decision","cpu":7}) matches no step of the run, so nothing comes after it: fix the match (run the scenario with flushpoint simulate to see its steps)',
    ]);
  });

  it('refuses a find_bug hint naming any of its mutants, not only the first', () => {
    for (const mutant of [
      'kvm_shutdown() forgets the TDX cache flush',
      'tdx_cpu_flush_cache_for_kexec() flushes but does not clear the flag',
    ]) {
      const r = problemsOf(
        (t) =>
          edit(
            t,
            '      - Compare syscore_shutdown in both runs.',
            `      - Compare syscore_shutdown in both runs.\n      - ${mutant}`,
          ),
        'find-bug-tdx',
      );
      expect(r.problems.map((p) => p.message)).toEqual([`hint 1 gives the answer away ("${mutant}")`]);
    }
  });
});
