/**
 * One snapshot of a run at a step: what every view (CPU grid, caches, timeline, text twin) shows. The
 * visual views and the text twin read the same snapshot, so they can never disagree.
 */
import {
  applyCacheEffect,
  type CacheLine,
  type Outcome,
  type SimResult,
  type StopMethod,
  type TraceStep,
  type WbinvdRecord,
} from '../../../sim/view.ts';
import { evidenceMeaning, spellEvidence } from './evidence-badges.ts';

const STOP_LABELS: Record<StopMethod, string> = {
  reboot_ipi: 'REBOOT IPI',
  nmi: 'NMI',
  nmi_shootdown: 'NMI shootdown',
  offline: 'offline',
};
/** How a CPU was stopped, in words (the contract's values are for scripts). */
export const stopLabel = (m: StopMethod | null | undefined): string => (m ? STOP_LABELS[m] : 'not stopped');

/** The role badge of K, the CPU that carries the kexec through (domain §2): its card, grid cell and text-view row. */
export const KEXEC_CPU = 'kexec CPU';
/**
 * What the badge means, as its description. Not "the CPU that ran kexec -e": migrate_to_reboot_cpu()
 * moves the kexec to the reboot CPU whichever CPU ran it, and that one is stopped like the others; in
 * kdump there is no move (domain §2b). Nor "reboot CPU" alone, which kdump's K is not.
 */
export const KEXEC_CPU_MEANS =
  'the CPU that carries the kexec through: it stops the other CPUs and runs machine_kexec() and relocate_kernel. After kexec -e it is the reboot CPU, whichever CPU ran kexec -e; in kdump, the CPU that panicked.';

/** What a CPU of the race was doing when the kexec CPU went on: the outcome and the CPU's card say it alike. */
export const RACE_WORDS = 'still running old-kernel code when the kexec CPU went on';

/**
 * How a CPU was stopped, as its card and its text-view row say it: a REBOOT IPI taken after the stopping
 * CPU's wait expired is said to be late, the first step of the race (domain §5).
 */
export const stopSaid = (c: Pick<CpuSnapshot, 'stoppedBy' | 'late'>): string =>
  `${stopLabel(c.stoppedBy)}${c.late ? ', late: after the wait expired' : ''}`;

const OUTCOME_LABELS: Record<Outcome, string> = {
  jumped: 'jumped to the new kernel',
  load_refused: 'kexec load refused',
  not_buildable: 'kernel cannot be built like this',
};
/** A run's outcome, in words. */
export const outcomeLabel = (o: Outcome): string => OUTCOME_LABELS[o];

export interface CpuSnapshot {
  cpu: number;
  isKexecCpu: boolean;
  /** Short state name, e.g. "running", "seamcall", "halted", "offline". */
  state: string;
  /** Full dotted state of the CPU machine. */
  stateValue: string;
  flag: boolean;
  dirtyLines: number;
  lines: CacheLine[];
  wbinvds: number;
  /** How the CPU was stopped, once it has reported. */
  stoppedBy: StopMethod | null;
  /** Its REBOOT-IPI report came after the stopping CPU had given up waiting and chosen NMIs. */
  late: boolean;
  /**
   * Once the kexec CPU has gone on, a CPU of the run's race: what it was doing then, said as the outcome
   * says it; '' for any other CPU, and before. Its card reads "halted" by the end, which alone hid that
   * it ran old-kernel code after the kexec CPU went on.
   */
  raceNote: string;
}

export interface Snapshot {
  seq: number;
  step: TraceStep | null;
  cpus: CpuSnapshot[];
  wbinvdsSoFar: number;
}

/**
 * States of the CPU machine (sim/machines/cpu.ts; tests hold them equal), written out so the first
 * screen's bundle does not carry the machine: where it starts (a CPU not yet brought up), and where a
 * CPU is once brought up (online, VMX off).
 */
