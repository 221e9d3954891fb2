/**
 * labs check: the hint rule on grid and order exercises (a hint that holds the whole key is refused),
 * every variant built, and keys that do not rest on the order items or options are listed in.
 */
import { describe, expect, it } from 'vitest';
import { checkLab, sayProblems, type CheckProblem } from './check.ts';
import { makeInstance } from './keys.ts';
import { parseLabYaml } from './parse.ts';
import { edit, fixture, fixtureLab, FIXTURE_YAML, lineWith } from '../node/test-lab-fixture.ts';
import { shippedLab } from '../node/test-labs.ts';
import type { Exercise } from './types.ts';

const lab = shippedLab;

/** The hint problems of one exercise given these hints (in its place in the lab: its field path says it). */
function hintProblems(folder: string, id: string, hints: string[]): string[] {
  const l = lab(folder);
  return checkLab({ ...l, exercises: l.exercises.map((e) => (e.id === id ? { ...e, hints } : e)) })
    .problems.filter((p) => p.exercise === id)
    .map((p) => p.message)
    .filter((m) => /hint (gives the answer away|names the mutant)/.test(m));
}

/** `exercises[i].hints[j]`: a hint's field path in the shipped lab. */
const hintField = (folder: string, id: string, j: number) =>
  `exercises[${lab(folder).exercises.findIndex((e) => e.id === id)}].hints[${j}]`;

const REWORD = 'reword it so it points the way without the answer';

describe('labs check: hints on grid exercises', () => {
  it('a hint that names the key in variants with different keys is said once, with those variants', () => {
    // 02 / grid-bigger-host: n in 3, 5, 6 CPUs; CPU 0 is K. Naming CPUs 0-4 names the keys of n=3 and n=5.
    const hint = 'CPU 0 in relocate_kernel; CPUs 1, 2, 3 and 4 in stop_this_cpu.';
    const problems = hintProblems('02-sme-two-wbinvds', 'grid-bigger-host', [hint]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/it names every cell of the key in 6 of 9 variants \(/);
  });

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
      `${hintField('02-sme-two-wbinvds', 'grid-sme-active', 1)}: the second hint gives the answer away: it names every cell of the key: ${REWORD}`,
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
      `${hintField('04-tdx-percpu-flag', 'flush-order', 0)}: the first hint gives the answer away: it lists every item in the trace's order: ${REWORD}`,
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
    points: 1
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
    points: 1
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
      // CPU 0 is the kexec CPU: it never runs stop_this_cpu().
      (t) => edit(t, 'kind: decision, cpu: 2', 'kind: decision, cpu: 0'),
      'predict-stc',
    );
    expect(nothing.problems.map((p) => p.message)).toEqual([
      'after ({"fn":"stop_this_cpu","kind":"decision","cpu":0}) matches no step of the run, so nothing comes after it: fix the match (run the scenario with flushpoint simulate to see its steps)',
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
      expect(r.problems.map((p) => p.message)).toEqual([
        `exercises[0].hints[1]: the second hint gives the answer away ("${mutant}"): ${REWORD}`,
      ]);
    }
  });
});

/**
 * The whole fixture lab checked as labs check checks it (every exercise in its place, a field's line
 * looked up in the lab file), after `change`: the problems of exercise `id`.
 */
