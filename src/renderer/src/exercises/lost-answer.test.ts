import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lostTexts } from '../../../lab/answer-texts.ts';
import { loadLab } from '../../../node/labs/load.ts';
import { lostAnswerNote } from './lost-answer.ts';

const LABS = join(import.meta.dirname, '..', '..', '..', '..', 'labs');

describe('the note on a saved answer the lab has lost an option of', async () => {
  const lab = await loadLab(LABS, '02-sme-two-wbinvds');
  const who = lab.exercises.find((e) => e.id === 'who-runs-relocate');
  if (!who || who.kind !== 'choose') throw new Error('lab 2 has no who-runs-relocate');
  const answer = { kind: 'choose', selected: [1], texts: ['CPU {{start}}, which ran kexec -e'] };

  it('says nothing when every option named is where the answer has it, or was only moved', () => {
    expect(lostAnswerNote(who, lostTexts(who, answer), { start: 2 })).toBeNull();
    const moved = { ...who, options: [...who.options].reverse() };
    expect(lostAnswerNote(moved, lostTexts(moved, answer), { start: 2 })).toBeNull();
  });

  it('names the option as the student saw it and the one shown in its place, with their values', () => {
    const options = who.options.map((o, i) =>
      i === 1 ? { ...o, text: 'CPU {{start}}, where kexec -e ran' } : o,
    );
    const edited = { ...who, options };
    expect(lostAnswerNote(edited, lostTexts(edited, answer), { start: 2 })).toBe(
      'This exercise was changed after you answered: the option you had as “CPU 2, which ran kexec -e” is shown as the one now in its place, “CPU 2, where kexec -e ran”. If that is not what you picked, tell your instructor.',
    );
    const cut = { ...who, options: who.options.slice(0, 1) };
    expect(lostAnswerNote(cut, lostTexts(cut, answer), { start: 3 })).toBe(
      'This exercise was changed after you answered: the option you had as “CPU 3, which ran kexec -e” is no longer in it, and nothing is in its place. If that is not what you picked, tell your instructor.',
    );
  });

  it("words a find_bug option as the student saw it, by its rule's wording, not its id", () => {
    const bug = lab.exercises.find((e) => e.id === 'find-the-bug');
    if (!bug || bug.kind !== 'find_bug') throw new Error('lab 2 has no find-the-bug');
    const [first, second, ...rest] = bug.mutants;
    if (!first || !second) throw new Error('find-the-bug has fewer than two mutants');
    const saved = { kind: 'find_bug', selected: 0, texts: [first] };
    const edited = { ...bug, mutants: [second, ...rest] };
    const note = lostAnswerNote(edited, lostTexts(edited, saved), {}) ?? '';
    expect(note).toContain('the option you had as “');
    expect(note).not.toContain(`“${first}”`);
  });
});