export const CPU_INITIAL_STATE = 'offline';
export const CPU_ONLINE_STATE = 'online.virtualizationDisabled.running';

/** The CPU machine's state names, in words for the grid and the text twin. */
export function stateLabel(value: string): string {
  if (value.startsWith('online.')) {
    const leaf = value.split('.').pop() ?? '';
    const words: Record<string, string> = {
      running: 'running',
      seamcall: 'in SEAMCALL',
      seamcallNoFlag: 'in SEAMCALL',
      disablingVirtualization: 'disabling VMX',
      tdxCpuFlushCacheForKexec: 'TDX flush',
      tdxFlushDecision: 'TDX flush',
      virtualizationDone: 'VMX off',
    };
    return words[leaf] ?? leaf;
  }
  const top: Record<string, string> = {
    offline: 'offline',
    bringUp: 'bring-up',
    playDead: 'going offline',
    stopping: 'stopping',
    halted: 'halted',
    crashStopping: 'crash stop',
    crashHalted: 'halted (crash)',
    panicked: 'panicked',
    machineKexec: 'machine_kexec',
    newKernel: 'new kernel',
  };
  return top[value.split('.')[0] ?? ''] ?? value;
}

/** What a replay carries from step to step. */
export interface ReplayState {
  seq: number;
  flags: Map<number, boolean>;
  state: Map<number, string>;
  wbinvds: Map<number, number>;
  stopped: Map<number, StopMethod>;
  wbinvdsSoFar: number;
  caches: Map<number, CacheLine[]>;
}

/** The state before the first step: the caches as the old kernel left them. */
export function initialState(r: SimResult): ReplayState {
  const caches = new Map<number, CacheLine[]>();
  for (const [cpu, lines] of Object.entries(r.caches_at_boot))
    caches.set(
      Number(cpu),
      lines.map((l) => ({ ...l })),
    );
  return {
    seq: 0,
    flags: new Map(),
    state: new Map(),
    wbinvds: new Map(),
    stopped: new Map(),
    wbinvdsSoFar: 0,
    caches,
  };
}

/** Applies one trace step (the next one) to a replay state, as cacheStateAt and flagsAt do. */
export function applyStep(r: SimResult, st: ReplayState, t: TraceStep): void {
  st.seq = t.seq;
  if (t.flag && t.cpu !== null) st.flags.set(t.cpu, t.flag.to);
  for (const e of t.cache ?? []) {
    const lines = st.caches.get(e.cpu) ?? [];
    st.caches.set(e.cpu, lines);
    applyCacheEffect(lines, e);
  }
  if (t.cpu === null) return;
  // Where the CPU's machine rests after the step; a passing state shows only in its own steps.
  const resting = t.cpu_rest ?? t.cpu_state;
  if (resting) st.state.set(t.cpu, resting);
  if (t.kind === 'wbinvd') {
    st.wbinvds.set(t.cpu, (st.wbinvds.get(t.cpu) ?? 0) + 1);
    st.wbinvdsSoFar++;
  }
  const how = r.stopped[String(t.cpu)];
  if (t.kind === 'report' && how) st.stopped.set(t.cpu, how);
}

interface CpuStart {
  /** The CPU's state before its first step. */
  before: string;
  /** The run offlines the CPU (it takes no stop IPI). */
  offlined: boolean;
  /** It has no step at all: offlined, it is offline throughout. */
  silent: boolean;
}
const cpuStartsOf = new WeakMap<SimResult, CpuStart[]>();

/**
 * Per CPU, read once per run: where it is before its first step. A CPU the run brings up (AMD's
 * early_detect_mem_encrypt steps) starts where the machine starts; other vendors' bring-up has no step
 * of its own, so their CPUs are online from the start; a CPU offline with no step at all is offline.
 */
