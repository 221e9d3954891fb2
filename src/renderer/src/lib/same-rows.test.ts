import { describe, expect, it } from 'vitest';
import { cpuRanges, oneRowEach, oneRowPerSite, sameRowsSummary } from './same-rows.ts';

describe('the rows that are the same in both runs, in one line', () => {
  it('joins runs of CPUs into ranges, keeps pairs and singles apart', () => {
    expect(cpuRanges([3, 1, 2, 5, 7, 8])).toBe('1–3, 5, 7, 8');
    expect(cpuRanges([0])).toBe('0');
    expect(cpuRanges([])).toBe('');
    expect(cpuRanges(Array.from({ length: 63 }, (_, i) => i + 1))).toBe('1–63');
  });

  it('groups by site, in the order the sites appear, singular for one CPU', () => {
    expect(
      sameRowsSummary([
        { cpu: 1, site: 'stop_this_cpu' },
        { cpu: 0, site: 'relocate_kernel' },
        { cpu: 2, site: 'stop_this_cpu' },
        { cpu: 3, site: 'stop_this_cpu' },
      ]),
    ).toEqual(['stop_this_cpu on CPUs 1–3', 'relocate_kernel on CPU 0']);
  });
});

describe('rows of the comparison table', () => {
  const rows = [
    { cpu: 1, site: 'stop_this_cpu' as const },
    { cpu: 0, site: 'relocate_kernel' as const },
    { cpu: 2, site: 'stop_this_cpu' as const },
  ];

  it('one per CPU and site', () => {
    expect(oneRowEach(rows).map((r) => [r.key, r.cpus])).toEqual([
      ['1|stop_this_cpu', '1'],
      ['0|relocate_kernel', '0'],
      ['2|stop_this_cpu', '2'],
    ]);
  });

  it('one per site, with its CPUs as ranges and its first row', () => {
    expect(oneRowPerSite(rows)).toEqual([
      { key: '*|stop_this_cpu', cpus: '1, 2', row: rows[0] },
      { key: '*|relocate_kernel', cpus: '0', row: rows[1] },
    ]);
  });
});