function checked(change: (t: string) => string, id: string) {
  const text = change(FIXTURE_YAML);
  const parsed = parseLabYaml(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const problems = checkLab(fixture(change), parsed.lineOf).problems.filter((p) => p.exercise === id);
  return { text, problems, messages: problems.map((p) => p.message) };
}

/** A grid on the kdump path whose kexec-ing CPU (the panicking one) is a parameter: its key moves with p. */
const GRID_K = `
  - id: grid-k
    kind: grid
    prompt: CPU {{p}} panics (kdump). Mark every CPU and site where a WBINVD runs.
    points: 2
    params:
      p: { values: [0, 3] }
    scenario:
      kernel: after
      platform: { vendor: intel, cpus: 4, tdx: true }
      path: kdump
      start_cpu: '{{p}}'
    sites: [relocate_kernel, stop_this_cpu]
    expect: ['{{p}}:relocate_kernel']
`;

describe('labs check: expect may use {{params}}, substituted per variant', () => {
  it('a grid expect written with the parameter holds in every variant', () => {
    expect(checked((t) => `${t}${GRID_K}`, 'grid-k').messages).toEqual([]);
  });

  it('one written without it is compared with each variant, and fails where the key moves', () => {
    const r = checked(
      (t) => `${t}${edit(GRID_K, "['{{p}}:relocate_kernel']", "['0:relocate_kernel']")}`,
      'grid-k',
    );
    expect(r.problems).toEqual([
      expect.objectContaining({
        variant: '{"p":3}',
        message: `stored expect ["0:relocate_kernel"] disagrees with the model's WBINVDs ["3:relocate_kernel"]`,
      }),
    ]);
  });

  it('a wrong one is named as written and as substituted', () => {
    const r = checked(
      (t) => `${t}${edit(GRID_K, "['{{p}}:relocate_kernel']", "['{{p}}:stop_this_cpu']")}`,
      'grid-k',
    );
    expect(r.messages).toEqual([
      `stored expect ["0:stop_this_cpu"] (written ["{{p}}:stop_this_cpu"]) disagrees with the model's WBINVDs ["0:relocate_kernel"]`,
      `stored expect ["3:stop_this_cpu"] (written ["{{p}}:stop_this_cpu"]) disagrees with the model's WBINVDs ["3:relocate_kernel"]`,
    ]);
  });

  it('its cells are checked once substituted: a bad site is refused at expect, naming the variant', () => {
    const text = `${FIXTURE_YAML}${edit(GRID_K, "['{{p}}:relocate_kernel']", "['{{p}}:relocate_kern']")}`;
    const r = fixtureLab(() => text);
    expect(r.ok ? [] : r.errors).toEqual([
      expect.objectContaining({
        field: 'exercises[6].expect',
        line: lineWith(text, "expect: ['{{p}}:relocate_kern']"),
        message: `must list the flushed cells as "cpu:site" texts, each site one of the grid's sites, e.g. ['0:relocate_kernel', '1:stop_this_cpu'] (got ["0:relocate_kern"]): "0:relocate_kern" names site "relocate_kern", which is not among this grid's sites (relocate_kernel, stop_this_cpu) when p=0`,
      }),
    ]);
    // A name no parameter declares is refused as such, once.
    const undeclared = fixtureLab(
      (t) => `${t}${edit(GRID_K, "['{{p}}:relocate_kernel']", "['{{q}}:relocate_kernel']")}`,
    );
    expect(undeclared.ok ? [] : undeclared.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^\{\{q\}\} names no parameter of this exercise \(its params: p\)/),
    ]);
  });

  it('a predict or choose expect may be a parameter too', () => {
    const chosen = `
  - id: choose-k
    kind: choose
    prompt: Which is true of CPU {{k}}?
    points: 1
    params:
      k: { values: [1, 2] }
      right: { values: [0] }
    options:
      - text: CPU {{k}} has a flag of its own
        fact: flag-is-per-cpu
        explain: True.
      - text: CPU {{k}} shares one flag with every CPU
        fact: flag-is-global
        explain: It is per CPU.
    expect: '{{right}}'
`;
    expect(checked((t) => `${t}${chosen}`, 'choose-k').messages).toEqual([]);
    const wrong = fixtureLab(
      (t) => `${t}${edit(chosen, 'right: { values: [0] }', 'right: { values: [0, 5] }')}`,
    );
    expect(wrong.ok ? [] : wrong.errors.map((e) => [e.field, e.message])).toEqual([
      [
        'exercises[6].expect',
        "must list the true options' indexes, 0-based (0 to 1), e.g. [0] or [0, 2] (got 5) when right=5",
      ],
    ]);
  });
});

