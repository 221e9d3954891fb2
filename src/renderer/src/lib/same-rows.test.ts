import { describe, expect, it } from 'vitest';
import { oneRowEach, oneRowForTheSame, sameRowsSummary, spokenRanges, stoppedSummary } from './same-rows.ts';

describe('the rows that are the same in both runs, in one line', () => {
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

  it('one for the rows that say the same, with their CPUs as ranges and the first row', () => {
    const more = [
      ...rows,
      { cpu: 3, site: 'stop_this_cpu' as const },
      { cpu: 5, site: 'stop_this_cpu' as const },
    ];
    // CPU 5's row says something else.
    const say = (r: { cpu: number; site: string }) => `${r.site}${r.cpu > 4 ? ' late' : ''}`;
    expect(oneRowForTheSame(more, say)).toEqual([
      { key: '1–3|stop_this_cpu', cpus: '1–3', row: more[0] },
      { key: '0|relocate_kernel', cpus: '0', row: more[1] },
      { key: '5|stop_this_cpu', cpus: '5', row: more[4] },
    ]);
  });
});

describe('CPUs stopped differently, in one line', () => {
  it('groups CPUs by the pair of ways they were stopped', () => {
    const label = (m: string | null) => m ?? 'not stopped';
    expect(
      stoppedSummary(
        [
          { cpu: 1, a: 'reboot_ipi', b: 'nmi_shootdown' },
          { cpu: 2, a: 'reboot_ipi', b: 'nmi_shootdown' },
          { cpu: 3, a: 'nmi', b: 'nmi_shootdown' },
          { cpu: 4, a: 'reboot_ipi', b: 'nmi_shootdown' },
        ],
        label,
      ),
    ).toEqual(['CPUs 1, 2, 4: reboot_ipi vs nmi_shootdown', 'CPU 3: nmi vs nmi_shootdown']);
  });
});

describe('ranges read out', () => {
  it('says "to" for the dash of a range, and leaves other text alone', () => {
    expect(spokenRanges('stop_this_cpu on CPUs 1–3, 5; relocate_kernel on CPU 0')).toBe(
      'stop_this_cpu on CPUs 1 to 3, 5; relocate_kernel on CPU 0',
    );
    expect(spokenRanges('no range – here')).toBe('no range – here');
  });
});
