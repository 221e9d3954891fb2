/**
 * A find_bug's decoys: broken rules offered beside its mutants but never drawn. The options are the
 * mutants then the decoys, in file order, so an answer saved before the decoys were added means what it
 * meant; the key is still the drawn mutant, and a decoy picked is a wrong try like any other.
 */
import { describe, expect, it } from 'vitest';
import { shippedLab } from '../node/test-labs.ts';
import { findBugOptions, isDecoy } from './find-bug-options.ts';
import { forcedByElimination, grade, referenceAnswer, singleAnswerOptions } from './grade.ts';
import { makeInstance } from './keys.ts';
import { MUTANT_RULES } from './mutants.ts';
import type { FindBugExercise } from './types.ts';

const ex = shippedLab('01-why-flush').exercises.find((e) => e.id === 'find-the-bug') as FindBugExercise;
const NONE = { wrongTries: 0, hintsUsed: 0 };
const pick = (selected: number) => ({ kind: 'find_bug' as const, selected });

describe("lab 1's find-the-bug, with decoys", () => {
  it('offers its two mutants, then its two decoys, and draws only the mutants', () => {
    expect(ex.mutants).toEqual(['stop_this_cpu_ignores_flag', 'wbinvd_after_swap_pages']);
    expect(findBugOptions(ex)).toEqual([...ex.mutants, 'relocate_kernel_tests_bit0', 'global_flag']);
    expect([0, 1, 2, 3].map((i) => isDecoy(ex, i))).toEqual([false, false, true, true]);
    expect(singleAnswerOptions(ex)).toBe(4);
    // The same draw as before the decoys: seed % the number of mutants.
    for (let seed = 0; seed < 12; seed++)
      expect(makeInstance(ex, seed).key).toMatchObject({ correct: seed % 2, mutant: ex.mutants[seed % 2] });
  });

  it('grades a mutant index as before: the drawn one right, the other wrong', () => {
    for (const seed of [0, 1]) {
      const inst = makeInstance(ex, seed);
      const right = grade(inst, pick(seed), NONE);
      expect(right).toMatchObject({ correct: true, score: ex.points });
      expect(right.feedback[0]?.text).toBe(
        `Right: ${MUTANT_RULES[ex.mutants[seed] as keyof typeof MUTANT_RULES].broken}`,
      );
      const other = ex.mutants[1 - seed] as keyof typeof MUTANT_RULES;
      // Where the two bugs part, in the WBINVDs the comparison lists: the symptom alone (every
      // stop_this_cpu WBINVD gone) can be just what the broken run shows.
      const apart = [
        'CPUs 1–3 do not flush in stop_this_cpu (with that bug they would)',
        'CPUs 1–3 flush in stop_this_cpu (with that bug they would not)',
      ][seed];
      expect(grade(inst, pick(1 - seed), NONE)).toMatchObject({
        correct: false,
        score: 0,
        feedback: [
          {
            correct: false,
            text: `Not this one: ${MUTANT_RULES[other].symptom}; but in the broken run ${apart}. Compare the two runs again.`,
          },
        ],
      });
    }
  });

  it('grades a decoy picked as wrong, with what its bug would show', () => {
    for (const seed of [0, 1]) {
      const inst = makeInstance(ex, seed);
      const bit0 = grade(inst, pick(2), NONE);
      expect(bit0).toMatchObject({ correct: false, score: 0, raw: 0 });
      const apart = [
        'CPUs 1–3 do not flush in stop_this_cpu (with that bug they would), and CPU 0 flushes in relocate_kernel (with that bug it would not)',
        // The WBINVD after swap_pages is still a relocate_kernel WBINVD: only the stop_this_cpu ones part.
        'CPU 0 flushes in relocate_kernel (with that bug it would not)',
      ][seed];
      expect(bit0.feedback).toEqual([
        {
          correct: false,
          text: `Not this one: ${MUTANT_RULES.relocate_kernel_tests_bit0.symptom}; but in the broken run ${apart}. Compare the two runs again.`,
        },
      ]);
      // Its symptom is a TDX host's; on this SME host it would show nothing, and that is said.
      expect(grade(inst, pick(3), NONE).feedback[0]?.text).toBe(
        `Not this one: ${MUTANT_RULES.global_flag.symptom}, and in this scenario it would change nothing the comparison shows. Compare the two runs again.`,
      );
    }
  });

  it('counts a decoy like any wrong try: the free retry, then elimination only with one option left', () => {
    const inst = makeInstance(ex, 0);
    // One wrong pick (a decoy) does not force the answer as it would among two options.
    expect(forcedByElimination(ex, { wrongTries: 1, ruledOut: 1 })).toBe(false);
    expect(grade(inst, referenceAnswer(inst), { wrongTries: 1, hintsUsed: 0, ruledOut: 1 })).toMatchObject({
      correct: true,
      score: ex.points,
    });
    expect(grade(inst, pick(3), { wrongTries: 1, hintsUsed: 0, ruledOut: 1 })).toMatchObject({
      correct: false,
      hintsAvailable: 1,
    });
    // Every other option tried: the right one is forced, and earns nothing.
    expect(forcedByElimination(ex, { wrongTries: 3, ruledOut: 3 })).toBe(true);
    expect(grade(inst, referenceAnswer(inst), { wrongTries: 3, hintsUsed: 0, ruledOut: 3 })).toMatchObject({
      correct: true,
      score: 0,
    });
  });

  it('without decoys, an exercise has its mutants alone as options', () => {
    const plain: FindBugExercise = { ...ex, decoys: undefined };
    expect(singleAnswerOptions(plain)).toBe(2);
    expect(forcedByElimination(plain, { wrongTries: 1, ruledOut: 1 })).toBe(true);
    expect(grade(makeInstance(plain, 0), pick(2), NONE).feedback[0]?.text).toBe(
      'Not this one: no rule chosen. Compare the two runs again.',
    );
  });
});

