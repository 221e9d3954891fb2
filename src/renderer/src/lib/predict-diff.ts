/**
 * "Predict the difference first": before the comparison of two runs is shown, the student marks which
 * WBINVDs they expect to change and whether the outcome will, then sees their prediction checked against
 * the model. A self-check, not graded: labs grade with exercises.
 */
import { WBINVD_SITES, count, type ResultDiff, type WbinvdSite } from '../../../sim/view.ts';

/** Up to this many CPUs the student predicts per CPU and site; beyond, per site ("on some CPU"). */
export const PER_CPU_LIMIT = 16;

export interface PredictionGrid {
  /** The CPUs asked about, or null when asking per site only. */
  cpus: number[] | null;
  /** The two kexec-time sites, plus any other where either run flushes (see ALWAYS_ASKED). */
  sites: WbinvdSite[];
}

export interface PredictionScore {
  /** Cells (see cellKey) that change and were predicted to. */
  hits: string[];
  /** Cells that change but were not predicted to. */
  missed: string[];
  /** Cells predicted to change that do not. */
  falseAlarms: string[];
  outcomeRight: boolean;
  /** Everything right. */
  right: boolean;
}

/**
 * Asked about even when neither run flushes there: offering only the sites where flushes happen would
 * tell the student where they happen (a TDX host after the series flushes in KVM's shutdown, not here).
 */
const ALWAYS_ASKED: readonly WbinvdSite[] = ['stop_this_cpu', 'relocate_kernel'];

/** A cell of the grid: one CPU at one site, or a whole site (cpu null). */
export const cellKey = (cpu: number | null, site: string): string => `${cpu ?? '*'}|${site}`;

/** The cell of the grid a (cpu, site) falls in: its own, or its site's when asking per site. */
export const cellOf = (grid: PredictionGrid, cpu: number, site: string): string =>
  cellKey(grid.cpus ? cpu : null, site);

/** A cell in words: "CPU 1 at relocate_kernel", or "some CPU at relocate_kernel". */
export function describeCell(key: string): string {
  const [cpu, site] = key.split('|');
  return `${cpu === '*' ? 'some CPU' : `CPU ${cpu}`} at ${site}`;
}

export function predictionGrid(d: ResultDiff, cpuCount: number): PredictionGrid {
  const flushed = new Set(d.wbinvd.map((r) => r.site));
  const sites = WBINVD_SITES.filter((s) => ALWAYS_ASKED.includes(s) || flushed.has(s));
  const cpus = cpuCount <= PER_CPU_LIMIT ? Array.from({ length: cpuCount }, (_, i) => i) : null;
  return { cpus, sites };
}

/** The cells that really change between the two runs. */
export function changedCells(d: ResultDiff, grid: PredictionGrid): Set<string> {
  return new Set(d.wbinvd.filter((r) => r.changed).map((r) => cellOf(grid, r.cpu, r.site)));
}

export function scorePrediction(
  d: ResultDiff,
  grid: PredictionGrid,
  predicted: ReadonlySet<string>,
  outcomeChanges: boolean,
): PredictionScore {
  const actual = changedCells(d, grid);
  const hits = [...actual].filter((k) => predicted.has(k));
  const missed = [...actual].filter((k) => !predicted.has(k));
  const falseAlarms = [...predicted].filter((k) => !actual.has(k));
  const outcomeRight = outcomeChanges === d.outcome.changed;
  return {
    hits,
    missed,
    falseAlarms,
    outcomeRight,
    right: missed.length === 0 && falseAlarms.length === 0 && outcomeRight,
  };
}

/** One sentence for the student (and the screen reader's live region). */
export function describeScore(s: PredictionScore): string {
  const total = s.hits.length + s.missed.length;
  const found =
    total === 0 ? 'No WBINVD changes' : `You found ${s.hits.length} of the ${count(total, 'changed WBINVD')}`;
  const n = s.falseAlarms.length;
  const alarms = n
    ? `${count(n, 'false alarm')} (marked as changing, the same in both runs)`
    : 'no false alarms';
  return `${found}, ${alarms}; outcome predicted ${s.outcomeRight ? 'right' : 'wrong'}.${s.right ? ' All right.' : ''}`;
}
