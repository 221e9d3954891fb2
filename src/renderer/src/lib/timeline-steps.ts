/**
 * Where a step is on the timeline, and which step a click picks: one rule for both, so the cursor lands on
 * the step the student clicked at every zoom (9 px a step, or the whole run fitted into the box at a
 * fraction of a pixel). Step n (from 1) owns the slot [(n - 1) * dx, n * dx), its mark drawn in it, and its
 * cursor runs through the slot's middle; before the first step the cursor is at the left edge.
 *
 * The cursor used to be drawn at the slot's right edge, the boundary with the next step, while a click
 * picked the slot under the pointer: a click just right of the cursor line picked the next step, and in
 * the fitted view (1.4 px a step on 64 CPUs) a click on the line, read in whole pixels, landed on either
 * side of it.
 */

/** The x of step `seq`'s cursor: the middle of its slot; 0 before the first step. */
export function cursorX(seq: number, dx: number): number {
  return seq <= 0 ? 0 : (seq - 0.5) * dx;
}

/**
 * The step a click at `x` (px from the timeline's left edge) picks: the one whose slot holds it, which is
 * the one whose cursor is nearest; a click left of the first slot picks the first step, and one past the
 * last (the margin, or the empty lanes past a short run) the last. A run of no steps stays at 0.
 */
export function stepAtX(x: number, dx: number, steps: number): number {
  if (steps <= 0 || !(dx > 0) || !Number.isFinite(x)) return 0;
  return Math.min(steps, Math.max(1, Math.floor(x / dx) + 1));
}
