/**
 * The text view's rows on a big host: neighbouring CPUs whose rows say exactly the same are one row
 * ("CPUs 1–254"), and neighbouring WBINVDs at the same place one item, so the one CPU that differs (the
 * kexec CPU, the one whose flag is set) is not buried under hundreds of identical lines a screen reader
 * reads one by one. Pure: the text view renders what these return.
 */
import { count, cpusLabel, type WbinvdRecord } from '../../../sim/view.ts';
import { machineStateLabel } from './machine-labels.ts';
import { KEXEC_CPU, stopSaid, type CpuSnapshot } from './snapshot.ts';

/**
 * Hosts with more CPUs than this have their text view grouped. Up to 8 rows a table is read through in a
 * few seconds and seen whole without scrolling, and every lab runs on 2 or 4 CPUs, where a row for each
 * CPU is what the lab's text refers to ("CPU 3's row"); past that, 16, 64 or 256 rows mostly say the
 * same and hide the row that does not.
 */
export const GROUP_ABOVE_CPUS = 8;

/** Whether a host of `cpus` CPUs has its text view grouped (unless every CPU is asked for). */
export const groupsHost = (cpus: number): boolean => cpus > GROUP_ABOVE_CPUS;

/** The cells of a CPU's row in the text view, as read. */
export interface CpuCells {
  role: string;
  state: string;
  flag: string;
  dirtyLines: string;
  wbinvds: string;
  stoppedBy: string;
}

/** What a CPU's row says, but for its CPU number. */
export function cpuCells(
  c: Pick<
    CpuSnapshot,
    'isKexecCpu' | 'state' | 'flag' | 'dirtyLines' | 'wbinvds' | 'stoppedBy' | 'late' | 'raceNote'
  >,
): CpuCells {
  return {
    role: c.isKexecCpu ? KEXEC_CPU : '',
    state: c.state,
    flag: c.flag ? 'set' : 'clear',
    dirtyLines: String(c.dirtyLines),
    wbinvds: String(c.wbinvds),
    // As the CPU's card says it: a late REBOOT IPI, and the race once the kexec CPU has gone on.
    stoppedBy: [c.stoppedBy ? stopSaid(c) : '', c.raceNote].filter(Boolean).join('; '),
  };
}

/** A row of the CPU table: one CPU's, or a run of neighbouring CPUs' that say the same. */
export interface CpuRow {
  /** Unique among the rows: the first CPU of the row. */
  key: number;
  /** The CPUs of the row, in order, each one more than the last. */
  cpus: number[];
  /** The row's header: "CPU 5", "CPUs 1, 2", "CPUs 1–254". */
  header: string;
  cells: CpuCells;
}

const sameCells = (a: CpuCells, b: CpuCells): boolean =>
  a.role === b.role &&
  a.state === b.state &&
  a.flag === b.flag &&
  a.dirtyLines === b.dirtyLines &&
  a.wbinvds === b.wbinvds &&
  a.stoppedBy === b.stoppedBy;

/**
 * The CPU table's rows, in the CPUs' order. `grouped`: a CPU joins the row before it when it is the next
 * CPU and every cell says the same; identical CPUs apart (CPU 1 and CPU 3 around a different CPU 2) stay
 * apart, so each row's header is one range and the table reads in CPU order.
 */
export function cpuRows(
  cpus: readonly Pick<
    CpuSnapshot,
    'cpu' | 'isKexecCpu' | 'state' | 'flag' | 'dirtyLines' | 'wbinvds' | 'stoppedBy' | 'late' | 'raceNote'
  >[],
  grouped: boolean,
): CpuRow[] {
  const rows: CpuRow[] = [];
  for (const c of cpus) {
    const cells = cpuCells(c);
    const last = rows.at(-1);
    if (grouped && last && c.cpu === (last.cpus.at(-1) as number) + 1 && sameCells(last.cells, cells))
      last.cpus.push(c.cpu);
    else rows.push({ key: c.cpu, cpus: [c.cpu], header: '', cells });
  }
  for (const r of rows) r.header = cpusLabel(r.cpus);
  return rows;
}

/** An item of the "WBINVDs so far" list: one WBINVD, or a run of them at the same place. */
export interface WbinvdItem {
  /** Unique among the items: the step of the first WBINVD of the item. */
  key: number;
  /** The WBINVDs of the item, in step order. */
  wbinvds: WbinvdRecord[];
  /** "Step 48: CPU 1 in stop_this_cpu (…)", or "Steps 48–139, 14 WBINVDs: CPUs 1, 2, 4–15 in …". */
  text: string;
}

const where = (w: WbinvdRecord): string => `${w.site} (${w.phase}${w.via ? `, via ${w.via}` : ''})`;

/**
 * The "WBINVDs so far" list, in the order given (step order). `grouped`: a WBINVD joins the item before it
 * when it is next in the list, at the same site, phase and via, on a higher CPU than the item's last. So
 * an item covers only WBINVDs with no other between them, its CPUs read in the order they flushed, no CPU
 * is in it twice, and a CPU that flushes out of turn (CPU 3's late REBOOT IPI after CPU 15's) is an item
 * of its own. "Steps 48–139" is the span from the first to the last: other steps (not WBINVDs) lie between,
 * so the item says how many WBINVDs it holds.
 */
export function wbinvdItems(done: readonly WbinvdRecord[], grouped: boolean): WbinvdItem[] {
  const items: WbinvdItem[] = [];
  for (const w of done) {
    const last = items.at(-1);
    const prev = last?.wbinvds.at(-1);
    if (grouped && last && prev && where(prev) === where(w) && w.cpu > prev.cpu) last.wbinvds.push(w);
    else items.push({ key: w.seq, wbinvds: [w], text: '' });
  }
  for (const item of items) {
    const first = item.wbinvds[0] as WbinvdRecord;
    const lastW = item.wbinvds.at(-1) as WbinvdRecord;
    const n = item.wbinvds.length;
    item.text =
      n === 1
        ? `Step ${first.seq}: CPU ${first.cpu} in ${where(first)}`
        : `Steps ${first.seq}–${lastW.seq}, ${count(n, 'WBINVD')}: ${cpusLabel(item.wbinvds.map((w) => w.cpu))} in ${where(first)}`;
  }
  return items;
}

/**
 * The line of the text view that says where the kexec flow and the stop protocol are, in words only: a
 * screen reader reads a state's code name ("kernelKexec.machineShutdown") as a run of unknown words, and
 * the statecharts (the visual view) are where a code name is paired with its words.
 */
export function machinesSaid(kexecState: string, stopState: string): string {
  return `kexec flow: ${machineStateLabel('kexec', kexecState)}; stop protocol: ${machineStateLabel('stop', stopState)}`;
}