describe('labs check: a grid a blank answer would solve', () => {
  it('refuses a grid whose key is empty, once, naming the variants, with no follow-on problem', () => {
    const r = checked(
      (t) =>
        edit(
          t,
          'sites: [stop_this_cpu, relocate_kernel, tdx_cpu_flush_cache_for_kexec]',
          'sites: [stop_this_cpu]',
        ),
      'grid-tdx',
    );
    expect(r.problems).toEqual([
      expect.objectContaining({
        variant: null,
        line: lineWith(r.text, '- id: grid-tdx'),
        message:
          'no cell of this grid is a WBINVD in every variant: a blank answer would be right; widen sites or phases, or change the scenario',
      }),
    ]);
  });

  it('refuses a multiple choice with no true option alike', () => {
    const r = checked(
      (t) =>
        edit(
          edit(t, '    kind: choose\n', '    kind: choose\n    multiple: true\n'),
          'site: tdx_cpu_flush_cache_for_kexec } }',
          'site: relocate_kernel } }',
        ),
      'where-flush',
    );
    expect(r.problems).toEqual([
      expect.objectContaining({
        variant: null,
        message:
          "no option is true in every variant: a blank answer would be right; fix the right options' claims so that they hold on the run",
      }),
    ]);
  });

  it('names the variants when only some are blank', () => {
    // Without SME nothing sets the flag, so stop_this_cpu() flushes nowhere.
    const sme = `
  - id: grid-sme
    kind: grid
    prompt: An AMD host, SME {{sme}} (v6.18). Mark every CPU and site where a WBINVD runs.
    points: 2
    params:
      sme: { values: [active, none, supported] }
    scenario:
      kernel: after
      platform: { vendor: amd, cpus: 4, sme: '{{sme}}' }
    sites: [stop_this_cpu]
`;
    expect(checked((t) => `${t}${sme}`, 'grid-sme').messages).toEqual([
      'no cell of this grid is a WBINVD in variant sme=none: a blank answer would be right; widen sites or phases, or change the scenario',
    ]);
  });

  it('refuses a phase the scenario never goes through, at its own line, with the phases it does', () => {
    const r = checked(
      (t) =>
        edit(
          t,
          'sites: [stop_this_cpu, relocate_kernel, tdx_cpu_flush_cache_for_kexec]',
          'sites: [stop_this_cpu, relocate_kernel, tdx_cpu_flush_cache_for_kexec]\n    phases: [syscore_shutdown, crash_shutdown]',
        ),
      'grid-tdx',
    );
    expect(r.problems).toEqual([
      expect.objectContaining({
        variant: null,
        line: lineWith(r.text, 'phases: [syscore_shutdown, crash_shutdown]'),
        message: expect.stringMatching(
          /^exercises\[1\]\.phases\[1\]: crash_shutdown never occurs on this scenario's path in any variant, so no WBINVD of it can count \(the path goes through [a-z_, ]*syscore_shutdown[a-z_, ]*\): remove it, or change the scenario$/,
        ),
      }),
    ]);
  });
});

describe('labs check: a hint that gives the answer away is said once, at its line, with what to do', () => {
  it('once for every variant, at the hint’s own line and field', () => {
    const hint = "      - It is in tdx_cpu_flush_cache_for_kexec(), during KVM's shutdown.";
    const r = checked(
      (t) =>
        edit(
          t,
          '      - Look at syscore_shutdown in the trace.',
          `      - Look at syscore_shutdown in the trace.\n${hint}`,
        ),
      'where-flush',
    );
    expect(r.problems).toEqual([
      {
        lab: '07-tdx-early-flush',
        exercise: 'where-flush',
        variant: null,
        message: `exercises[0].hints[1]: the second hint gives the answer away ("In tdx_cpu_flush_cache_for_kexec(), during KVM's shutdown") in every variant: ${REWORD}`,
        file: 'lab.yaml',
        line: lineWith(r.text, hint),
      },
    ]);
  });

  it('names the variants it gives the answer away in, when not all', () => {
    const hint = '      - CPUs 0 and 1 flush in tdx_cpu_flush_cache_for_kexec.';
    const r = checked(
      (t) =>
        edit(
          t,
          "      - KVM's shutdown runs on every online CPU.",
          `      - KVM's shutdown runs on every online CPU.\n${hint}`,
        ),
      'grid-tdx',
    );
    expect(r.problems).toEqual([
      expect.objectContaining({
        variant: null,
        line: lineWith(r.text, hint),
        message: `exercises[1].hints[1]: the second hint gives the answer away: it names every cell of the key in variant n=2: ${REWORD}`,
      }),
    ]);
  });

  it.each([
    ['as written', 'Think about tdx_flush_keeps_flag.'],
    ['in capitals', 'Think about TDX_FLUSH_KEEPS_FLAG.'],
    ['in code', 'Is it `tdx_flush_keeps_flag`?'],
  ])('refuses a find_bug hint naming a mutant’s id %s', (_, said) => {
    const r = checked(
      (t) =>
        edit(
          t,
          '      - Compare syscore_shutdown in both runs.',
          `      - Compare syscore_shutdown in both runs.\n      - ${said}`,
        ),
      'find-bug-tdx',
    );
    expect(r.messages).toEqual([
      `exercises[4].hints[1]: the second hint names the mutant tdx_flush_keeps_flag, the answer of every student who draws it: ${REWORD}`,
    ]);
  });

  it('a hint naming the broken thing in other words, not the id, passes', () => {
    const r = checked(
      (t) =>
        edit(
          t,
          '      - Compare syscore_shutdown in both runs.',
          '      - Does the TDX flush keep its flag?',
        ),
      'find-bug-tdx',
    );
    expect(r.messages).toEqual([]);
  });
});

