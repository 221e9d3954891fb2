/**
 * Partial credit for answers made of yes/no parts (the cells of a grid, the options of a multiple-answer
 * choose), counted above what a uniform answer earns. Judged part by part, ticking nothing is right on
 * every false part: in a grid of 12 cells with 4 WBINVDs a blank answer was 8 of 12 right, 67% for
 * knowing nothing. So credit is the share of true parts ticked plus the share of false parts left, minus
 * one (Youden's J): ticking none, or all, earns 0, and a mistake costs in proportion to how many parts of
 * its kind there are, so one wrong tick among 11 empty cells costs little and one missed WBINVD of 1 a lot.
 */

/** How an answer's yes/no parts went: true parts ticked and false parts left, of how many of each. */
export interface PartCounts {
  /** True parts (should be ticked) that were ticked. */
  hits: number;
  /** How many parts are true. */
  trueParts: number;
  /** False parts left unticked. */
  leftAlone: number;
  /** How many parts are false. */
  falseParts: number;
}

/**
 * The credit (0 to 1): hits / trueParts + leftAlone / falseParts - 1, never below 0. With no true part
 * (nothing should be ticked) it is the share of parts left alone; with no false part, the share ticked.
 */
export function creditAboveUniform(c: PartCounts): number {
  if (c.trueParts === 0) return c.falseParts === 0 ? 1 : c.leftAlone / c.falseParts;
  if (c.falseParts === 0) return c.hits / c.trueParts;
  return Math.max(0, c.hits / c.trueParts + c.leftAlone / c.falseParts - 1);
}
