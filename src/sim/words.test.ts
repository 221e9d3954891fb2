import { describe, expect, it } from 'vitest';
import { count } from './words.ts';

describe('count', () => {
  it('says one thing in the singular and any other number in the plural', () => {
    expect(count(1, 'line')).toBe('1 line');
    expect(count(0, 'line')).toBe('0 lines');
    expect(count(2, 'attempt')).toBe('2 attempts');
    expect(count(3, 'stale alias line')).toBe('3 stale alias lines');
  });
  it('takes an irregular plural', () => {
    expect(count(2, 'CPU is', 'CPUs are')).toBe('2 CPUs are');
    expect(count(1, 'CPU is', 'CPUs are')).toBe('1 CPU is');
  });
});