function cpuStarts(r: SimResult): CpuStart[] {
  const known = cpuStartsOf.get(r);
  if (known) return known;
  const first = new Map<number, string>();
  for (const t of r.trace)
    if (t.cpu !== null && t.cpu_state && !first.has(t.cpu)) first.set(t.cpu, t.cpu_state);
  const starts = Array.from({ length: r.cpus }, (_, cpu): CpuStart => {
    const offlined = r.stopped[String(cpu)] === 'offline';
    const f = first.get(cpu);
    const silent = f === undefined;
    const before = f === 'bringUp' ? CPU_INITIAL_STATE : silent && offlined ? 'offline' : CPU_ONLINE_STATE;
    return { before, offlined, silent };
  });
  cpuStartsOf.set(r, starts);
  return starts;
}

interface RaceMarks {
  /** Per CPU stopped by a late REBOOT IPI: the step of its report. */
  lateAt: Map<number, number>;
  /** The step from which the kexec CPU has gone on (the stop machine done), if it does. */
  wentOnAt: number | null;
  /** The race's CPUs, each with what it was doing when the kexec CPU went on. */
  notes: Map<number, string>;
}
const raceMarksOf = new WeakMap<SimResult, RaceMarks>();

/**
 * Read once per run from the trace: which REBOOT-IPI reports came after the stopping CPU chose the NMI
 * fallback, and when it went on. The race's steps (domain §5): the wait expires with the CPU still in
 * the mask, it then reports, halts, and K's NMI wakes it while K's wait sees an empty mask and goes on.
 */
function raceMarks(r: SimResult): RaceMarks {
  const known = raceMarksOf.get(r);
  if (known) return known;
  const lateAt = new Map<number, number>();
  let fallbackAt: number | null = null;
  let wentOnAt: number | null = null;
  for (const t of r.trace) {
    if (fallbackAt === null && t.stop_state === 'nmiFallback') fallbackAt = t.seq;
    if (wentOnAt === null && t.stop_state === 'done') wentOnAt = t.seq;
    const late =
      t.kind === 'report' &&
      t.cpu !== null &&
      fallbackAt !== null &&
      r.stopped[String(t.cpu)] === 'reboot_ipi' &&
      !lateAt.has(t.cpu);
    if (late && t.cpu !== null) lateAt.set(t.cpu, t.seq);
  }
  const notes = new Map<number, string>();
  for (const cpu of r.race) {
    const woken =
      wentOnAt !== null && r.trace.some((t) => t.cpu === cpu && t.kind === 'nmi' && t.seq >= (wentOnAt ?? 0));
    notes.set(cpu, `race: ${woken ? 'woken by the NMI, ' : ''}${RACE_WORDS}`);
  }
  const marks = { lateAt, wentOnAt, notes };
  raceMarksOf.set(r, marks);
  return marks;
}

/** The snapshot of a replay state. */
export function snapshotFrom(r: SimResult, st: ReplayState): Snapshot {
  const starts = cpuStarts(r);
  const race = raceMarks(r);
  const step = r.trace[st.seq - 1];
  const cpus: CpuSnapshot[] = [];
  for (let cpu = 0; cpu < r.cpus; cpu++) {
    const lines = st.caches.get(cpu) ?? [];
    const start = starts[cpu] ?? { before: CPU_ONLINE_STATE, offlined: false, silent: true };
    // The CPU of the current step is in the state that step happens in (maybe a passing one).
    const value = (step?.cpu === cpu ? step.cpu_state : undefined) ?? st.state.get(cpu) ?? start.before;
    // An offlined CPU takes no stop IPI: it was stopped by going offline, once it has.
    const wentOffline =
      start.offlined && st.seq > 0 && value === 'offline' && (st.state.has(cpu) || start.silent);
    // Before its bring-up step the machine's first state is also called offline; a student reads that
    // as a CPU taken offline (lab 5's question), so it is named for what it is.
    const notUpYet = start.before === CPU_INITIAL_STATE && value === CPU_INITIAL_STATE && !st.state.has(cpu);
    cpus.push({
      cpu,
      isKexecCpu: r.kexec_cpu === cpu,
      state: notUpYet ? 'not brought up yet' : stateLabel(value),
      stateValue: value,
      flag: st.flags.get(cpu) ?? false,
      dirtyLines: lines.filter((l) => l.dirty).length,
      lines: [...lines],
      wbinvds: st.wbinvds.get(cpu) ?? 0,
      stoppedBy: st.stopped.get(cpu) ?? (wentOffline ? 'offline' : null),
      late: st.seq >= (race.lateAt.get(cpu) ?? Infinity),
      raceNote: race.wentOnAt !== null && st.seq >= race.wentOnAt ? (race.notes.get(cpu) ?? '') : '',
    });
  }
  return { seq: st.seq, step: step ?? null, cpus, wbinvdsSoFar: st.wbinvdsSoFar };
}

