import { describe, expect, it } from 'vitest';
import { grade, referenceAnswer } from '../../../lab/grade.ts';
import { makeInstance } from '../../../lab/keys.ts';
import type { Exercise } from '../../../lab/types.ts';
import { shippedLab } from '../../../node/test-labs.ts';
import { marksWithheld, shownFeedback } from './pick-marks.ts';

const l2 = shippedLab('02-sme-two-wbinvds');
const byId = (id: string): Exercise => {
  const e = l2.exercises.find((x) => x.id === id);
  if (!e) throw new Error(`lab 2 has no ${id}`);
  return e;
};
const multi = byId('flags-word-facts');
const single = byId('who-runs-relocate');

describe('the marks of a select-all exercise', () => {
  const inst = makeInstance(multi, 4);
  const key = referenceAnswer(inst);
  if (key.kind !== 'choose' || multi.kind !== 'choose') throw new Error('a choose exercise');
  const all = multi.options.map((_, i) => i);
  const falseOnes = all.filter((i) => !key.selected.includes(i));
  const h = { wrongTries: 0, hintsUsed: 0 };

  it('is a select-all exercise with true and false options', () => {
    expect(multi.kind === 'choose' && multi.multiple).toBe(true);
    expect(key.selected.length).toBeGreaterThan(0);
    expect(falseOnes.length).toBeGreaterThan(0);
  });

  it('a wrong try counts the false picks and the missed true ones, and marks no pick', () => {
    // Every option ticked: marked one by one, the wrong marks would be the key's complement.
    const g = grade(inst, { kind: 'choose', selected: all }, h);
    expect(g.correct).toBe(false);
    const shown = shownFeedback(multi, g.feedback, false);
    expect(shown.every((f) => f.option === undefined && f.part === undefined)).toBe(true);
    expect(shown.some((f) => f.misconception)).toBe(false);
    const n = falseOnes.length;
    expect(shown[0]).toEqual({
      text: `${n} of your ${all.length} picks ${n === 1 ? 'is' : 'are'} false.`,
      correct: false,
    });
    // One true statement left out, one false one ticked: both counted, neither named.
    const [t] = key.selected as [number];
    const [f] = falseOnes as [number];
    const g2 = grade(inst, { kind: 'choose', selected: [f] }, h);
    const shown2 = shownFeedback(multi, g2.feedback, false).map((x) => x.text);
    expect(shown2[0]).toBe('Your one pick is false.');
    expect(shown2[1]).toMatch(/true statements? (is|are) not selected/);
    expect(shown2.join(' ')).not.toContain(multi.options[t]?.text ?? '\0');
    expect(shown2.join(' ')).not.toContain(multi.options[f]?.explain ?? '\0');
  });

  it('right picks only, some missed: none false, and still no pick named', () => {
    const some = key.selected.slice(0, 1);
    const g = grade(inst, { kind: 'choose', selected: some }, h);
    if (key.selected.length > 1) expect(g.correct).toBe(false);
    const shown = shownFeedback(multi, g.feedback, false);
    expect(shown[0]).toEqual({ text: 'Your one pick is true.', correct: true });
  });

  it('once solved or the solution shown: every pick marked and explained, as graded', () => {
    const g = grade(inst, { kind: 'choose', selected: all }, h);
    expect(marksWithheld(multi, true)).toBe(false);
    expect(shownFeedback(multi, g.feedback, true)).toEqual(g.feedback);
    expect(shownFeedback(multi, g.feedback, true).filter((f) => f.option !== undefined)).toHaveLength(
      all.length,
    );
  });

  it('a single-answer exercise shows its one pick as graded: a wrong try rules it out anyway', () => {
    const si = makeInstance(single, 4);
    const right = referenceAnswer(si);
    if (right.kind !== 'choose') throw new Error('choose');
    const wrong =
      single.kind === 'choose' ? single.options.findIndex((_, i) => !right.selected.includes(i)) : -1;
    const g = grade(si, { kind: 'choose', selected: [wrong] }, h);
    expect(marksWithheld(single, false)).toBe(false);
    expect(shownFeedback(single, g.feedback, false)).toEqual(g.feedback);
  });
});
