/**
 * Points to a thousandth, as every score is kept: a sum of points in floating point (1.1 + 2.2) would
 * otherwise print as 3.3000000000000003 in a grade table or CSV.
 */
export function roundPoints(n: number): number {
  return Math.round(n * 1000) / 1000;
}