/** Builds the snapshot right after step `seq` (0 = before the first step), replaying from the start. */
export function snapshotAt(r: SimResult, seq: number): Snapshot {
  const st = initialState(r);
  for (const t of r.trace) {
    if (t.seq > seq) break;
    applyStep(r, st, t);
  }
  return snapshotFrom(r, st);
}

const stepsBySeqOf = new WeakMap<SimResult, Map<number, TraceStep>>();

/** The trace by step number, built once a run (the why-chain is asked for on every step). */
function stepsBySeq(r: SimResult): Map<number, TraceStep> {
  let bySeq = stepsBySeqOf.get(r);
  if (!bySeq) stepsBySeqOf.set(r, (bySeq = new Map(r.trace.map((t) => [t.seq, t]))));
  return bySeq;
}

/** The chain of earlier steps that made `seq` happen (transitively), oldest first. */
export function whyChain(r: SimResult, seq: number): TraceStep[] {
  const bySeq = stepsBySeq(r);
  const seen = new Set<number>();
  const todo = [...(bySeq.get(seq)?.because ?? [])];
  while (todo.length) {
    const s = todo.pop() as number;
    if (seen.has(s)) continue;
    seen.add(s);
    todo.push(...(bySeq.get(s)?.because ?? []));
  }
  return [...seen].sort((a, b) => a - b).map((s) => bySeq.get(s) as TraceStep);
}

/** Why a WBINVD ran: the decision step just before it on the same CPU, else the step that caused it. */
export function whyWbinvd(r: SimResult, seq: number): string {
  const step = r.trace[seq - 1];
  if (!step) return '';
  for (let i = seq - 2; i >= 0; i--) {
    const t = r.trace[i] as TraceStep;
    if (t.cpu === step.cpu && t.kind === 'decision') return `${t.fn}: ${t.note}`;
    if (t.cpu === step.cpu && t.kind === 'wbinvd') break;
  }
  const cause = step.because?.length ? r.trace[(step.because.at(-1) as number) - 1] : undefined;
  return cause ? `${cause.fn}: ${cause.note}` : step.note;
}

/** The decision steps that settle whether a site flushes (for "why" and "why not"). */
const SITE_DECISIONS: Record<string, string[]> = {
  stop_this_cpu: ['stop_this_cpu'],
  relocate_kernel: ['machine_kexec', 'identity_mapped'],
  tdx_cpu_flush_cache_for_kexec: ['tdx_cpu_flush_cache_for_kexec'],
  play_dead: ['play_dead', 'native_play_dead'],
  kdump_sev_callback: ['kdump_sev_callback', 'crash_nmi_callback'],
};

/** Why a CPU did or did not flush at a site in a run: its decision steps there, in order. */
/** The steps where `cpu` decided whether to flush at `site`, in trace order. */
function siteDecisions(r: SimResult, cpu: number, site: string): TraceStep[] {
  const fns = SITE_DECISIONS[site] ?? [site];
  return r.trace.filter((t) => t.cpu === cpu && t.kind === 'decision' && fns.includes(t.fn));
}

