import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../node/labs/load.ts';
import { referenceAnswer } from './grade.ts';
import { makeInstance } from './keys.ts';
import type { Attempt } from './progress/types.ts';
import { beliefsShown, regrade } from './regrade.ts';
import { shownInstance, shownOf } from './shown-variant.ts';

const LABS = join(import.meta.dirname, '..', '..', 'labs');

const attempt = (answer: unknown, seed: number, extra: Partial<Attempt> = {}): Attempt => ({
  id: `a${Math.random()}`,
  labId: '02-sme-two-wbinvds',
  exerciseId: 'who-runs-relocate',
  variantSeed: seed,
  answer,
  score: 99, // never read
  maxScore: 2,
  hintsUsed: 0,
  correct: false,
  solutionShown: false,
  at: '2026-11-26T08:00:00.000Z',
  durationMs: 1,
  ...extra,
});

describe('regrading one exercise', () => {
  it('grades from the lab and the seed, keeps the best, and names what the wrong answer believed', async () => {
    const lab = await loadLab(LABS, '02-sme-two-wbinvds');
    const ex = lab.exercises.find((e) => e.id === 'who-runs-relocate');
    if (!ex) throw new Error('lab 2 has no who-runs-relocate');
    const seed = 7;
    const right = referenceAnswer(makeInstance(ex, seed));
    const r = regrade(ex, [attempt({ kind: 'choose', selected: [1] }, seed), attempt(right, seed)]);
    expect(r).toEqual({
      attempts: 2,
      best: 2, // the free retry: full credit
      solved: true,
      solutionShown: false,
      misconceptions: ['start-cpu-is-k'],
      changed: [], // stored verdicts are compared only when asked
    });
  });

  it('counts nothing after the solution was shown, and an unreadable answer as a wrong try', async () => {
    const lab = await loadLab(LABS, '02-sme-two-wbinvds');
    const ex = lab.exercises.find((e) => e.id === 'who-runs-relocate');
    if (!ex) throw new Error('lab 2 has no who-runs-relocate');
    const right = referenceAnswer(makeInstance(ex, 3));
    const r = regrade(ex, [
      attempt({ kind: 'grid', cells: [] }, 3),
      attempt(right, 3, { solutionShown: true }),
      attempt(right, 3),
    ]);
    expect(r).toMatchObject({ attempts: 3, best: 0, solved: false, solutionShown: true, misconceptions: [] });
  });

  it('compares the verdicts the app recorded with the grades now, when asked: the lab changed since', async () => {
    const lab = await loadLab(LABS, '02-sme-two-wbinvds');
    const ex = lab.exercises.find((e) => e.id === 'who-runs-relocate');
    if (!ex || ex.kind !== 'choose') throw new Error('lab 2 has no who-runs-relocate');
    const seed = 7;
    const key = makeInstance(ex, seed).key;
    if (key.kind !== 'choose') throw new Error('unreachable');
    const right = key.correct[0] ?? 0;
    const wrong = [0, 1, 2].find((i) => i !== right) ?? 1;
    // As the app recorded them: a wrong try (0 points), then the right answer (full credit, the free retry).
    const tries = [
      attempt({ kind: 'choose', selected: [wrong] }, seed, { correct: false, score: 0 }),
      attempt({ kind: 'choose', selected: [right] }, seed, { correct: true, score: 2 }),
    ];
    // Against the lab they were made with: nothing changed, whether asked or not.
    expect(regrade(ex, tries, () => true).changed).toEqual([]);
    // The lab edited since: its two options swapped. The grade now counts, and each change is listed.
    const swapped = {
      ...ex,
      options: ex.options.map((o, i) => ex.options[i === right ? wrong : i === wrong ? right : i] ?? o),
    };
    const r = regrade(swapped, tries, () => true);
    expect(r).toMatchObject({ best: 2, solved: true });
    expect(r.changed).toEqual([
      { attempt: tries[0], recorded: { correct: false, score: 0 }, now: { correct: true, score: 2 } },
      { attempt: tries[1], recorded: { correct: true, score: 2 }, now: { correct: false, score: 0 } },
    ]);
    // Only the attempts asked about are compared; a stored score clearly not the grade is a change too.
    expect(regrade(swapped, tries, (a) => a === tries[1]).changed.map((c) => c.attempt)).toEqual([tries[1]]);
    const low = attempt({ kind: 'choose', selected: [right] }, seed, { correct: true, score: 1 });
    expect(regrade(ex, [low], () => true).changed).toEqual([
      { attempt: low, recorded: { correct: true, score: 1 }, now: { correct: true, score: 2 } },
    ]);
    expect(regrade(swapped, tries).changed).toEqual([]);
  });

  it('compares a later try with the score the app gave it, after the wrong tries it counted then', async () => {
    const lab = await loadLab(LABS, '02-sme-two-wbinvds');
    const ex = lab.exercises.find((e) => e.id === 'who-runs-relocate');
    if (!ex) throw new Error('lab 2 has no who-runs-relocate');
    const right = referenceAnswer(makeInstance(ex, 3));
    const wrongAt = (seed: number) => {
      const key = makeInstance(ex, seed).key;
      if (key.kind !== 'choose') throw new Error('unreachable');
      return { kind: 'choose', selected: [[0, 1, 2].find((i) => !key.correct.includes(i)) ?? 0] };
    };
    // Two wrong tries at another variant (made as a guest, say), then two at this one and the right
    // answer: the app weighs all four, as the grade does (exercise-tries.ts): 1.10 of 2.
    const tries = [
      attempt(wrongAt(9), 9, { correct: false, score: 0 }),
      attempt(wrongAt(9), 9, { correct: false, score: 0 }),
      attempt(wrongAt(3), 3, { correct: false, score: 0 }),
      attempt(wrongAt(3), 3, { correct: false, score: 0 }),
      attempt(right, 3, { correct: true, score: 1.1 }),
    ];
    const r = regrade(ex, tries, () => true);
    expect(r.best).toBe(1.1);
    expect(r.changed).toEqual([]);
    // 1.70, what an app that counted only this variant's two gave (before 69fa8dc's release), or full
    // credit: not what the app gives now after those tries, a change to report.
    for (const score of [1.7, 2]) {
      const then = { ...tries[4], score } as Attempt;
      expect(regrade(ex, [...tries.slice(0, 4), then], () => true).changed).toEqual([
        { attempt: then, recorded: { correct: true, score }, now: { correct: true, score: 1.1 } },
      ]);
    }
  });
});

