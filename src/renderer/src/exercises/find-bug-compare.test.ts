/**
 * A find_bug exercise's comparison, rendered as the page first shows it: before the answer it says what
 * differs (which WBINVDs, where, the outcome) but not the broken run's notes, which name the broken rule
 * in the words of an option; once answered, those notes are there too. Rendered on the server (no DOM
 * here): the first paint, which is what a student reads before answering.
 */
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { makeInstance, type Instance } from '../../../lab/keys.ts';
import { MUTANT_RULES } from '../../../lab/mutants.ts';
import { shippedLab } from '../../../node/test-labs.ts';
import CompareView from '../components/CompareView.svelte';
import FindBugInput from './FindBugInput.svelte';

/** The words a page shows: no tags, no comments, one space between words. */
const words = (html: string) =>
  html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');

const lab = shippedLab('02-sme-two-wbinvds');
const findBug = lab.exercises.find((e) => e.id === 'find-the-bug');
if (findBug?.kind !== 'find_bug') throw new Error('lab 2 has no find-the-bug exercise');

/** This exercise's instance whose broken model is `mutant`. */
function withMutant(mutant: string): Instance {
  for (let seed = 0; seed < 100; seed++) {
    const inst = makeInstance(findBug as NonNullable<typeof findBug>, seed);
    if (inst.key.kind === 'find_bug' && inst.key.mutant === mutant) return inst;
  }
  throw new Error(`no seed draws ${mutant}`);
}

function shown(inst: Instance, answered: boolean): string {
  if (!inst.result || !inst.mutantResult || findBug?.kind !== 'find_bug') throw new Error('no runs');
  return words(
    render(FindBugInput, {
      props: {
        exercise: findBug,
        order: findBug.mutants.map((_, i) => i),
        faithful: inst.result,
        broken: inst.mutantResult,
        selected: null,
        disabled: answered,
        answered,
      },
    }).body,
  );
}

describe("a find_bug exercise's comparison", () => {
  it("before the answer: what differs, not the broken run's note on why (it names the rule)", () => {
    const inst = withMutant('flag_read_after_load_segments');
    const before = shown(inst, false);
    // What differs is all there: the WBINVD, its site and CPU, both sides, the argument and the outcome.
    expect(before).toContain('1 WBINVD changed');
    expect(before).toMatch(/0 relocate_kernel WBINVD no changed/);
    expect(before).toContain('flags = [RELOC_KERNEL_CACHE_INCOHERENT] vs flags = [none]');
    expect(before).toContain('2 lines corrupted in broken model');
    // The option, and the note that spelled it out beside it.
    expect(before).toContain(MUTANT_RULES.flag_read_after_load_segments.option);
    expect(before).not.toMatch(/after load_segments\(\) reset GS/);
    expect(before).toContain(
      'broken model: no WBINVD here; why is yours to find, and shown once you have answered.',
    );
    // Answered: the broken run's note is read beside the faithful one's.
    const after = shown(inst, true);
    expect(after).toMatch(
      /broken model: machine_kexec: this_ cpu_ read\( cache_ state_ incoherent\), after load_segments\(\) reset GS/,
    );
    expect(after).not.toContain('why is yours to find');
  });

  it('withholds it for every broken model the exercise draws', () => {
    for (const mutant of (findBug as { mutants: string[] }).mutants) {
      const inst = withMutant(mutant);
      const before = shown(inst, false);
      expect(before, mutant).not.toMatch(/broken model: [a-z_]+:/);
    }
  });
});

describe('the rows the same in both runs', () => {
  it('read as a sentence after their badge', () => {
    const inst = withMutant('flag_read_after_load_segments');
    if (!inst.result || !inst.mutantResult) throw new Error('no runs');
    const html = render(CompareView, {
      props: { a: inst.result, b: inst.mutantResult, labelA: 'after (v6.18)', labelB: 'before (v6.17)' },
    }).body;
    expect(words(html)).toContain('same in both WBINVD in stop_this_cpu on CPUs 1–3');
  });
});