describe('labs check: each problem says what to do', () => {
  it('a single choice with two true options says how to fix it, and not again as a reference that does not grade', () => {
    const r = checked(
      (t) =>
        edit(
          t,
          "claim: { wbinvd: { cpu: '{{c}}', site: stop_this_cpu } }",
          "claim: { wbinvd: { cpu: '{{c}}' } }",
        ),
      'where-flush',
    );
    expect(r.messages).toEqual(
      [1, 2, 3].map(
        () =>
          'a single-choice exercise must have exactly one true option; the model makes 2 true (0, 1): tighten a claim so that only the right one holds, or set `multiple: true`',
      ),
    );
  });

  it('a param no {{name}} uses is named at its line (its variants would all be the same exercise)', () => {
    const r = checked(
      (t) => edit(t, 'c: { range: [1, 3] }', 'c: { range: [1, 3] }\n      k: { values: [0, 1, 2] }'),
      'where-flush',
    );
    expect(r.problems.filter((p) => p.variant === null)).toEqual([
      expect.objectContaining({
        line: lineWith(r.text, 'k: { values: [0, 1, 2] }'),
        message:
          'params.k is never used: no {{k}} in this exercise, so every variant it draws is the same exercise: write {{k}} where it should vary (the prompt, the scenario, an option), or remove it',
      }),
    ]);
  });

  it("a param used only in another param's bound is used", () => {
    const r = checked(
      (t) => edit(t, 'c: { range: [1, 3] }', 'n: { values: [4] }\n      c: { range: [1, n - 1] }'),
      'where-flush',
    );
    expect(r.messages).toEqual([]);
  });

  it('a claim naming a CPU the platform does not have is named, with its CPU, in each variant', () => {
    const r = checked(
      (t) =>
        edit(
          t,
          "claim: { wbinvd: { cpu: '{{c}}', site: stop_this_cpu } }",
          'claim: { wbinvd: { cpu: 9, site: stop_this_cpu } }',
        ),
      'where-flush',
    );
    expect(r.messages).toEqual(
      [1, 2, 3].map(
        () =>
          `option 1 ("In stop_this_cpu()") names CPU 9, which this platform does not have (CPUs 0..3): it holds or fails whatever the run shows; name one of its CPUs, or 'K' for the kexec CPU`,
      ),
    );
  });

  it('a mutant whose run is the faithful one: pick another, or change the scenario', () => {
    const r = checked(
      (t) =>
        edit(
          t,
          'mutants: [no_tdx_flush_at_shutdown, tdx_flush_keeps_flag]',
          'mutants: [no_tdx_flush_at_shutdown, wbinvd_after_swap_pages]',
        ),
      'find-bug-tdx',
    );
    expect(r.messages).toEqual([
      'mutant wbinvd_after_swap_pages changes nothing in this scenario (its run is the faithful one, step for step): the student could not find it; pick another mutant, or change the scenario so that the broken rule shows',
    ]);
  });

  const COMPARED =
    "the WBINVDs per CPU and site, how CPUs stopped, the race, relocate_kernel's argument, the outcome, the new kernel";
  const ADVICE = 'pick another mutant, or change the scenario so that the broken rule shows';

  it('a mutant that only moves a WBINVD says so, and what the comparison it is invisible in compares', () => {
    // SME supported, not active: relocate_kernel's WBINVD after swap_pages writes back 4 lines, not 2,
    // and the new kernel is intact either way; the trace shows the move, the comparison does not.
    const l = lab('03-supported-vs-active');
    const ex = l.exercises.find((e) => e.id === 'find-the-bug') as Extract<Exercise, { kind: 'find_bug' }>;
    const mutants = [...ex.mutants, 'wbinvd_after_swap_pages'];
    const problems = checkLab({ ...l, exercises: [{ ...ex, mutants }] }).problems;
    expect(problems.map((p) => p.message)).toEqual([
      `mutant wbinvd_after_swap_pages changes nothing the exercise's comparison shows (${COMPARED}): only the place in the trace of its WBINVD at relocate_kernel on CPU 0 differs, and so what it writes back; ${ADVICE}`,
    ]);
  });

  it('a mutant that changes other steps of the trace only says that', () => {
    // SME active: every CPU sets its flag at bring-up, so one global flag is set already for the others.
    const l = lab('01-why-flush');
    const ex = l.exercises.find((e) => e.kind === 'find_bug') as Extract<Exercise, { kind: 'find_bug' }>;
    const problems = checkLab({
      ...l,
      exercises: [{ ...ex, mutants: [...ex.mutants, 'global_flag'], decoys: [] }],
    }).problems;
    expect(problems.map((p) => p.message)).toEqual([
      `mutant global_flag changes nothing the exercise's comparison shows (${COMPARED}): only steps of its trace differ; ${ADVICE}`,
    ]);
  });

  describe('decoys: a student must be able to rule each out', () => {
    // One CPU, SME supported but not active: flag_read_after_load_segments and
    // flag_set_only_when_sme_active both leave relocate_kernel's flags [none] and skip its WBINVD.
    const oneCpu = (decoys: string) => (t: string) =>
      edit(
        edit(
          t,
          'mutants: [no_tdx_flush_at_shutdown, tdx_flush_keeps_flag]',
          `mutants: [flag_read_after_load_segments, relocate_kernel_tests_bit0]\n    decoys: ${decoys}`,
        ),
        'platform: { vendor: intel, cpus: 4, tdx: true }\n    mutants',
        'platform: { vendor: amd, cpus: 1, sme: supported }\n    mutants',
      );

    it('refuses a decoy whose run the comparison shows as a drawn mutant’s', () => {
      const r = checked(oneCpu('[global_flag, flag_set_only_when_sme_active]'), 'find-bug-tdx');
      expect(r.messages).toEqual([
        `decoy flag_set_only_when_sme_active shows in the exercise's comparison (${COMPARED}) just what mutant flag_read_after_load_segments shows: a student who draws it could not rule the decoy out; pick another decoy, or change the scenario so that the two runs differ`,
      ]);
      expect(r.problems[0]?.line).toBe(lineWith(r.text, '  - id: find-bug-tdx'));
    });

    it('takes a decoy that changes nothing: the drawn mutant’s difference rules it out', () => {
      // global_flag changes nothing on this host, where nothing clears the flag.
      expect(checked(oneCpu('[global_flag]'), 'find-bug-tdx').messages).toEqual([]);
    });

    it('refuses a hint that names a decoy, by its option or its id', () => {
      const option = 'the flag is one global boolean instead of per CPU';
      for (const [hint, said] of [
        [`Is it that ${option}?`, `names the decoy option "${option}", which the runs are to rule out`],
        ['It is not global_flag.', 'names the decoy global_flag, which the runs are to rule out'],
      ]) {
        const r = checked(
          (t) =>
            edit(
              edit(
                t,
                'mutants: [no_tdx_flush_at_shutdown, tdx_flush_keeps_flag]',
                'mutants: [no_tdx_flush_at_shutdown, tdx_flush_keeps_flag]\n    decoys: [global_flag]',
              ),
              '      - Compare syscore_shutdown in both runs.',
              `      - Compare syscore_shutdown in both runs.\n      - ${hint}`,
            ),
          'find-bug-tdx',
        );
        expect(r.messages).toEqual([`exercises[4].hints[1]: the second hint ${said}: ${REWORD}`]);
      }
    });
  });

  it('an option on an [INF] fact: what to grade on instead', () => {
    const r = checked(
      (t) =>
        edit(t, "claim: { wbinvd: { cpu: '{{c}}', site: stop_this_cpu } }", 'fact: one-wbinvd-flushes-all'),
      'where-flush',
    );
    expect(r.messages).toContainEqual(
      'option 1 ("In stop_this_cpu()") rests on fact "one-wbinvd-flushes-all", tagged [INF]: never grade on it; use a claim checked on the run, or a [SRC], [DIFF] or [LIST] fact',
    );
  });

  it('a duplicate exercise id names the first one and its line', () => {
    const text = edit(FIXTURE_YAML, '  - id: grid-tdx', '  - id: where-flush');
    const [first, second] = text.split('\n').flatMap((l, i) => (l === '  - id: where-flush' ? [i + 1] : []));
    const r = fixtureLab(() => text);
    expect(r.ok ? [] : r.errors.map((e) => [e.field, e.line, e.message])).toEqual([
      [
        'exercises[1].id',
        second,
        `duplicate exercise id "where-flush": exercises[0] (line ${first}) has it already; give this exercise an id of its own (a student's answers are saved by the id)`,
      ],
    ]);
  });
});

