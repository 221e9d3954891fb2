/** Credit above a uniform answer (Youden's J): ticking none or all earns 0, every part right earns 1. */
import { describe, expect, it } from 'vitest';
import { creditAboveUniform } from './uniform-credit.ts';

const credit = (hits: number, trueParts: number, leftAlone: number, falseParts: number) =>
  creditAboveUniform({ hits, trueParts, leftAlone, falseParts });

describe('creditAboveUniform', () => {
  it('a uniform answer earns 0, every part right earns 1', () => {
    // 12 parts, 4 true: ticking none leaves the 8 false ones alone, ticking all hits the 4 true ones.
    expect(credit(0, 4, 8, 8)).toBe(0);
    expect(credit(4, 4, 0, 8)).toBe(0);
    expect(credit(4, 4, 8, 8)).toBe(1);
  });

  it('a mistake costs in proportion to the parts of its kind', () => {
    // One WBINVD of 4 missed costs a quarter; one wrong tick among 8 empty cells an eighth.
    expect(credit(3, 4, 8, 8)).toBeCloseTo(3 / 4);
    expect(credit(4, 4, 7, 8)).toBeCloseTo(7 / 8);
    // One true cell of 12: found, with one wrong tick beside it, is still most of the answer.
    expect(credit(1, 1, 10, 11)).toBeCloseTo(10 / 11);
    // 3 true statements of 5, one of them selected and nothing false: a third.
    expect(credit(1, 3, 2, 2)).toBeCloseTo(1 / 3);
  });

  it('worse than a uniform answer is 0, never negative', () => {
    expect(credit(0, 4, 0, 8)).toBe(0);
    expect(credit(1, 4, 2, 8)).toBe(0);
  });

  it('no true part, or no false part: the share of the parts answered right', () => {
    expect(credit(0, 0, 6, 6)).toBe(1);
    expect(credit(0, 0, 3, 6)).toBeCloseTo(1 / 2);
    expect(credit(6, 6, 0, 0)).toBe(1);
    expect(credit(5, 6, 0, 0)).toBeCloseTo(5 / 6);
  });
});
