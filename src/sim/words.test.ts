import { describe, expect, it } from 'vitest';
import { count, cpuRangeList, cpuRanges, cpusLabel } from './words.ts';

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

describe('CPU numbers in words', () => {
  it('joins runs of CPUs into ranges, keeps pairs and singles apart', () => {
    expect(cpuRanges([3, 1, 2, 5, 7, 8])).toBe('1–3, 5, 7, 8');
    expect(cpuRanges([0])).toBe('0');
    expect(cpuRanges([])).toBe('');
    expect(cpuRanges(Array.from({ length: 63 }, (_, i) => i + 1))).toBe('1–63');
    expect(cpuRangeList([3, 1, 2, 5, 6])).toEqual(['1–3', '5', '6']);
  });
  it('says CPU for one and CPUs for more, counting each CPU once', () => {
    expect(cpusLabel([2])).toBe('CPU 2');
    expect(cpusLabel([2, 2])).toBe('CPU 2');
    expect(cpusLabel([5, 1, 2, 3])).toBe('CPUs 1–3, 5');
  });
});