describe('exercise text holds only what the app shows inline, each slip named at its field', () => {
  const prompt = 'prompt: CPU 2 has just read its flag in stop_this_cpu(). What happens next?';

  it('raw HTML, a link, an image in a prompt, a hint, an option text, explain or why_not: at the field and its line', () => {
    const html = checked((t) => edit(t, prompt, 'prompt: Which CPU <N> reads its flag next?'), 'predict-stc');
    expect(html.messages).toEqual([
      'exercises[3].prompt: raw HTML is not shown in exercise text: the app drops <N>; write it as text, or put it in `code` (`<N>`), or write &lt;N> to show it as written',
    ]);
    expect(html.problems[0]?.line).toBe(lineWith(html.text, 'Which CPU <N>'));
    const hint = '- Compare syscore_shutdown in both runs.';
    const link = checked(
      (t) => edit(t, hint, '- Compare [syscore_shutdown](#/glossary/seamcall) in both runs.'),
      'find-bug-tdx',
    );
    expect(link.messages).toEqual([
      expect.stringMatching(
        /^exercises\[4\]\.hints\[0\]: link "#\/glossary\/seamcall" is not shown as a link/,
      ),
    ]);
    const explain = 'explain: Its flag was cleared by the early flush.';
    const img = checked(
      (t) => edit(t, explain, 'explain: Its flag was cleared <img src=x onerror=alert(1)>'),
      'predict-stc',
    );
    expect(img.messages).toEqual([expect.stringContaining('exercises[3].options[0].explain: ')]);
    expect(img.messages[0]).toContain('drops <img>');
    // A why_not is shown the same way, once the answer is known.
    const why = checked(
      (t) => edit(t, explain, `${explain}\n        why_not: Cleared <img src=x onerror=alert(1)> early.`),
      'predict-stc',
    );
    expect(why.messages).toEqual([expect.stringContaining('exercises[3].options[0].why_not: ')]);
    expect(why.problems[0]?.line).toBe(lineWith(why.text, 'why_not: Cleared'));
    const option = '- text: In stop_this_cpu()';
    const script = checked(
      (t) => edit(t, option, '- text: In stop_this_cpu() <script>x()</script>'),
      'where-flush',
    );
    expect(script.messages).toEqual([expect.stringContaining('exercises[0].options[1].text: ')]);
    expect(script.messages[0]).toContain('drops <script>');
    // An order's item labels are shown as inline Markdown too.
    const label = '- label: kvm_shutdown() starts';
    const item = checked((t) => edit(t, label, '- label: <b>kvm_shutdown()</b> starts'), 'order-tdx');
    expect(item.messages).toEqual([expect.stringContaining('exercises[2].items[1].label: ')]);
    expect(item.messages[0]).toContain('drops <b>');
    expect(item.problems[0]?.line).toBe(lineWith(item.text, '<b>kvm_shutdown()</b>'));
    expect(
      checked((t) => edit(t, label, "- label: '`kvm_shutdown()` *starts*'"), 'order-tdx').messages,
    ).toEqual([]);
    // And an explain's model answer, rendered as the prompt is.
    const answer = 'model_answer: A WBINVD in stop_this_cpu() is expensive';
    const model = checked(
      (t) => edit(t, answer, 'model_answer: A <em>WBINVD</em> in stop_this_cpu() is slow'),
      'explain-tdx',
    );
    expect(model.messages).toEqual([expect.stringContaining('exercises[5].model_answer: ')]);
    expect(model.messages[0]).toContain('not allowed in exercise text (<em>): write Markdown');
  });

  it('code, emphasis and evidence tags are accepted; a value a parameter brings in is read in its variant', () => {
    expect(
      checked((t) => edit(t, prompt, 'prompt: Which CPU `<N>` reads its *flag* next [INF]?'), 'predict-stc')
        .messages,
    ).toEqual([]);
    const hinted = (t: string) =>
      edit(
        edit(t, 'c: { range: [1, 3] }', "c: { range: [1, 3] }\n      w: { values: [one, '<b>two</b>'] }"),
        '- Look at syscore_shutdown in the trace.',
        '- Look at {{w}} in the trace.',
      );
    expect(checked(hinted, 'where-flush').messages).toEqual([
      expect.stringMatching(
        /^exercises\[0\]\.hints\[0\]: raw HTML is not shown in exercise text: the app drops <b>; .* in 3 of 6 variants/,
      ),
    ]);
  });
});

