/**
 * What a simulation returns. The fields up to `trace` are the public JSON contract of
 * `flushpoint simulate --json` (ARCHITECTURE.md); the rest are compatible extensions.
 */
import type { Kernel, KexecPath, Platform, WbinvdSite } from './scenario.ts';

export type Outcome = 'jumped' | 'load_refused' | 'not_buildable';
export type Phase = 'events' | 'syscore_shutdown' | 'stop_other_cpus' | 'crash_shutdown' | 'machine_kexec';
/** Phases of trace steps: the WBINVD phases plus the parts where no WBINVD can happen. */
export type TracePhase = 'boot' | Phase | 'load' | 'kernel_kexec' | 'panic' | 'new_kernel';
export type Via = 'reboot_ipi' | 'nmi' | null;
export type StopMethod = 'reboot_ipi' | 'nmi' | 'nmi_shootdown' | 'offline';
/** How sure the domain reference is of a step: see shared/domain/kexec-wbinvd.md. */
export type Evidence = 'SRC' | 'DIFF' | 'LIST' | 'INF' | 'UNVERIFIED';

export interface WbinvdRecord {
  cpu: number;
  site: WbinvdSite;
  phase: Phase;
  via: Via;
  /** Extension: the trace step of this WBINVD. */
  seq: number;
  /** Extension: dirty lines this WBINVD wrote back. */
  lines_written_back: number;
}

/** A cache line's encryption attribute: the SME C-bit, or a TDX KeyID (0 = the TME/shared key). */
export type EncAttr = { kind: 'cbit'; c: 0 | 1 } | { kind: 'keyid'; keyid: number; private: boolean };

export interface CacheLine {
  /** Physical address of the line (a multiple of 64). */
  addr: number;
  attr: EncAttr;
  dirty: boolean;
  /** What the line holds, as a short label: `old:<addr>` for old-kernel data, `new:<addr>` for the image. */
  data: string;
}

/** A change to the caches or memory, attached to the trace step that caused it. */
export type CacheEffect =
  | { op: 'fill'; cpu: number; line: CacheLine }
  | { op: 'writeback'; cpu: number; line: CacheLine }
  | { op: 'invalidate'; cpu: number; addr: number; attr: EncAttr };

export interface TraceStep {
  seq: number;
  /** The CPU that runs the step (null for a step of the platform, e.g. a Kconfig check). */
  cpu: number | null;
  /** The kernel function (or instruction) the step mirrors, spelled as in the kernel. */
  fn: string;
  file: string;
  evidence: Evidence;
  note: string;
  /** Extensions below: for the timeline, the state-machine view and the cache view. */
  phase: TracePhase;
  kind: StepKind;
  /** For IPIs and NMIs: the CPUs they are sent to. */
  to?: number[];
  /** The per-CPU flag of `cpu` changed by this step. */
  flag?: { from: boolean; to: boolean };
  /**
   * State of `cpu`'s CPU machine in which the step happens (dotted state value). Some are passing states,
   * left by the same transition (bringUp, a SEAMCALL, stopping): then `cpu_rest` is where the machine
   * rests once the transition is done, which is what the CPU is in while other steps follow.
   */
  cpu_state?: string;
  cpu_rest?: string;
  /** State of the kexec orchestration and stop-protocol machines after the step. */
  kexec_state?: string;
  stop_state?: string;
  /** The site, when kind is 'wbinvd'. */
  site?: WbinvdSite;
  cache?: CacheEffect[];
  /** Earlier steps that made this one happen (for "why?"), by seq. */
  because?: number[];
}

export type StepKind =
  | 'step'
  | 'wbinvd'
  | 'wbinvd_skipped'
  | 'flag'
  | 'seamcall'
  | 'ipi'
  | 'nmi'
  | 'report'
  | 'halt'
  | 'decision'
  | 'copy'
  | 'jump'
  | 'writeback'
  | 'refused'
  | 'note';

/** One line of the new kernel's memory as the new kernel reads it after the jump. */
export interface MemoryLine {
  addr: number;
  expected: string;
  /** What the new kernel reads: the image data, stale old data, or `garbage` (wrong key). */
  read: string;
  status: 'ok' | 'corrupted';
  /** The CPU whose late write-back corrupted the line, when corrupted. */
  culprit: number | null;
  culprit_attr: EncAttr | null;
}

export interface MemoryReport {
  /** The attribute the new kernel's image is written and read with. */
  image_attr: EncAttr;
  lines: MemoryLine[];
  corrupted: number;
  /** Dirty lines with another attribute at image addresses still cached when the new kernel started. */
  at_risk: number;
  /** Order in which dirty lines left the caches after the jump (seeded). */
  writeback_order: { cpu: number; addr: number; attr: EncAttr; data: string }[];
}

export interface SimResult {
  outcome: Outcome;
  reason: string | null;
  kexec_cpu: number | null;
  wbinvd: WbinvdRecord[];
  stopped: Record<string, StopMethod>;
  race: number[];
  flags_at_start: Record<string, boolean>;
  relocate_kernel: { flags: string[] } | { host_mem_enc_active: boolean } | null;
  trace: TraceStep[];
  /** Extensions. */
  kernel: Kernel;
  path: KexecPath;
  seed: number;
  cpus: number;
  /**
   * Lines in the caches before the first step: the old kernel's working set on CPUs brought up without a
   * step of their own (other vendors' bring-up at boot). Every other line comes from a step's cache
   * effects, an AMD CPU's with its early_detect_mem_encrypt step.
   */
  caches_at_boot: Record<string, CacheLine[]>;
  memory: MemoryReport | null;
  /** Points shown with [INF]/[UNVERIFIED] tags: the model's choices where the reference is unsure. */
  caveats: { evidence: 'INF' | 'UNVERIFIED'; text: string }[];
  /**
   * The platform the run was on (defaults filled), for views: a statechart greys the states this platform
   * cannot reach. Not in the JSON contract (the scenario file already says it); absent on a result made
   * before it was kept.
   */
  platform?: Platform;
}