describe("lab 3's find-the-bug: a wrong pick says where its bug and the broken run part", () => {
  const ex3 = shippedLab('03-supported-vs-active').exercises.find(
    (e) => e.id === 'find-the-bug',
  ) as FindBugExercise;

  it('stop_this_cpu_ignores_flag picked when bring-up sets the flag only with SME active: the relocate_kernel WBINVD went too', () => {
    // The audit's case: both bugs take away every stop_this_cpu WBINVD, which is what the student sees;
    // only the relocate_kernel one tells them apart.
    const inst = makeInstance(ex3, 0);
    expect(inst.key).toMatchObject({ mutant: 'flag_set_only_when_sme_active' });
    expect(grade(inst, pick(1), NONE).feedback[0]?.text).toBe(
      `Not this one: ${MUTANT_RULES.stop_this_cpu_ignores_flag.symptom}; but in the broken run CPU 0 does not flush in relocate_kernel (with that bug it would). Compare the two runs again.`,
    );
  });
});

describe("lab 2's find-the-bug: where the WBINVDs are the same, relocate_kernel's argument tells the bugs apart", () => {
  const ex2 = shippedLab('02-sme-two-wbinvds').exercises.find(
    (e) => e.id === 'find-the-bug',
  ) as FindBugExercise;

  it('the bit-0 bug picked when the flag is read after load_segments(): flags = [none] in the broken run', () => {
    const seed = ex2.mutants.indexOf('flag_read_after_load_segments');
    const inst = makeInstance(ex2, seed);
    expect(inst.key).toMatchObject({ mutant: 'flag_read_after_load_segments' });
    const bit0 = findBugOptions(ex2).indexOf('relocate_kernel_tests_bit0');
    expect(grade(inst, pick(bit0), NONE).feedback[0]?.text).toBe(
      `Not this one: ${MUTANT_RULES.relocate_kernel_tests_bit0.symptom}; but in the broken run relocate_kernel is passed flags = [none] (with that bug, flags = [RELOC_KERNEL_CACHE_INCOHERENT]). Compare the two runs again.`,
    );
  });
});