describe('the text output says a problem alike in several variants once, naming them', () => {
  /** The fixture after `change`, checked: its problems, and the same as the text output says them. */
  function said(change: (t: string) => string) {
    const r = checkLab(fixture(change));
    return { problems: r.problems, said: sayProblems(r.problems, (_, ex) => r.variantsOf.get(ex)) };
  }

  it('an expect that disagrees alike in every variant: once, in all of them (--json keeps one per variant)', () => {
    const r = said((t) =>
      edit(
        t,
        '      - Look at syscore_shutdown in the trace.\n',
        '      - Look at syscore_shutdown in the trace.\n    expect: [1]\n',
      ),
    );
    const message = 'stored expect [1] disagrees with the model, which makes options [0] true';
    expect(r.problems.map((p) => [p.variant, p.message])).toEqual([
      ['{"c":1}', message],
      ['{"c":2}', message],
      ['{"c":3}', message],
    ]);
    expect(r.said).toEqual([{ problem: r.problems[0], variants: 'all 3 variants' }]);
  });

  it('a predict option on cache_model, in every variant of a predict with params: once', () => {
    const r = said((t) =>
      edit(
        edit(
          t,
          '    after: { fn: stop_this_cpu, kind: decision, cpu: 2 }',
          "      events:\n        - seamcall: '{{k}}'\n    params:\n      k: { values: [1, 2, 3] }\n    after: { fn: stop_this_cpu, kind: decision, cpu: 2 }",
        ),
        'match: { fn: wbinvd, cpu: 2 }',
        'match: { fn: cache_model, kind: writeback }',
      ),
    );
    expect(r.problems).toHaveLength(3);
    expect(r.said.map((x) => [x.variants, x.problem.message])).toEqual([
      [
        'all 3 variants',
        expect.stringMatching(
          /^option 1 \("It executes WBINVD"\) is placed by the model's stale write-backs/,
        ),
      ],
    ]);
  });

  it('words that differ per variant stay apart, each with its variant', () => {
    const r = said((t) => `${t}${edit(GRID_K, "['{{p}}:relocate_kernel']", "['{{p}}:stop_this_cpu']")}`);
    expect(r.said.map((x) => [x.variants, x.problem.message])).toEqual([
      ['variant {"p":0}', expect.stringContaining('stored expect ["0:stop_this_cpu"]')],
      ['variant {"p":3}', expect.stringContaining('stored expect ["3:stop_this_cpu"]')],
    ]);
  });

  it('in some variants: how many of how many, the first five by name; the rest in place, in order', () => {
    const at = (variant: string | null, message: string, exercise: string | null = 'e'): CheckProblem => ({
      lab: 'l',
      exercise,
      variant,
      message,
      file: 'lab.yaml',
      line: 3,
    });
    const v = (c: number) => `{"c":${c}}`;
    const problems = [
      at(null, 'said of the exercise'),
      ...[1, 2, 3, 4, 5, 6, 7].flatMap((c) => [at(v(c), 'alike'), at(v(c), `only in ${c}`)]),
      at(v(9), 'alike, twice'),
      at(v(10), 'alike, twice'),
      at(null, 'a lab that cannot be loaded', null),
    ];
    const of = () => ({ checked: 10, total: 10 });
    expect(sayProblems(problems, of).map((x) => [x.variants, x.problem.message])).toEqual([
      [null, 'said of the exercise'],
      ['7 of 10 variants: {"c":1}, {"c":2}, {"c":3}, {"c":4}, {"c":5} and 2 more', 'alike'],
      ...[1, 2, 3, 4, 5, 6, 7].map((c) => [`variant ${v(c)}`, `only in ${c}`]),
      ['2 of 10 variants: {"c":9}, {"c":10}', 'alike, twice'],
      [null, 'a lab that cannot be loaded'],
    ]);
    // At another line (another field), or past the combinations checked, it is another problem.
    expect(
      sayProblems([at(v(1), 'x'), { ...at(v(2), 'x'), line: 4 }, at(v(2), 'x')], () => ({
        checked: 2,
        total: 5,
      })).map((x) => x.variants),
    ).toEqual(['all 2 variants checked', 'variant {"c":2}']);
  });
});

