/** The lab engine through the real labs: validation with lines, keys from the model, grading rules, variants. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLab } from './check.ts';
import {
  creditFactor,
  grade,
  gridMistakes,
  referenceAnswer,
  wrongOptions,
  HINT_COST,
  MIN_RETRY_FACTOR,
  RETRY_PENALTY,
} from './grade.ts';
import { makeInstance } from './keys.ts';
import { LABS, loadLab, shippedLab } from '../node/test-labs.ts';
import { validateLab } from './validate.ts';
import type { Exercise, Lab } from './types.ts';
import { pickParams, variantSeed } from './variants.ts';
import { aliasBombYaml } from '../sim/test-helpers.ts';

const load = loadLab;
const lab = shippedLab;
const ex = (l: Lab, id: string) => l.exercises.find((e) => e.id === id) as Exercise;

describe('lab validation', () => {
  it('names the line and field of a bad exercise kind', () => {
    const text = readFileSync(join(LABS, '02-sme-two-wbinvds', 'lab.yaml'), 'utf8');
    const line = text.split('\n').findIndex((l) => l.includes('kind: grid')) + 1;
    const r = load('02-sme-two-wbinvds', (t) => t.replace('kind: grid', 'kind: gird'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const e = r.errors.find((x) => x.field === 'exercises[1].kind');
    expect(e?.message).toMatch(/must be one of/);
    expect(e?.line).toBe(line);
  });

  it('reads an exercise title, and refuses one that is too long or differs per student', () => {
    expect(ex(lab('02-sme-two-wbinvds'), 'who-runs-relocate').title).toBe('Which CPU runs relocate_kernel');
    const long = load('02-sme-two-wbinvds', (t) =>
      t.replace('title: Which CPU runs relocate_kernel', `title: ${'x'.repeat(61)}`),
    );
    expect(long.ok).toBe(false);
    if (!long.ok)
      expect(long.errors.find((x) => x.field === 'exercises[0].title')?.message).toMatch(/at most 60/);
    const param = load('02-sme-two-wbinvds', (t) =>
      t.replace('title: Which CPU runs relocate_kernel', "title: 'kexec -e on CPU {{start}}'"),
    );
    expect(param.ok).toBe(false);
    if (!param.ok)
      expect(param.errors.find((x) => x.field === 'exercises[0].title')?.message).toMatch(/cannot use/);
  });

  it('a lab.yaml whose aliases expand too far is a syntax error at line 1, not an exception', () => {
    const r = load('01-why-flush', aliasBombYaml);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual([expect.objectContaining({ field: '(syntax)', line: 1 })]);
  });

  it('checks exercise scenarios with the simulator: a SEAMCALL on AMD names its field', () => {
    const r = load('02-sme-two-wbinvds', (t) =>
      t.replace(
        'platform: { vendor: amd, cpus: 4, sme: active }\n    sites:',
        'platform: { vendor: amd, cpus: 4, sme: active }\n      events: [{ seamcall: 1 }]\n    sites:',
      ),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.field).join(' ')).toMatch(/exercises\[1\]\.scenario\.events/);
  });

  it('Hygon (inferred from code, unverified on real parts) may be shown in a step but never graded', () => {
    const step = load('02-sme-two-wbinvds', (t) =>
      t.replace(
        'platform: { vendor: amd, cpus: 4, sme: active }\n      start_cpu: 2',
        'platform: { vendor: hygon, cpus: 4, sme: active }\n      start_cpu: 2',
      ),
    );
    expect(step.ok).toBe(true);
    // In one variant of a parameter only: labs check walks every variant, and so does validation here.
    const graded = load('02-sme-two-wbinvds', (t) =>
      t
        .replace(
          'start: { values: [1, 2, 3] }',
          'start: { values: [1, 2, 3] }\n      v: { values: [amd, hygon] }',
        )
        .replace(
          "platform: { vendor: amd, cpus: 4, sme: active }\n      start_cpu: '{{start}}'",
          "platform: { vendor: '{{v}}', cpus: 4, sme: active }\n      start_cpu: '{{start}}'",
        ),
    );
    expect(graded.ok).toBe(false);
    if (graded.ok) return;
    const e = graded.errors.find((x) => x.field === 'exercises[0].scenario.platform.vendor');
    expect(e?.message).toMatch(/may not grade on it/);
  });

  it('refuses unknown keys, unknown misconceptions, raw HTML and remote links in prose', () => {
    const r = load('01-why-flush', (t) =>
      t
        .replace('order: 1', 'order: 1\ncolour: blue')
        .replace('misconception: order-irrelevant', 'misconception: no-such-thing'),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.some((e) => e.field === 'colour' && e.line === 4)).toBe(true);
    expect(r.errors.some((e) => /unknown misconception "no-such-thing"/.test(e.message))).toBe(true);
    const prose = validateLab({
      folder: 'x',
      file: 'x/lab.yaml',
      data: {
        id: 'x',
        order: 1,
        title: 't',
        summary: 's',
        objectives: ['o'],
        steps: [{ title: 't', prose: 'a.md' }],
        exercises: [],
      },
      lineOf: () => undefined,
      readProse: () => 'Hello <script>alert(1)</script> and [a](https://example.com)',
    });
    expect(prose.ok).toBe(false);
    if (!prose.ok) {
      expect(prose.errors.map((e) => e.message).join('\n')).toMatch(/raw HTML/);
      expect(prose.errors.map((e) => e.message).join('\n')).toMatch(/outside the app/);
      expect(prose.errors[0]?.file).toBe('a.md');
    }
  });

  it('a step that asks for a prediction must also offer the comparison', () => {
    expect(lab('04-tdx-percpu-flag').steps[0]?.actions).toEqual(['run', 'step', 'compare', 'predict']);
    const r = load('04-tdx-percpu-flag', (t) =>
      t.replace('actions: [run, step, compare, predict]', 'actions: [run, step, predict]'),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const e = r.errors.find((x) => x.field === 'steps[0].actions');
      expect(e?.message).toMatch(/add compare/);
    }
  });
});

describe('keys come from the model', () => {
  it('the relocate_kernel CPU is the reboot CPU whatever CPU ran kexec -e', () => {
    const e = ex(lab('02-sme-two-wbinvds'), 'who-runs-relocate');
    for (let seed = 0; seed < 6; seed++) {
      const inst = makeInstance(e, seed);
      expect(inst.key).toEqual({ kind: 'choose', correct: [0] });
      expect(inst.values['start']).not.toBe(0);
    }
  });

  it('grid keys follow the platform: SME before the series has no relocate_kernel flush when inactive', () => {
    const inst = makeInstance(ex(lab('03-supported-vs-active'), 'grid-before'), 0);
    expect(inst.key).toEqual({
      kind: 'grid',
      cpus: 4,
      cells: ['1:stop_this_cpu', '2:stop_this_cpu', '3:stop_this_cpu'],
    });
  });

  it('labs check replays every lab with no problem, and an altered expect fails naming the exercise', () => {
    for (const folder of [
      '01-why-flush',
      '02-sme-two-wbinvds',
      '03-supported-vs-active',
      '04-tdx-percpu-flag',
      '05-stopping-cpus',
      '06-crash-path',
    ])
      expect(checkLab(lab(folder)).problems).toEqual([]);
    const altered = load('02-sme-two-wbinvds', (t) => t.replace('expect: [0, 2, 4]', 'expect: [0, 2]'));
    if (!altered.ok) throw new Error('should validate');
    const problems = checkLab(altered.lab).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]?.exercise).toBe('flags-word-facts');
    expect(problems[0]?.message).toMatch(/disagrees with the model/);
  });

  it('labs check flags a hint that gives the answer away', () => {
    const l = lab('03-supported-vs-active');
    const e = ex(l, 'which-changed');
    const leaky = { ...e, hints: ['The relocate_kernel WBINVD on the kexec-ing CPU, of course'] } as Exercise;
    const problems = checkLab({ ...l, exercises: [leaky] }).problems;
    expect(problems.some((p) => /gives the answer away/.test(p.message))).toBe(true);
  });
});

describe('grading', () => {
  const l2 = lab('02-sme-two-wbinvds');

  it('the reference answer scores full; a wrong single choice scores 0 and names the misconception', () => {
    const inst = makeInstance(ex(l2, 'who-runs-relocate'), 3);
    expect(grade(inst, referenceAnswer(inst), { wrongTries: 0, hintsUsed: 0 }).score).toBe(2);
    const g = grade(inst, { kind: 'choose', selected: [1] }, { wrongTries: 0, hintsUsed: 0 });
    expect(g.score).toBe(0);
    expect(g.feedback[0]?.misconception?.id).toBe('start-cpu-is-k');
    expect(g.hintsAvailable).toBe(1);
  });

  it('partial credit per part, above a uniform answer: grid cells and multiple choice options', () => {
    const grid = makeInstance(ex(l2, 'grid-sme-active'), 0);
    // 4 CPUs x 2 sites = 8 cells, 4 of them WBINVDs. Marking only CPU 0's relocate_kernel finds 1 of the
    // 4 WBINVDs and ticks none of the 4 empty cells: 1/4 + 4/4 - 1.
    const g = grade(grid, { kind: 'grid', cells: ['0:relocate_kernel'] }, { wrongTries: 0, hintsUsed: 0 });
    expect(g.raw).toBeCloseTo(1 / 4);
    expect(g.score).toBeCloseTo(4 * (1 / 4));
    const multi = makeInstance(ex(l2, 'flags-word-facts'), 0);
    // 5 options, 3 true (0, 2 and 4). [0, 2]: 2 of the 3 true ones, and both false ones left out.
    const twoThirds = grade(multi, { kind: 'choose', selected: [0, 2] }, { wrongTries: 0, hintsUsed: 0 });
    expect(twoThirds.raw).toBeCloseTo(2 / 3);
    // [0, 1]: 1 of 3 true ones, 1 of 2 false ones left out: 1/3 + 1/2 - 1 is below 0.
    const m = grade(multi, { kind: 'choose', selected: [0, 1] }, { wrongTries: 0, hintsUsed: 0 });
    expect(m.raw).toBe(0);
    expect(m.feedback.find((f) => !f.correct && f.misconception)?.misconception?.id).toBe('bit0');
  });

  it('a blank or all-ticked grid scores 0; one wrong cell costs a share of the cells above the uniform answer', () => {
    const l1 = lab('01-why-flush');
    const e = ex(l1, 'who-flushes-offline');
    if (e.kind !== 'grid') throw new Error('grid');
    const inst = makeInstance(e, 0);
    if (inst.key.kind !== 'grid') throw new Error('grid');
    // 4 CPUs x 3 sites = 12 cells, 4 WBINVDs: ticking nothing used to be 8 of 12 right, 67%.
    expect(inst.key.cpus * e.sites.length).toBe(12);
    expect(inst.key.cells).toHaveLength(4);
    const h = { wrongTries: 0, hintsUsed: 0 };
    const blank = grade(inst, { kind: 'grid', cells: [] }, h);
    expect([blank.raw, blank.score]).toEqual([0, 0]);
    const all = e.sites.flatMap((s) => [0, 1, 2, 3].map((cpu) => `${cpu}:${s}`));
    const ticked = grade(inst, { kind: 'grid', cells: all }, h);
    expect([ticked.raw, ticked.score]).toEqual([0, 0]);
    // One WBINVD of the 4 left out: 3/4 + 8/8 - 1.
    const one = grade(inst, { kind: 'grid', cells: inst.key.cells.slice(1) }, h);
    expect(one.raw).toBeCloseTo(3 / 4);
    expect(one.score).toBeCloseTo(3);
    expect(grade(inst, referenceAnswer(inst), h).score).toBe(4);
  });

  it('a grid whose key is every cell, or no cell, earns the share of its cells answered right', () => {
    const e = ex(l2, 'grid-sme-active');
    if (e.kind !== 'grid') throw new Error('grid');
    const inst = makeInstance(e, 0);
    const every = e.sites.flatMap((s) => [0, 1, 2, 3].map((cpu) => `${cpu}:${s}`));
    const h = { wrongTries: 0, hintsUsed: 0 };
    const allTrue = { ...inst, key: { kind: 'grid' as const, cpus: 4, cells: every } };
    expect(grade(allTrue, { kind: 'grid', cells: every }, h).raw).toBe(1);
    expect(grade(allTrue, { kind: 'grid', cells: every.slice(1) }, h).raw).toBeCloseTo(7 / 8);
    const allFalse = { ...inst, key: { kind: 'grid' as const, cpus: 4, cells: [] } };
    expect(grade(allFalse, { kind: 'grid', cells: [] }, h).raw).toBe(1);
    expect(grade(allFalse, { kind: 'grid', cells: ['2:stop_this_cpu'] }, h).raw).toBeCloseTo(7 / 8);
  });

  it('a blank multiple choice scores 0, and so does selecting every option', () => {
    const multi = makeInstance(ex(l2, 'flags-word-facts'), 0);
    const h = { wrongTries: 0, hintsUsed: 0 };
    const blank = grade(multi, { kind: 'choose', selected: [] }, h);
    expect([blank.raw, blank.score]).toEqual([0, 0]);
    expect(grade(multi, { kind: 'choose', selected: [0, 1, 2, 3, 4] }, h).raw).toBe(0);
    expect(grade(multi, referenceAnswer(multi), h).raw).toBe(1);
  });

  it('grid feedback names the sites ticked where nothing runs, never a CPU, and no site of a WBINVD missed', () => {
    const e = ex(lab('01-why-flush'), 'who-flushes-offline');
    const h = { wrongTries: 0, hintsUsed: 0 };
    const offline = new Set<number>();
    // Every variant (the offline CPU c), the same mistakes: the same words, whichever CPU they are on.
    for (let seed = 0; seed < 6; seed++) {
      const inst = makeInstance(e, seed);
      if (inst.key.kind !== 'grid') throw new Error('grid');
      const c = inst.values['c'] as number;
      offline.add(c);
      const stopped = inst.key.cells.filter((x) => x.endsWith(':stop_this_cpu'));
      // One stopped CPU left out, the offline CPU ticked as stopped, relocate_kernel left out.
      const cells = inst.key.cells.filter((x) => x !== stopped[0] && !x.endsWith(':relocate_kernel'));
      const g = grade(inst, { kind: 'grid', cells: [...cells, `${c}:stop_this_cpu`] }, h);
      // The column's other ticks are right: it is named, which of its cells is not.
      expect(g.feedback.map((f) => f.text)).toEqual([
        `1 of the ${stopped.length} cells ticked in the stop_this_cpu column has no WBINVD; 2 WBINVDs are not ticked.`,
      ]);
      // The misconception of this exercise: the offline CPU stopped, its play_dead flush missed.
      const dead = inst.key.cells.filter((x) => !x.endsWith(':play_dead'));
      const g2 = grade(inst, { kind: 'grid', cells: [...dead, `${c}:stop_this_cpu`, '0:stop_this_cpu'] }, h);
      expect(g2.feedback.map((f) => f.text)).toEqual([
        `2 of the ${stopped.length + 2} cells ticked in the stop_this_cpu column have no WBINVD; 1 WBINVD is not ticked.`,
      ]);
      // Only the offline CPU ticked in stop_this_cpu: the column is not named, as that would name the cell.
      const g3 = grade(inst, { kind: 'grid', cells: [`${c}:stop_this_cpu`] }, h);
      expect(g3.feedback[0]?.text).toMatch(/^1 ticked cell has no WBINVD; \d+ WBINVDs are not ticked\.$/);
      for (const f of [...g.feedback, ...g2.feedback, ...g3.feedback]) expect(f.text).not.toMatch(/CPU|\d+:/);
      expect(grade(inst, referenceAnswer(inst), h).feedback.map((f) => f.text)).toEqual([
        'Every cell right.',
      ]);
    }
    expect(offline.size).toBeGreaterThan(1);
  });

  it('a wrong grid in words: by column only when that names no cell, misses only counted', () => {
    const m = (cols: [string, number, number][], missed: number) =>
      gridMistakes(new Map(cols.map(([site, ticked, wrong]) => [site, { ticked, wrong }])), missed);
    // A column ticked once, wrongly: naming it would name the cell.
    expect(m([['relocate_kernel', 1, 1]], 1)).toBe('1 ticked cell has no WBINVD; 1 WBINVD is not ticked.');
    expect(m([['stop_this_cpu', 3, 3]], 0)).toBe('3 ticked cells have no WBINVD.');
    // Some of a column's ticks right: which ones is left to the student.
    expect(m([['stop_this_cpu', 3, 1]], 1)).toBe(
      '1 of the 3 cells ticked in the stop_this_cpu column has no WBINVD; 1 WBINVD is not ticked.',
    );
    expect(
      m(
        [
          ['stop_this_cpu', 2, 1],
          ['relocate_kernel', 4, 2],
          ['tdx_cpu_flush_cache_for_kexec', 2, 0],
        ],
        2,
      ),
    ).toBe(
      '3 ticked cells have no WBINVD: 1 of the 2 in the stop_this_cpu column, 2 of the 4 in the relocate_kernel column; 2 WBINVDs are not ticked.',
    );
    // One column all wrong among others: no column is named, or the rest would point at it.
    expect(
      m(
        [
          ['stop_this_cpu', 3, 1],
          ['relocate_kernel', 1, 1],
        ],
        0,
      ),
    ).toBe('2 ticked cells have no WBINVD.');
    expect(m([], 1)).toBe('1 WBINVD is not ticked.');
    expect(m([['stop_this_cpu', 2, 0]], 4)).toBe('4 WBINVDs are not ticked.');
  });

  it("feedback and the wrong options carry the lab file's option number, for the order the student saw", () => {
    const l2 = lab('02-sme-two-wbinvds');
    const multi = makeInstance(ex(l2, 'flags-word-facts'), 0);
    const g = grade(multi, { kind: 'choose', selected: [3, 0] }, { wrongTries: 0, hintsUsed: 0 });
    expect(g.feedback.filter((f) => f.part !== undefined).map((f) => f.option)).toEqual([0, 3]);
    expect(g.feedback.filter((f) => f.part === undefined).every((f) => f.option === undefined)).toBe(true);
    const options = (multi.exercise as Extract<Exercise, { kind: 'choose' }>).options;
    for (const w of wrongOptions(multi)) expect(options[w.option]?.text).toBe(w.text);
  });

  it("a wrong pick gets the option's explain, a pointer; once the answer is known the others show why_not", () => {
    const multi = makeInstance(ex(l2, 'flags-word-facts'), 0);
    const options = (multi.exercise as Extract<Exercise, { kind: 'choose' }>).options;
    const bit0 = options.findIndex((o) => o.text.includes('bit 0'));
    const o = options[bit0];
    expect(o?.why_not).toMatch(/^No: it is BIT\(1\)/);
    const g = grade(multi, { kind: 'choose', selected: [bit0] }, { wrongTries: 0, hintsUsed: 0 });
    const said = g.feedback.find((f) => f.option === bit0)?.text ?? '';
    expect(said).toBe(o?.explain);
    expect(said).not.toContain('BIT(1)');
    expect(wrongOptions(multi).find((w) => w.option === bit0)?.explain).toBe(o?.why_not);
    // An option without one shows its explain both times.
    const plain = options.findIndex((x, i) => i !== bit0 && !x.why_not);
    const w = wrongOptions(multi).find((x) => x.option === plain);
    if (w) expect(w.explain).toBe(options[plain]?.explain);
  });

  it('a multiple choice explains what was chosen and counts, without naming, the true statements left out', () => {
    const multi = makeInstance(ex(l2, 'flags-word-facts'), 0);
    const key = referenceAnswer(multi);
    if (key.kind !== 'choose') throw new Error('choose');
    const options = (multi.exercise as Extract<Exercise, { kind: 'choose' }>).options;
    const chosen = key.selected[0] as number;
    const m = grade(multi, { kind: 'choose', selected: [chosen] }, { wrongTries: 0, hintsUsed: 0 });
    const parts = m.feedback.map((f) => f.part).filter((p) => p !== undefined);
    expect(parts).toEqual([options[chosen]?.text]);
    const missed = key.selected.length - 1;
    expect(m.feedback.at(-1)).toEqual({
      text: `${missed} true statement${missed === 1 ? ' is' : 's are'} not selected.`,
      correct: false,
    });
    // No explanation of a statement left out reaches the student before the exercise is done.
    const said = m.feedback.map((f) => `${f.part ?? ''} ${f.text}`).join('\n');
    for (const i of key.selected.slice(1)) expect(said).not.toContain(options[i]?.explain ?? '');
    // All chosen and right: nothing is left out, and nothing says so.
    const full = grade(multi, referenceAnswer(multi), { wrongTries: 0, hintsUsed: 0 });
    expect(full.feedback.every((f) => f.correct)).toBe(true);
    expect(full.feedback).toHaveLength(key.selected.length);
  });

  it('order is graded on pairs in trace order', () => {
    const inst = makeInstance(ex(l2, 'stop-order'), 0);
    const key = referenceAnswer(inst);
    if (key.kind !== 'order') throw new Error('order');
    const swapped = [...key.order];
    [swapped[0], swapped[1]] = [swapped[1] as number, swapped[0] as number];
    const g = grade(inst, { kind: 'order', order: swapped }, { wrongTries: 0, hintsUsed: 0 });
    expect(g.raw).toBeCloseTo(14 / 15);
    expect(g.correct).toBe(false);
  });

  it('a pair of order items the reference leaves open is right either way and not graded', () => {
    const l1 = lab('01-why-flush');
    const story = ex(l1, 'stale-line-story');
    if (story.kind !== 'order') throw new Error('order');
    expect(story.unordered).toEqual([[2, 3]]);
    const inst = makeInstance(story, 0);
    const key = referenceAnswer(inst);
    if (key.kind !== 'order') throw new Error('order');
    expect(key.order).toEqual([1, 3, 2, 0]);
    const h = { wrongTries: 0, hintsUsed: 0 };
    // The model's order, and the write-backs before the jump: both full marks.
    expect(grade(inst, key, h).correct).toBe(true);
    const other = grade(inst, { kind: 'order', order: [1, 2, 3, 0] }, h);
    expect(other.correct).toBe(true);
    expect(other.feedback[0]?.text).toMatch(/either is right/);
    // A fixed pair still counts: 5 graded pairs, the copy after the corruption is found breaks 3.
    const wrong = grade(inst, { kind: 'order', order: [3, 2, 0, 1] }, h);
    expect(wrong.raw).toBeCloseTo(2 / 5);
    // Without the open pair the same exercise grades 6 pairs, and the other order loses one.
    const strict = makeInstance({ ...story, unordered: undefined } as Exercise, 0);
    expect(grade(strict, { kind: 'order', order: [1, 2, 3, 0] }, h).raw).toBeCloseTo(5 / 6);
  });

  it('labs check refuses an order exercise that grades the write-backs against the jump', () => {
    const l1 = lab('01-why-flush');
    const story = ex(l1, 'stale-line-story');
    if (story.kind !== 'order') throw new Error('order');
    expect(checkLab({ ...l1, exercises: [story] }).problems).toEqual([]);
    const strict = { ...story, unordered: undefined } as Exercise;
    const problems = checkLab({ ...l1, exercises: [strict] }).problems.map((p) => p.message);
    expect(problems).toEqual([
      expect.stringMatching(
        /^order items 3 \("The jump to `image->start`"\) and 2 .*list \[2, 3\] in unordered$/,
      ),
    ]);
  });

  it("labs check refuses a graded option on the seeded run's corruption", () => {
    const l1 = lab('01-why-flush');
    const anyOrder = ex(l1, 'any-order');
    if (anyOrder.kind !== 'choose') throw new Error('choose');
    const seeded = {
      ...anyOrder,
      // Graded on the run, its answer changes with the seed: no longer the same in every variant.
      same_answer: false,
      // Its first two options (can be corrupted, always intact) recast as claims on this run.
      options: anyOrder.options.slice(0, 2).map((o, i) => {
        const { fact: _fact, ...rest } = o;
        return { ...rest, claim: { corrupted: i === 0 } };
      }),
    } as Exercise;
    const problems = checkLab({ ...l1, exercises: [seeded] }).problems.filter((p) => p.variant === null);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^option 0 .*seeded write-back order \[INF\]/),
      expect.stringMatching(/^option 1 .*seeded write-back order \[INF\]/),
    ]);
    // Ungraded, it may still ask what the run shows.
    expect(
      checkLab({ ...l1, exercises: [{ ...seeded, points: 0 } as Exercise] }).problems.filter((p) =>
        p.message.includes('seeded write-back order'),
      ),
    ).toEqual([]);
  });

  it("labs check refuses a predict option placed by the model's stale write-backs", () => {
    const l1 = lab('01-why-flush');
    const p = ex(l1, 'predict-after-copy');
    if (p.kind !== 'predict') throw new Error('predict');
    expect(checkLab({ ...l1, exercises: [p] }).problems).toEqual([]);
    const placed = {
      ...p,
      options: p.options.map((o, i) =>
        i === 1 ? { ...o, match: { fn: 'cache_model', kind: 'writeback' } } : o,
      ),
    } as Exercise;
    expect(checkLab({ ...l1, exercises: [placed] }).problems.map((x) => x.message)).toEqual([
      expect.stringMatching(/^option 1 \("The kexec-ing CPU waits .*\(cache_model\)/),
    ]);
  });

  it('labs check refuses a "this run" explanation on an option true in some variants only', () => {
    const l3 = lab('03-supported-vs-active');
    const flag = ex(l3, 'flag-at-start');
    if (flag.kind !== 'choose') throw new Error('choose');
    expect(checkLab({ ...l3, exercises: [flag] }).problems).toEqual([]);
    // SME none keeps the flag clear, supported and active set it: each option is true in some variants.
    const told = {
      ...flag,
      options: flag.options.map((o, i) => (i === 1 ? { ...o, explain: 'In this run nothing set it.' } : o)),
    };
    const problems = checkLab({ ...l3, exercises: [told] }).problems;
    expect(problems.map((p) => [p.variant, p.message])).toEqual([
      [null, expect.stringMatching(/^option 1 \("No: it is clear"\) is true in some variants and false/)],
    ]);
    // The same text on an option with one truth in every variant says nothing false.
    const l1 = lab('01-why-flush');
    const tdx = ex(l1, 'tdx-skip');
    if (tdx.kind !== 'choose') throw new Error('choose');
    const steady = {
      ...tdx,
      options: tdx.options.map((o) => ({ ...o, explain: 'In this run the lines were written back late.' })),
    };
    expect(checkLab({ ...l1, exercises: [steady] }).problems).toEqual([]);
  });

  it('refuses unordered pairs that are not two different items, or that leave nothing to grade', () => {
    const bad = load('01-why-flush', (t) => t.replace('unordered: [[2, 3]]', 'unordered: [[2, 2], [1, 9]]'));
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    const fields = bad.errors.map((e) => e.field);
    expect(fields.some((f) => /^exercises\[\d+\]\.unordered\[0\]$/.test(f))).toBe(true);
    expect(fields.some((f) => /^exercises\[\d+\]\.unordered\[1\]$/.test(f))).toBe(true);
    const all = load('01-why-flush', (t) =>
      t.replace('unordered: [[2, 3]]', 'unordered: [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]'),
    );
    expect(all.ok).toBe(false);
    if (all.ok) return;
    expect(all.errors.some((e) => /leaves no pair of items to grade/.test(e.message))).toBe(true);
  });

  it('one free retry, then credit declines per wrong try to a floor; hints cost', () => {
    // A grid: graded by cell, so no number of wrong tries leaves its answer forced by elimination.
    const grid = ex(l2, 'grid-sme-active');
    expect(creditFactor({ wrongTries: 0, hintsUsed: 0 }, grid)).toBe(1);
    expect(creditFactor({ wrongTries: 1, hintsUsed: 0 }, grid)).toBe(1);
    expect(creditFactor({ wrongTries: 2, hintsUsed: 0 }, grid)).toBeCloseTo(1 - RETRY_PENALTY);
    expect(creditFactor({ wrongTries: 50, hintsUsed: 0 }, grid)).toBe(MIN_RETRY_FACTOR);
    expect(creditFactor({ wrongTries: 1, hintsUsed: 2 }, grid)).toBeCloseTo(1 - 2 * HINT_COST);
    const inst = makeInstance(ex(l2, 'who-runs-relocate'), 1);
    expect(grade(inst, referenceAnswer(inst), { wrongTries: 1, hintsUsed: 0 }).score).toBe(2);
    const cells = makeInstance(grid, 1);
    expect(grade(cells, referenceAnswer(cells), { wrongTries: 3, hintsUsed: 1 }).score).toBeCloseTo(
      4 * (0.7 - 0.1),
    );
  });

  it('the solution becomes available after three wrong tries', () => {
    const inst = makeInstance(ex(l2, 'who-runs-relocate'), 1);
    const wrong = { kind: 'choose' as const, selected: [2] };
    expect(grade(inst, wrong, { wrongTries: 1, hintsUsed: 0 }).solutionAvailable).toBe(false);
    expect(grade(inst, wrong, { wrongTries: 2, hintsUsed: 0 }).solutionAvailable).toBe(true);
  });

  it('find the bug: the drawn mutant is the key; explain is never graded', () => {
    const e = ex(l2, 'find-the-bug');
    const inst = makeInstance(e, 4);
    expect(inst.mutantResult).not.toBeNull();
    expect(grade(inst, referenceAnswer(inst), { wrongTries: 0, hintsUsed: 0 }).correct).toBe(true);
    const other = makeInstance(ex(l2, 'explain-flag'), 0);
    const g = grade(other, { kind: 'explain', text: 'anything' }, { wrongTries: 0, hintsUsed: 0 });
    expect(g.maxScore).toBe(0);
  });
});

describe('variants', () => {
  it('seeds are stable per student and spread across students', () => {
    expect(variantSeed('alice', '02/x')).toBe(variantSeed('alice', '02/x'));
    expect(variantSeed('alice', '02/x')).not.toBe(variantSeed('bob', '02/x'));
    const e = ex(lab('03-supported-vs-active'), 'flag-at-start');
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++)
      seen.add(JSON.stringify(pickParams(e.params ?? {}, variantSeed(`s${i}`, e.id))));
    expect(seen.size).toBeGreaterThanOrEqual(7); // of the 9 combinations
  });

  it('every seed picks a value for every parameter (seeds are full 32-bit numbers)', () => {
    const params = {
      n: { values: [3, 4, 5] },
      start: { values: [0, 1, 2] },
      k: { range: [0, 'n-1'] as [number, string] },
    };
    for (let i = 0; i < 5000; i++) {
      const seed = variantSeed(`student-${i}`, 'lab/ex');
      const v = pickParams(params, seed);
      expect(v['n']).toBeDefined();
      expect(v['start']).toBeDefined();
      expect(v['k']).toBeLessThan(v['n'] as number);
    }
    for (const seed of [0, 1, 7920, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1])
      expect(Object.values(pickParams(params, seed)).every((x) => x !== undefined)).toBe(true);
  });

  it('the same seed always builds the same instance and key', () => {
    const e = ex(lab('06-crash-path'), 'grid-kdump-tdx');
    const a = makeInstance(e, 12345);
    const b = makeInstance(e, 12345);
    expect(a.values).toEqual(b.values);
    expect(a.key).toEqual(b.key);
  });
});
