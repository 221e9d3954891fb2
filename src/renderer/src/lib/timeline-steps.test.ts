import { describe, expect, it } from 'vitest';
import { cursorX, stepAtX } from './timeline-steps.ts';

// The timeline's zooms: 9 px a step, and "fit" on a 836 px box for runs of 4, 64, 256 and 1024 CPUs
// (the floor of 0.2 px a step), and an odd width with a fractional step.
const ZOOMS = [9, 816 / 55, 816 / 595, 816 / 2300, 0.2, 3.0000001, 2.9999999];

describe('the timeline: a click picks the step whose cursor is nearest', () => {
  it.each(ZOOMS)('at %f px a step, a click on a cursor picks its own step', (dx) => {
    const steps = 600;
    for (let seq = 1; seq <= steps; seq++) expect(stepAtX(cursorX(seq, dx), dx, steps)).toBe(seq);
  });

  it.each(ZOOMS)('at %f px a step, no other cursor is nearer the click than the picked one', (dx) => {
    const steps = 300;
    // Clicks all along the run, at whole and fractional pixels (a pointer reports either).
    for (let x = 0; x < steps * dx; x += Math.min(0.37, dx / 3)) {
      const seq = stepAtX(x, dx, steps);
      const mine = Math.abs(cursorX(seq, dx) - x);
      for (const other of [seq - 1, seq + 1].filter((n) => n >= 1 && n <= steps))
        // On a slot boundary both are as near: a tie, up to rounding.
        expect(mine, `x ${x} picked ${seq}`).toBeLessThanOrEqual(Math.abs(cursorX(other, dx) - x) + 1e-9);
      expect(mine).toBeLessThanOrEqual(dx / 2 + 1e-9);
    }
  });

  it('a click left of the first step picks it, past the last picks the last; no steps, step 0', () => {
    expect(stepAtX(-3, 9, 55)).toBe(1);
    expect(stepAtX(0, 9, 55)).toBe(1);
    expect(stepAtX(55 * 9 + 19, 9, 55)).toBe(55);
    expect(stepAtX(5000, 1.37, 595)).toBe(595);
    expect(stepAtX(10, 9, 0)).toBe(0);
    expect(stepAtX(Number.NaN, 9, 55)).toBe(0);
  });

  it('the slot edges: a click on the boundary belongs to the step on its right', () => {
    expect(stepAtX(9, 9, 55)).toBe(2);
    expect(stepAtX(8.999, 9, 55)).toBe(1);
    // The line before the first step is at the edge.
    expect(cursorX(0, 9)).toBe(0);
    expect(cursorX(1, 9)).toBe(4.5);
  });
});
