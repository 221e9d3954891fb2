import { describe, expect, it } from 'vitest';
import { answerKey } from './answer-key.ts';

describe('answerKey', () => {
  it('is the same for the same choices or cells picked in another order', () => {
    expect(answerKey({ kind: 'choose', selected: [2, 0] })).toBe(
      answerKey({ kind: 'choose', selected: [0, 2] }),
    );
    expect(answerKey({ kind: 'grid', cells: ['1:stop_this_cpu', '0:relocate_kernel'] })).toBe(
      answerKey({ kind: 'grid', cells: ['0:relocate_kernel', '1:stop_this_cpu'] }),
    );
  });

  it('tells different answers apart, and an order by its order', () => {
    expect(answerKey({ kind: 'choose', selected: [0] })).not.toBe(
      answerKey({ kind: 'choose', selected: [0, 1] }),
    );
    expect(answerKey({ kind: 'order', order: [0, 1] })).not.toBe(answerKey({ kind: 'order', order: [1, 0] }));
    expect(answerKey({ kind: 'predict', selected: 1 })).not.toBe(
      answerKey({ kind: 'find_bug', selected: 1 }),
    );
  });
});

describe('answerKey of saved data', () => {
  it('has no key for what is not an answer', () => {
    for (const bad of [null, 'x', { kind: 'choose', selected: ['0'] }, { kind: 'grid' }, { kind: 'nope' }])
      expect(answerKey(bad)).toBeNull();
  });
});