describe("the results' beliefs", () => {
  it('names what a wrong answer believed only once its exercise is solved or its solution shown', async () => {
    const lab = await loadLab(LABS, '02-sme-two-wbinvds');
    const ex = lab.exercises.find((e) => e.id === 'who-runs-relocate');
    if (!ex) throw new Error('lab 2 has no who-runs-relocate');
    const seed = 7;
    const right = referenceAnswer(makeInstance(ex, seed));
    const wrong = attempt({ kind: 'choose', selected: [1] }, seed);
    // Still open: the belief would say which pick not to try again.
    expect(beliefsShown(lab, [wrong])).toEqual([]);
    const shown = [
      {
        id: 'start-cpu-is-k',
        name: expect.stringMatching(/ran kexec -e/),
        exercises: [{ name: expect.any(String), number: 1 }],
      },
    ];
    expect(beliefsShown(lab, [wrong, attempt(right, seed, { correct: true })])).toEqual(shown);
    expect(beliefsShown(lab, [wrong, attempt(right, seed, { solutionShown: true })])).toEqual(shown);
  });
});

describe('an attempt graded against the variant it records (shown-variant.ts)', () => {
  it('is graded against variant A when the lab, edited since, now draws B for the same seed', async () => {
    const lab = await loadLab(LABS, '04-tdx-percpu-flag');
    const ex = lab.exercises.find((e) => e.id === 'grid-late-seamcall');
    if (!ex?.params) throw new Error('lab 4 has no grid-late-seamcall with params');
    // The instructor reverses the values after students started: the seed now draws another CPU.
    const edited = { ...ex, params: { c: { values: [3, 2, 1, 0] } } };
    const seed = 0;
    const a = makeInstance(ex, seed);
    const b = makeInstance(edited, seed);
    expect(a.values).not.toEqual(b.values);
    expect(a.key).not.toEqual(b.key);
    const right = referenceAnswer(a);
    const recorded = attempt(right, seed, {
      labId: lab.id,
      exerciseId: ex.id,
      ...shownOf(a),
    });
    expect(recorded.variant).toEqual({ seed, params: a.values });
    expect(regrade(edited, [recorded])).toMatchObject({ solved: true, best: ex.points });
    // Without the record, the seed alone draws B from the edited lab, and the same answer is wrong.
    const { variant: _v, ...unrecorded } = recorded;
    expect(regrade(edited, [unrecorded])).toMatchObject({ solved: false });
  });

  it('grades a find_bug attempt against the broken rule it records after the lab adds a mutant', async () => {
    const lab = await loadLab(LABS, '02-sme-two-wbinvds');
    const ex = lab.exercises.find((e) => e.kind === 'find_bug');
    if (ex?.kind !== 'find_bug') throw new Error('lab 2 has no find_bug exercise');
    const edited = { ...ex, mutants: [...ex.mutants, 'stop_this_cpu_ignores_flag'] };
    // A seed whose draw differs once the list is one longer.
    const seed = [...Array(20).keys()].find(
      (s) => s % ex.mutants.length !== s % edited.mutants.length,
    ) as number;
    const a = makeInstance(ex, seed);
    expect(makeInstance(edited, seed).key).not.toEqual(a.key);
    const recorded = attempt(referenceAnswer(a), seed, { exerciseId: ex.id, ...shownOf(a) });
    expect(recorded.mutant).toBe(a.key.kind === 'find_bug' ? a.key.mutant : null);
    expect(regrade(edited, [recorded])).toMatchObject({ solved: true });
    const { mutant: _m, variant: _v, ...unrecorded } = recorded;
    expect(regrade(edited, [unrecorded])).toMatchObject({ solved: false });
  });

  it('counts a recorded broken rule the lab no longer offers as a wrong try, not a crash', async () => {
    const lab = await loadLab(LABS, '02-sme-two-wbinvds');
    const ex = lab.exercises.find((e) => e.kind === 'find_bug');
    if (ex?.kind !== 'find_bug') throw new Error('lab 2 has no find_bug exercise');
    const a = makeInstance(ex, 0);
    const gone = {
      ...ex,
      mutants: ex.mutants.filter((m) => a.key.kind === 'find_bug' && m !== a.key.mutant),
    };
    expect(() => shownInstance(gone, { variantSeed: 0, ...shownOf(a) })).toThrow(
      /is no longer among the exercise's options/,
    );
    expect(regrade(gone, [attempt(referenceAnswer(a), 0, shownOf(a))])).toMatchObject({
      solved: false,
      best: 0,
    });
  });
});
