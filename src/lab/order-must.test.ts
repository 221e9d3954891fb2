/**
 * An order exercise's `must` pairs: the orders it is about. Lab 2's stop-order once gave 14 of 15 pairs'
 * credit to an answer flushing after the copy, the one mistake the lab exists to prevent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { grade, referenceAnswer } from './grade.ts';
import { makeInstance } from './keys.ts';
import { labKeys } from './keys-listing.ts';
import { mustPairsSaid } from './order-pairs.ts';
import { LABS, loadLab, shippedLab } from '../node/test-labs.ts';
import type { Exercise, OrderExercise } from './types.ts';

const L2 = '02-sme-two-wbinvds';
const stopOrder = () => {
  const e = shippedLab(L2).exercises.find((x) => x.id === 'stop-order');
  if (e?.kind !== 'order') throw new Error('lab 2 has the stop-order exercise');
  return e;
};
const FRESH = { wrongTries: 0, hintsUsed: 0 };
// Items of stop-order: 2 reads the flag, 3 is swap_pages, 4 load_segments(), 5 the relocate_kernel WBINVD.
const TRACE = [1, 0, 2, 4, 5, 3];
const FLUSH_AFTER_COPY = [1, 0, 2, 4, 3, 5];

describe('order exercises: must pairs', () => {
  it("lab 2's stop-order requires the flush before the copy and the flag read before load_segments()", () => {
    const ex = stopOrder();
    expect(ex.must).toEqual([
      [5, 3],
      [2, 4],
    ]);
    const inst = makeInstance(ex, 0);
    expect(referenceAnswer(inst)).toEqual({ kind: 'order', order: TRACE });
  });

  it('the old partial answer, flushing after the copy, now earns nothing; the right one full marks', () => {
    const ex = stopOrder();
    const inst = makeInstance(ex, 0);
    // Without must, the same answer has 14 of 15 pairs right: the credit it used to earn.
    const loose = makeInstance({ ...ex, must: undefined } as Exercise, 0);
    expect(grade(loose, { kind: 'order', order: FLUSH_AFTER_COPY }, FRESH).raw).toBeCloseTo(14 / 15);

    const g = grade(inst, { kind: 'order', order: FLUSH_AFTER_COPY }, FRESH);
    expect(g.raw).toBe(0);
    expect(g.score).toBe(0);
    expect(g.correct).toBe(false);
    expect(g.feedback).toEqual([
      {
        text: '1 pair is out of order compared with the trace, among them one this exercise is about: with it the wrong way round, the answer earns no credit.',
        correct: false,
      },
    ]);
    // The pair is not named: that would hand over the order the exercise asks for.
    expect(g.feedback[0]?.text).not.toMatch(/swap_pages|relocate_kernel/);

    const right = grade(inst, { kind: 'order', order: TRACE }, FRESH);
    expect(right.raw).toBe(1);
    expect(right.correct).toBe(true);
    expect(right.score).toBe(ex.points);
  });

  it('both required pairs wrong is said as two; a pair not required still earns partial credit', () => {
    const inst = makeInstance(stopOrder(), 0);
    const both = grade(inst, { kind: 'order', order: [1, 0, 4, 2, 3, 5] }, FRESH);
    expect(both.raw).toBe(0);
    expect(both.feedback[0]?.text).toBe(
      '2 pairs are out of order compared with the trace, among them 2 this exercise is about: with them the wrong way round, the answer earns no credit.',
    );
    // The report before its own WBINVD: wrong, but not an order the exercise is about.
    const report = grade(inst, { kind: 'order', order: [0, 1, 2, 4, 5, 3] }, FRESH);
    expect(report.raw).toBeCloseTo(14 / 15);
    expect(report.feedback[0]?.text).toBe('1 pair is out of order compared with the trace.');
  });

  it('the solution and labs keys say each required pair in the order the trace runs it', () => {
    const ex = stopOrder();
    expect(mustPairsSaid(ex, TRACE)).toEqual([
      '“The kexec-ing CPU executes WBINVD in relocate_kernel” comes before “swap_pages copies the new kernel”: the order this exercise is about; an answer with these two the other way round earns no credit.',
      '“machine_kexec() reads cache_state_incoherent into the flags word” comes before “load_segments() resets the segment registers”: the order this exercise is about; an answer with these two the other way round earns no credit.',
    ]);
    const [listed] = labKeys(shippedLab(L2), 'stop-order');
    expect(listed?.variants[0]?.answer.slice(-2)).toEqual(mustPairsSaid(ex, TRACE));
    expect(mustPairsSaid({ ...ex, must: undefined } as OrderExercise, TRACE)).toEqual([]);
  });
});

describe('order exercises: must is refused at its line when it cannot be graded', () => {
  const text = readFileSync(join(LABS, L2, 'lab.yaml'), 'utf8');
  const MUST = 'must: [[5, 3], [2, 4]]';
  const line = text.split('\n').findIndex((l) => l.includes(MUST)) + 1;
  const errors = (written: string) => {
    const r = loadLab(L2, (t) => t.replace(MUST, written));
    if (r.ok) throw new Error(`${written} loaded`);
    return r.errors.map(({ field, line: at, message }) => ({ field, line: at, message }));
  };
  const f = 'exercises[3].must';

  it('a bad entry, at its index: not two items, the same item twice, an item the exercise lacks', () => {
    expect(line).toBeGreaterThan(0);
    expect(errors('must: [[5, 5], [1, 9], [2], [2, 4]]')).toEqual([
      {
        field: `${f}[0]`,
        line,
        message: 'must be two different item indexes, 0-based (0 to 5) (got [5,5])',
      },
      {
        field: `${f}[1]`,
        line,
        message: 'must be two different item indexes, 0-based (0 to 5) (got [1,9])',
      },
      { field: `${f}[2]`, line, message: 'must be two different item indexes, 0-based (0 to 5) (got [2])' },
    ]);
  });

  it('not a list, or a pair listed twice either way round', () => {
    expect(errors('must: 3')).toEqual([
      {
        field: f,
        line,
        message: 'must be a list of [item, item] pairs, item indexes 0-based: [[0, 1]] (got 3)',
      },
    ]);
    expect(errors('must: [[5, 3], [3, 5]]')).toEqual([
      {
        field: `${f}[1]`,
        line,
        message: '[3, 5] is listed twice (either way round it is the same pair): remove one',
      },
    ]);
  });

  it('a pair the reference leaves open cannot be required', () => {
    const r = loadLab('01-why-flush', (t) =>
      t.replace('unordered: [[2, 3]]', 'unordered: [[2, 3]]\n    must: [[3, 2]]'),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const at = readFileSync(join(LABS, '01-why-flush', 'lab.yaml'), 'utf8')
      .split('\n')
      .findIndex((l) => l.includes('unordered: [[2, 3]]'));
    expect(r.errors.map(({ field, line: l, message }) => ({ field, line: l, message }))).toEqual([
      {
        field: expect.stringMatching(/^exercises\[\d+\]\.must\[0\]$/),
        line: at + 2,
        message:
          '[3, 2] is also in unordered: the reference leaves its order open, so no answer can be required to get it right; remove it from one of the two lists',
      },
    ]);
  });

  it('only an order exercise takes must', () => {
    const r = loadLab(L2, (t) =>
      t.replace('    expect: [0, 2, 4]\n', '    expect: [0, 2, 4]\n    must: [[0, 1]]\n'),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.field, e.message])).toEqual([
      [expect.stringMatching(/\.must$/), expect.stringMatching(/^unknown key \(allowed: (?!.*must).*\)$/)],
    ]);
  });
});
