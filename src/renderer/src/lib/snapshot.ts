/**
 * One snapshot of a run at a step: what every view (CPU grid, caches, timeline, text twin) shows. The
 * visual views and the text twin read the same snapshot, so they can never disagree.
 */
import {
  cacheStateAt,
  flagsAt,
  type CacheLine,
  type SimResult,
  type StopMethod,
  type TraceStep,
} from '../../../sim/index.ts';

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
}

export interface Snapshot {
  seq: number;
  step: TraceStep | null;
  cpus: CpuSnapshot[];
  wbinvdsSoFar: number;
}

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

/** Builds the snapshot right after step `seq` (0 = before the first step). */
export function snapshotAt(r: SimResult, seq: number): Snapshot {
  const flags = flagsAt(r, seq);
  const caches = cacheStateAt(r, seq);
  const state = new Map<number, string>();
  const wb = new Map<number, number>();
  const stopped = new Map<number, StopMethod>();
  let wbinvdsSoFar = 0;
  for (const t of r.trace) {
    if (t.seq > seq) break;
    if (t.cpu === null) continue;
    if (t.cpu_state) state.set(t.cpu, t.cpu_state);
    if (t.kind === 'wbinvd') {
      wb.set(t.cpu, (wb.get(t.cpu) ?? 0) + 1);
      wbinvdsSoFar++;
    }
    if (t.kind === 'report' && r.stopped[String(t.cpu)])
      stopped.set(t.cpu, r.stopped[String(t.cpu)] as StopMethod);
  }
  const cpus: CpuSnapshot[] = [];
  for (let cpu = 0; cpu < r.cpus; cpu++) {
    const lines = caches[String(cpu)] ?? [];
    const value = state.get(cpu) ?? (r.stopped[String(cpu)] === 'offline' ? 'offline' : 'online.running');
    cpus.push({
      cpu,
      isKexecCpu: r.kexec_cpu === cpu,
      state: stateLabel(value),
      stateValue: value,
      flag: flags.get(cpu) ?? false,
      dirtyLines: lines.filter((l) => l.dirty).length,
      lines,
      wbinvds: wb.get(cpu) ?? 0,
      stoppedBy:
        stopped.get(cpu) ??
        (seq > 0 && value === 'offline' && r.stopped[String(cpu)] === 'offline' ? 'offline' : null),
    });
  }
  return { seq, step: r.trace[seq - 1] ?? null, cpus, wbinvdsSoFar };
}

/** The chain of earlier steps that made `seq` happen (transitively), oldest first. */
export function whyChain(r: SimResult, seq: number): TraceStep[] {
  const bySeq = new Map(r.trace.map((t) => [t.seq, t]));
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
export function siteWhy(r: SimResult, cpu: number, site: string): string {
  const fns = SITE_DECISIONS[site] ?? [site];
  const notes = r.trace.filter((t) => t.cpu === cpu && t.kind === 'decision' && fns.includes(t.fn));
  if (notes.length) return notes.map((t) => `${t.fn}: ${t.note}`).join(' Then ');
  const w = r.wbinvd.find((x) => x.cpu === cpu && x.site === site);
  if (w) return whyWbinvd(r, w.seq);
  return r.outcome === 'jumped'
    ? `CPU ${cpu} never reaches ${site} in this run.`
    : `This run does not reach ${site}: ${r.reason ?? r.outcome}.`;
}

/** A one-line narration of a step, for the live region and the step box. */
export function narrate(t: TraceStep | null): string {
  if (!t) return 'Before the first step. Press Next step to begin.';
  const who = t.cpu === null ? 'Platform' : `CPU ${t.cpu}`;
  const flag = t.flag ? ` Flag ${t.flag.from ? 'set' : 'clear'} → ${t.flag.to ? 'set' : 'clear'}.` : '';
  return `Step ${t.seq}. ${who}, ${t.fn} (${t.file}): ${t.note}${flag} [${t.evidence}]`;
}