describe('labs check: notices, said without failing the check', () => {
  it('a parameter every variant of which has the same answer is named, at its line, as a notice', () => {
    // where-flush: whichever CPU c made the SEAMCALL, it flushes in tdx_cpu_flush_cache_for_kexec.
    const parsed = parseLabYaml(FIXTURE_YAML);
    if (!parsed.ok) throw new Error('the fixture does not parse');
    const r = checkLab(fixture(), parsed.lineOf);
    expect(r.problems).toEqual([]);
    expect(r.notices).toEqual([
      {
        lab: '07-tdx-early-flush',
        exercise: 'where-flush',
        variant: null,
        message: expect.stringMatching(
          /^params\.c: every variant has the same answer \(c=1, 2, 3\), so students share one key under different prompts/,
        ),
        file: 'lab.yaml',
        line: lineWith(FIXTURE_YAML, 'c: { range: [1, 3] }'),
      },
    ]);
  });

  it('same_answer: true says it is meant: no notice; a variant with another answer is then a problem', () => {
    const meant = fixture((t) =>
      edit(
        t,
        '    points: 2\n    params:\n      c: { range: [1, 3] }',
        '    points: 2\n    same_answer: true\n    params:\n      c: { range: [1, 3] }',
      ),
    );
    expect(meant.exercises.find((x) => x.id === 'where-flush')?.same_answer).toBe(true);
    const r = checkLab(meant);
    expect(r.problems).toEqual([]);
    expect(r.notices).toEqual([]);
    // On an exercise whose answer does change with its params, the claim is refused.
    const wrong = fixture((t) =>
      edit(
        edit(
          t,
          '    points: 2\n    params:\n      c: { range: [1, 3] }',
          '    points: 2\n    same_answer: true\n    params:\n      c: { range: [1, 3] }',
        ),
        "      - text: In tdx_cpu_flush_cache_for_kexec(), during KVM's shutdown",
        '      - text: On CPU {{c}}',
      ),
    );
    expect(checkLab(wrong).problems.map((x) => x.message)).toEqual([
      expect.stringMatching(
        /^same_answer: true says every variant has the same answer, but they differ \(c=1: .*; c=2: /,
      ),
    ]);
  });

  it('same_answer is a yes/no of an exercise with params', () => {
    const errors = (from: string, to: string) => {
      const r = fixtureLab((t) => edit(t, from, to));
      return r.ok ? [] : r.errors.map((x) => [x.field, x.message]);
    };
    const at = '    points: 2\n    params:\n      c: { range: [1, 3] }';
    expect(errors(at, at.replace('    params:', "    same_answer: 'yes'\n    params:"))).toEqual([
      ['exercises[0].same_answer', expect.stringMatching(/text/)],
    ]);
    const noParams = '  - id: order-tdx';
    expect(errors(noParams, `${noParams}\n    same_answer: true`)).toEqual([
      [
        'exercises[2].same_answer',
        'says every variant has the same answer, but the exercise has no params: remove it',
      ],
    ]);
  });

  it('none where a variant has another answer: another option true, or the true option reading otherwise', () => {
    // grid-tdx: n = 2 or 4 CPUs, other cells; and a true option "CPU {{c}}" is another answer per variant.
    const l = fixture((t) =>
      edit(
        t,
        "      - text: In tdx_cpu_flush_cache_for_kexec(), during KVM's shutdown",
        '      - text: On CPU {{c}}',
      ),
    );
    expect(checkLab(l).notices).toEqual([]);
  });

  it('an empty prose file and a lab with no exercises are notices, not problems', () => {
    const l = fixture();
    const r = checkLab({ ...l, exercises: [], steps: [{ ...l.steps[0]!, prose: ' \n' }] });
    expect(r.problems).toEqual([]);
    expect(r.notices.map((n) => [n.file, n.message])).toEqual([
      [
        'lab.yaml',
        expect.stringMatching(/^the lab has no exercises: students can read it, but it grades nothing/),
      ],
      [
        l.steps[0]!.proseFile,
        expect.stringMatching(
          /^steps\[0\] \(".*"\): its prose file .* is empty, so the step shows its title alone/,
        ),
      ],
    ]);
  });
});
