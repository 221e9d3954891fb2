/**
 * The comparison's rows that are the same in both runs, said in one line ("stop_this_cpu on CPUs 1–3"),
 * so the changed rows lead and the identical ones (one per CPU, 63 on a 64-CPU host) do not bury them.
 */
import { cpuRanges, cpusLabel, type WbinvdDiffRow } from '../../../sim/view.ts';

/** The ranges of a text as read out: "CPUs 1–3, 5" -> "CPUs 1 to 3, 5". */
export const spokenRanges = (text: string): string => text.replace(/(\d)–(\d)/g, '$1 to $2');

// Shared with `flushpoint simulate --compare`, which says the same rows the same way.
export { sameRowsSummary } from '../../../sim/view.ts';

/** A row of the comparison's table: one CPU's, or several CPUs' at one site shown as one. */
export interface ShownRow<R> {
  key: string;
  /** The CPU, or the CPUs as ranges ("1–63"). */
  cpus: string;
  /** The row itself, or the first of the CPUs' rows (which say the same: they are all unchanged). */
  row: R;
}

/** Each row on its own. */
export function oneRowEach<R extends Pick<WbinvdDiffRow, 'cpu' | 'site'>>(rows: readonly R[]): ShownRow<R>[] {
  return rows.map((row) => ({ key: `${row.cpu}|${row.site}`, cpus: String(row.cpu), row }));
}

/**
 * One row for the rows that say the same (equal `sameness`), in the order they first appear, with their
 * CPUs as ranges: on a big host, 63 rows "CPU n: stop_this_cpu, WBINVD vs no" become one.
 */
export function oneRowForTheSame<R extends Pick<WbinvdDiffRow, 'cpu' | 'site'>>(
  rows: readonly R[],
  sameness: (row: R) => string,
): ShownRow<R>[] {
  const groups = new Map<string, R[]>();
  for (const r of rows) {
    const k = sameness(r);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return [...groups.values()].map((rs) => {
    const first = rs[0] as R;
    const cpus = cpuRanges(rs.map((r) => r.cpu));
    return { key: `${cpus}|${first.site}`, cpus, row: first };
  });
}

/**
 * CPUs stopped differently in the two runs, one part per pair of ways, in the order they first appear:
 * "CPUs 1–63: REBOOT IPI vs NMI shootdown".
 */
export function stoppedSummary<M>(
  rows: readonly { cpu: number; a: M; b: M }[],
  label: (method: M) => string,
): string[] {
  const byPair = new Map<string, number[]>();
  for (const r of rows) {
    const k = `${label(r.a)} vs ${label(r.b)}`;
    byPair.set(k, [...(byPair.get(k) ?? []), r.cpu]);
  }
  return [...byPair].map(([pair, cpus]) => `${cpusLabel(cpus)}: ${pair}`);
}
