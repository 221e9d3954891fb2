/**
 * The scenario format: the public contract of ARCHITECTURE.md ("Contract: scenario files and
 * `flushpoint simulate`"). Keys keep their snake_case spelling because instructors write them by hand.
 */

/** before = up to v6.17; after = v6.18+, with the series (tip 83214a775f33 and friends) merged. */
export type Kernel = 'before' | 'after';
/**
 * hygon: modelled from the code only ([INF] in the domain notes; whether real parts report the SME bit or
 * run SME with Linux is [UNVERIFIED]): shown with caveats, never graded.
 */
export type Vendor = 'amd' | 'intel' | 'hygon';
/** What raw CPUID Fn8000_001F EAX[0] says (supported) and whether the kernel turned SME on (active). */
export type SmeSupport = 'none' | 'supported' | 'active';
export type KexecPath = 'kexec' | 'kdump';
/** How a remote CPU reacts to the REBOOT IPI of native_stop_other_cpus(). */
export type StopBehaviour = 'in_time' | 'irqs_off' | 'late';

export const KERNELS: readonly Kernel[] = ['before', 'after'];
export const VENDORS: readonly Vendor[] = ['amd', 'intel', 'hygon'];
export const SME_SUPPORT: readonly SmeSupport[] = ['none', 'supported', 'active'];
export const PATHS: readonly KexecPath[] = ['kexec', 'kdump'];
export const STOP_BEHAVIOURS: readonly StopBehaviour[] = ['in_time', 'irqs_off', 'late'];
export const MAX_CPUS = 4096;

export interface Platform {
  vendor: Vendor;
  cpus: number;
  sme: SmeSupport;
  snp_host: boolean;
  /** KVM with TDX loaded and the TDX module initialised on every online CPU (implies tdx_host_kernel). */
  tdx: boolean;
  /** The kernel is built with TDX host support (INTEL_TDX_HOST), whether or not TDX was ever initialised. */
  tdx_host_kernel: boolean;
  tdx_pw_mce: boolean;
}

/** One event before kexec or the panic. Exactly one key per event, as in the YAML contract. */
export type ScenarioEvent =
  | { seamcall: number }
  | { kvm_disable: number }
  | { offline: number }
  | { online: number }
  | { kvm_unload: true };

export type EventKind = 'seamcall' | 'kvm_disable' | 'offline' | 'online' | 'kvm_unload';
export const EVENT_KINDS: readonly EventKind[] = [
  'seamcall',
  'kvm_disable',
  'offline',
  'online',
  'kvm_unload',
];

/** Every place the kernel (as modelled) executes WBINVD. */
export type WbinvdSite =
  'stop_this_cpu' | 'relocate_kernel' | 'tdx_cpu_flush_cache_for_kexec' | 'play_dead' | 'kdump_sev_callback';
export const WBINVD_SITES: readonly WbinvdSite[] = [
  'stop_this_cpu',
  'relocate_kernel',
  'tdx_cpu_flush_cache_for_kexec',
  'play_dead',
  'kdump_sev_callback',
];

/** Fault injection (extension): skip a WBINVD the kernel would do, to show what it protects. */
export interface Fault {
  skip_wbinvd: { site: WbinvdSite; cpu?: number };
}

/**
 * Seeded mutants of the model (extension), for "find the bug" exercises: each breaks one rule.
 * They are never used unless a scenario or an exercise names one.
 */
export type MutantId =
  | 'stop_this_cpu_ignores_flag'
  | 'wbinvd_after_swap_pages'
  | 'flag_read_after_load_segments'
  | 'global_flag'
  | 'tdx_flush_keeps_flag'
  | 'flag_set_only_when_sme_active'
  | 'no_tdx_flush_at_shutdown'
  | 'relocate_kernel_tests_bit0';
export const MUTANTS: readonly MutantId[] = [
  'stop_this_cpu_ignores_flag',
  'wbinvd_after_swap_pages',
  'flag_read_after_load_segments',
  'global_flag',
  'tdx_flush_keeps_flag',
  'flag_set_only_when_sme_active',
  'no_tdx_flush_at_shutdown',
  'relocate_kernel_tests_bit0',
];

/** A scenario with every default filled in: what the simulator runs. */
export interface Scenario {
  kernel: Kernel;
  platform: Platform;
  path: KexecPath;
  start_cpu: number;
  /** CPU number (as a string key, like the YAML) -> behaviour; absent means in_time. */
  stop: Record<string, StopBehaviour>;
  events: ScenarioEvent[];
  /** Extension: seed of the cache model (which lines are dirty, write-back order). Default 1. */
  seed: number;
  /** Extension: the `reboot=` CPU that migrate_to_reboot_cpu() moves to. Default 0. */
  reboot_cpu: number;
  /** Extension: WBINVDs to skip. Default none. */
  faults: Fault[];
  /** Extension: a broken model to run instead of the faithful one. Default none. */
  mutant: MutantId | null;
}

/** Where a problem is in a scenario: a dotted path like `platform.sme` or `events[2].seamcall`. */
export interface ScenarioIssue {
  field: string;
  message: string;
  /** 1-based line in the source text, when the scenario came from a file. */
  line?: number;
}

export type ScenarioResult = { ok: true; scenario: Scenario } | { ok: false; issues: ScenarioIssue[] };

/** Convenience for code and tests: a scenario from partial input, defaults filled, not validated. */
export function scenarioDefaults(): Omit<Scenario, 'kernel' | 'platform'> {
  return {
    path: 'kexec',
    start_cpu: 0,
    stop: {},
    events: [],
    seed: 1,
    reboot_cpu: 0,
    faults: [],
    mutant: null,
  };
}

/** The kind of one event, and the CPU it names (null for kvm_unload). */
export function eventKind(event: ScenarioEvent): { kind: EventKind; cpu: number | null } {
  if ('seamcall' in event) return { kind: 'seamcall', cpu: event.seamcall };
  if ('kvm_disable' in event) return { kind: 'kvm_disable', cpu: event.kvm_disable };
  if ('offline' in event) return { kind: 'offline', cpu: event.offline };
  if ('online' in event) return { kind: 'online', cpu: event.online };
  return { kind: 'kvm_unload', cpu: null };
}