/**
 * Why one WBINVD ran: the decision that led to it (the last one before it on its CPU at its site). Per
 * WBINVD, not per site: a CPU that flushed twice at one site (a late REBOOT IPI, then the NMI) has a row
 * for each, each with its own decision.
 */
export function wbinvdWhy(r: SimResult, w: Pick<WbinvdRecord, 'cpu' | 'site' | 'seq'>): string {
  const decided = siteDecisions(r, w.cpu, w.site).filter((t) => t.seq < w.seq);
  const last = decided[decided.length - 1];
  return last ? `${last.fn}: ${last.note}` : whyWbinvd(r, w.seq);
}

export function siteWhy(r: SimResult, cpu: number, site: string): string {
  const notes = siteDecisions(r, cpu, site).map((t) => `${t.fn}: ${t.note}`);
  // The same decision taken twice (a late REBOOT IPI, then the NMI: stop_this_cpu() runs again) is said
  // once, with how often: repeated word for word it read as a slip.
  const said = [...new Set(notes)].map((n) => {
    const times = notes.filter((x) => x === n).length;
    return times > 1 ? `${n.replace(/\.$/, '')} (${times === 2 ? 'twice' : `${times} times`}).` : n;
  });
  if (said.length) return said.join(' Then ');
  const w = r.wbinvd.find((x) => x.cpu === cpu && x.site === site);
  if (w) return whyWbinvd(r, w.seq);
  if (r.outcome !== 'jumped')
    return `This run does not reach ${site}: ${(r.reason ?? outcomeLabel(r.outcome)).replace(/\.$/, '')}.`;
  // Said without the CPU's number, so a big host's comparison can show the CPUs it holds for in one row.
  const stopped = r.stopped[String(cpu)];
  if (cpu === r.kexec_cpu) return `The kexec CPU: it stops the others and never reaches ${site} in this run.`;
  // That the shootdown reads no flag matters only where this CPU's flag is set (after the series, SME
  // supported or a SEAMCALL): elsewhere there is no flag to ignore, and saying so misleads.
  if (stopped === 'nmi_shootdown')
    return r.flags_at_start[String(cpu)]
      ? `Stopped by kdump's NMI shootdown (crash_nmi_callback()), which does not read the flag (set on this CPU): it never reaches ${site} in this run.`
      : `Stopped by kdump's NMI shootdown (crash_nmi_callback()), which does not call stop_this_cpu(): it never reaches ${site} in this run.`;
  if (stopped === 'offline')
    return `Offline when kexec began: it takes no stop IPI and never reaches ${site} in this run.`;
  return `This CPU never reaches ${site} in this run.`;
}

/**
 * One step in a sentence, for the live region and the text view. The evidence tag is spelt out: a screen
 * reader reads "[SRC]" letter by letter, and the text view is read by one.
 */
export function narrate(t: TraceStep | null): string {
  // Said while focus may still be on what started the run (the sandbox's "Step through"), where n does
  // nothing: the shortcut is told as working in the model only.
  if (!t)
    return 'Before the first step. Press Next to begin; once you are in the model, press n (or period) to step forward and p (or comma) to step back.';
  const who = t.cpu === null ? 'Platform' : `CPU ${t.cpu}`;
  const flag = t.flag ? ` Flag ${t.flag.from ? 'set' : 'clear'} → ${t.flag.to ? 'set' : 'clear'}.` : '';
  // Some steps (the cache model) have no source file to name; some name a place
  // in parentheses already ("(new kernel)").
  const where = !t.file ? '' : t.file.startsWith('(') ? ` ${t.file}` : ` (${t.file})`;
  // Tags inside the note ("in no fixed order [LIST]") are spelt out too.
  return `Step ${t.seq}. ${who}, ${t.fn}${where}: ${spellEvidence(t.note)}${flag} Evidence: ${evidenceMeaning(t.evidence)}.`;
}
