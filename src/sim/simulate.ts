/**
 * The simulator: drives the CPU, stop-protocol and kexec machines through boot, the scenario's events and
 * kexec or kdump, in the kernel's order, executing the machines' actions on the cache model and recording
 * every step. Deterministic: the same scenario (with its seed) gives the same result.
 */
import type { SnapshotFrom } from 'xstate';
import {
  CacheModel,
  IMAGE_BASE,
  IMAGE_LINES,
  OLD_KERNEL_BASE,
  attrLabel,
  lineAddr,
  sameAttr,
} from './cache.ts';
import {
  cpuMachine,
  type CpuAction,
  type CpuEvent,
  type CpuInput,
  type DisableReason,
} from './machines/cpu.ts';
import {
  kexecMachine,
  RELOC_KERNEL_CACHE_INCOHERENT,
  relocateTestedBit,
  type KexecEvent,
} from './machines/kexec.ts';
import { stopMachine, type StopEvent } from './machines/stop.ts';
import { count } from './words.ts';
import type {
  CacheLine,
  EncAttr,
  Evidence,
  Phase,
  SimResult,
  StopMethod,
  TracePhase,
  Via,
  WbinvdRecord,
} from './result.ts';
import { faultIndexFor } from './faults.ts';
import { KERNEL_FILES, WBINVD_SITE_FNS } from './kernel-files.ts';
import { createRng, type Rng } from './rng.ts';
import { eventKind, type Scenario, type WbinvdSite } from './scenario.ts';
import { MachineStepper, stateString } from './stepper.ts';
import { TDX_CORRUPTION_INF } from './tdx-corruption.ts';
import { TraceRecorder, type StepInput } from './trace.ts';

type CpuSnapshot = SnapshotFrom<typeof cpuMachine>;
type KexecSnapshot = SnapshotFrom<typeof kexecMachine>;
type StopSnapshot = SnapshotFrom<typeof stopMachine>;

/** Shared across runs: the memo is what keeps thousands of CPUs cheap (see stepper.ts). */
const cpuStepper = new MachineStepper(cpuMachine);
const kexecStepper = new MachineStepper(kexecMachine);
const stopStepper = new MachineStepper(stopMachine);

/** Old-kernel lines each CPU holds dirty when it has been running a while (an illustration). */
const LINES_PER_CPU = 2;
/** Lines a SEAMCALL leaves dirty under a private KeyID (the TDX module or a TD wrote them). */
const LINES_PER_SEAMCALL = 2;

interface CpuRecord {
  id: number;
  snap: CpuSnapshot;
  online: boolean;
  /** Seq of the step that last set this CPU's flag, or of its CPUID test (before). */
  flagCause: number | null;
  stopped: StopMethod | null;
  reported: boolean;
}

const WBINVD_PHASES: readonly Phase[] = [
  'events',
  'syscore_shutdown',
  'stop_other_cpus',
  'crash_shutdown',
  'machine_kexec',
];

class Run {
  readonly trace = new TraceRecorder();
  readonly wbinvd: WbinvdRecord[] = [];
  readonly caveats: SimResult['caveats'] = [];
  readonly cpus: CpuRecord[] = [];
  readonly cache: CacheModel;
  readonly rng: Rng;
  readonly oldAttr: EncAttr;
  readonly imageAttr: EncAttr;
  readonly linesBase: number;
  kexec: KexecSnapshot;
  stop: StopSnapshot;
  kvmLoaded: boolean;
  via: Via = null;
  /** Seq of the step (IPI, NMI, event) that set the current CPU activity going, for "why". */
  cause: number | null = null;
  cpusStopMask = new Set<number>();
  /** The CPU machine state an action runs in (the snapshot is already past it). */
  private during: { cpu: number; state: string } | null = null;
  race: number[] = [];
  /** CPUs whose boot-time working set is in caches_at_boot rather than in a step (see fillWorkingSetAtBringUp). */
  readonly linesAtBoot = new Set<number>();
  kexecCpu: number | null = null;
  flagsAtStart: Record<string, boolean> = {};
  /** The flag of the CPU being stepped before its current event, so a flag step shows from -> to truly. */
  private flagBefore = false;
  /** CPUs that ran stop_this_cpu() from the REBOOT vector: an NMI then runs it a second time. */
  private readonly tookRebootVector = new Set<number>();
  private lineCursor: number;

  constructor(readonly s: Scenario) {
    this.rng = createRng(s.seed);
    this.cache = new CacheModel(this.rng);
    const { platform } = s;
    const intel = platform.vendor === 'intel';
    this.oldAttr = intel ? keyid(0) : { kind: 'cbit', c: platform.sme === 'active' ? 1 : 0 };
    this.imageAttr = intel ? keyid(0) : { kind: 'cbit', c: 0 };
    this.linesBase = s.path === 'kdump' ? OLD_KERNEL_BASE : IMAGE_BASE;
    this.lineCursor = this.rng.int(IMAGE_LINES);
    this.kvmLoaded = intel && platform.tdx;
    this.kexec = kexecStepper.start({ kernel: s.kernel, mutant: s.mutant });
    this.stop = stopStepper.start(undefined);
    for (let i = 0; i < IMAGE_LINES; i++) {
      const addr = lineAddr(IMAGE_BASE, i);
      this.cache.initMemory(addr, `old:${hex(addr)}`, this.oldAttr);
    }
  }

  get kernel() {
    return this.s.kernel;
  }

  set phase(phase: TracePhase) {
    this.trace.phase = phase;
  }

  get phase(): TracePhase {
    return this.trace.phase;
  }

  step(cpu: number | null, fn: string, evidence: Evidence, note: string, extra: StepExtra = {}): number {
    const { kind, file, cpu_state: given, ...fields } = extra;
    // The machine's snapshot is already the one its transition ended in; an action of that transition
    // runs in an earlier, passing state (bringUp, a SEAMCALL, stopping...): the step shows that one, and
    // says where the machine rests when that differs (what the CPU is in once the steps move on).
    const resting = cpu !== null && this.cpus[cpu] ? stateString(this.cpus[cpu].snap.value) : undefined;
    const cpuState = given ?? (cpu !== null && this.during?.cpu === cpu ? this.during.state : resting);
    // One object per step, filled in place: spreads of objects whose keys vary from step to step were
    // most of a big run's time.
    const more: NonNullable<StepInput['extra']> = {};
    if (cpuState) more.cpu_state = cpuState;
    if (resting && resting !== cpuState) more.cpu_rest = resting;
    more.kexec_state = stateString(this.kexec.value);
    more.stop_state = stateString(this.stop.value);
    Object.assign(more, fields);
    return this.trace.add({
      cpu,
      fn,
      evidence,
      note,
      kind: kind ?? 'step',
      ...(file ? { file } : {}),
      extra: more,
    });
  }

  caveat(evidence: 'INF' | 'UNVERIFIED', text: string): void {
    if (!this.caveats.some((c) => c.text === text)) this.caveats.push({ evidence, text });
  }

  // ---- machines -------------------------------------------------------------------------------------

  sendKexec(event: KexecEvent): { type: string; params: unknown }[] {
    const step = kexecStepper.send(this.kexec, event);
    if (!step.accepted)
      throw new Error(`internal: kexec machine in ${stateString(this.kexec.value)} refused ${event.type}`);
    this.kexec = step.snapshot;
    return step.actions;
  }

  sendStop(event: StopEvent): void {
    const step = stopStepper.send(this.stop, event);
    if (!step.accepted)
      throw new Error(`internal: stop machine in ${stateString(this.stop.value)} refused ${event.type}`);
    this.stop = step.snapshot;
  }

  /** Sends an event to a CPU machine and executes the actions it returns; false if the CPU ignored it. */
  sendCpu(cpu: number, event: CpuEvent, required = true): boolean {
    const rec = this.cpus[cpu] as CpuRecord;
    const step = cpuStepper.send(rec.snap, event);
    if (!step.accepted) {
      if (required)
        throw new Error(`internal: CPU ${cpu} in ${stateString(rec.snap.value)} refused ${event.type}`);
      return false;
    }
    const before = rec.snap.context.cacheStateIncoherent;
    this.flagBefore = before;
    rec.snap = step.snapshot;
    for (const action of step.actions) this.execute(rec, action as CpuAction, event);
    if (this.s.mutant === 'global_flag' && rec.snap.context.cacheStateIncoherent !== before) {
      this.syncGlobalFlag(rec.snap.context.cacheStateIncoherent, rec);
    }
    return true;
  }

  /**
   * Mutant global_flag: one boolean for the whole machine, so any write is seen by every CPU. Each CPU
   * whose flag that changes gets a step of its own, as a write would: the views replay flags from the
   * steps, and a flag that changed with no step would show a CPU's old value.
   */
  private syncGlobalFlag(value: boolean, writer: CpuRecord): void {
    // The writer's own flag step: its last, or one of the last few (a SEAMCALL's step follows its write).
    const steps = this.trace.steps;
    let by: (typeof steps)[number] | undefined;
    for (let i = steps.length - 1; i >= Math.max(0, steps.length - 4) && !by; i--) {
      const t = steps[i];
      if (t?.cpu === writer.id && t.kind === 'flag') by = t;
    }
    for (const other of this.cpus) {
      if (other.id === writer.id) continue;
      const was = other.snap.context.cacheStateIncoherent;
      other.snap = cpuStepper.send(other.snap, { type: 'mutant.global_flag_sync', value }).snapshot;
      if (was === value) continue;
      const seq = this.step(
        other.id,
        by?.fn ?? 'cache_state_incoherent',
        'INF',
        `cache_state_incoherent = ${value} on CPU ${other.id} too: CPU ${writer.id}'s write${by ? ` in ${by.fn}()` : ''} changed it, though CPU ${other.id} ran none of that code.`,
        {
          kind: 'flag',
          // Where the flag is defined (§1), for a write no step of the writer names.
          file: by?.file ?? 'arch/x86/kernel/process.c',
          flag: { from: was, to: value },
          because: by ? [by.seq] : [],
        },
      );
      other.flagCause = value ? seq : null;
    }
  }

  // ---- CPU actions ----------------------------------------------------------------------------------

  private execute(rec: CpuRecord, action: CpuAction, event: CpuEvent): void {
    const cpu = rec.id;
    const after = this.kernel === 'after';
    this.during = { cpu, state: stateDuring(action, stateString(rec.snap.value)) };
    try {
      this.executeAction(rec, action, event, cpu, after);
    } finally {
      this.during = null;
    }
  }

  private executeAction(
    rec: CpuRecord,
    action: CpuAction,
    event: CpuEvent,
    cpu: number,
    after: boolean,
  ): void {
    switch (action.type) {
      case 'earlyDetectMemEncrypt': {
        const supported = this.s.platform.sme !== 'none';
        // Up to v6.17 bring-up reads no CPUID bit for kexec's sake (§2a B1 "nothing flag-related"): the
        // note says what the hardware reports, not that this code tests it.
        const cpuid = after
          ? supported
            ? 'raw CPUID Fn8000_001F EAX[0] = 1: the hardware supports SME'
            : 'raw CPUID: extended level below 0x8000001f or EAX[0] = 0: no SME'
          : supported
            ? 'this CPU is identified; its CPUID reports SME support (Fn8000_001F EAX[0] = 1)'
            : 'this CPU is identified; its CPUID reports no SME';
        const flagPart = after
          ? action.params.setsFlag
            ? '; so this CPU sets cache_state_incoherent.'
            : this.s.mutant === 'flag_set_only_when_sme_active' && supported
              ? '; SME is not active here: the flag stays false.'
              : '; the flag stays false.'
          : supported
            ? '. Up to v6.17 nothing flag-related happens at bring-up: there is no flag. The CPUID test that decides a flush comes later, when the CPU is stopped: stop_this_cpu() reads raw CPUID itself.'
            : '. Up to v6.17 nothing flag-related happens at bring-up: there is no flag.';
        const featNote =
          cpu === 0 && supported && this.s.platform.sme !== 'active'
            ? after
              ? ' SME is not active (sme_me_mask is 0), so the boot CPU clears X86_FEATURE_SME for everyone: that is why the test reads raw CPUID.'
              : " SME is not active (sme_me_mask is 0), so the boot CPU clears X86_FEATURE_SME for everyone: that is why stop_this_cpu()'s test reads raw CPUID, not the feature bit."
            : '';
        rec.flagCause = this.step(
          cpu,
          'early_detect_mem_encrypt',
          'DIFF',
          `early_init_amd(): ${cpuid}${flagPart}${featNote}`,
        );
        return;
      }
      case 'flagWritten': {
        // The flag as the model holds it now: a broken model (tdx_flush_keeps_flag) skips the clear, and
        // the trace must not show a write that did not happen.
        const now = rec.snap.context.cacheStateIncoherent;
        if (now !== action.params.value) return;
        // The TDX flush clears the flag after its WBINVD whether or not that WBINVD ran: a fault that
        // skipped it leaves dirty lines behind a clear flag, and the note must not say "just flushed".
        const prev = this.trace.last();
        const flushSkipped = !action.params.value && prev?.cpu === cpu && prev.kind === 'wbinvd_skipped';
        const seq = this.step(
          cpu,
          action.params.by,
          'DIFF',
          action.params.value
            ? `cache_state_incoherent = true on CPU ${cpu}${action.params.by === '__seamcall_dirty_cache' ? ', before the SEAMCALL is issued (an NMI from a kexec-ing CPU could arrive at any time, and disabling IRQs would not stop it)' : ''}.`
            : flushSkipped
              ? `cache_state_incoherent = false on CPU ${cpu}: the code clears it after its WBINVD, but the fault skipped that WBINVD. The flag now says this CPU's cache is clean while its dirty lines are still there, so nothing later flushes it (stop_this_cpu() and machine_kexec() only read the flag).`
              : `cache_state_incoherent = false on CPU ${cpu}: its cache was just flushed.`,
          {
            kind: 'flag',
            flag: { from: this.flagBefore, to: action.params.value },
            because: flushSkipped && prev ? [...this.causes(), prev.seq] : this.causes(),
          },
        );
        this.flagBefore = action.params.value;
        if (action.params.value) rec.flagCause = seq;
        else rec.flagCause = null;
        return;
      }
      case 'seamcall': {
        const leaf = event.type === 'cpu.seamcall' ? event.leaf : 'TDH.SYS.LP.INIT';
        const effects = [];
        const keyId = 2 + ((this.s.seed + cpu) % 6);
        for (let i = 0; i < LINES_PER_SEAMCALL; i++) {
          const addr = this.nextLineAddr();
          effects.push(...this.cache.write(cpu, addr, keyid(keyId, true), `td:${hex(addr)}`));
        }
        const virtOff = !stateString(rec.snap.value).includes('virtualizationEnabled');
        if (virtOff) {
          this.caveat(
            'INF',
            'A SEAMCALL with virtualization off (e.g. TDH.PHYMEM.PAGE.RDMD from machine-check handling via paddr_is_tdx_private()) still sets the flag first: the model lets one happen after KVM stopped.',
          );
        }
        this.step(
          cpu,
          leaf === 'TDH.SYS.LP.INIT' ? 'seamcall_prerr' : '__seamcall_dirty_cache',
          'LIST',
          `SEAMCALL ${leaf}: the TDX module${leaf === 'TDH.VP.ENTER' ? ' and the TD guest' : ''} may leave dirty lines under a private KeyID in this CPU's cache (model: ${LINES_PER_SEAMCALL} lines, private KeyID ${keyId}).`,
          {
            kind: 'seamcall',
            cache: effects,
            because: this.causes(),
            cpu_state: stateString(rec.snap.value).replace(/running$/, 'seamcall'),
          },
        );
        return;
      }
      case 'kvmEnableVirtualizationCpu':
        this.step(
          cpu,
          'kvm_enable_virtualization_cpu',
          'INF',
          action.params.lpInit
            ? 'KVM enables virtualization on this CPU; with TDX, tdx_cpu_enable() runs TDH.SYS.LP.INIT through seamcall_prerr().'
            : 'KVM enables virtualization on this CPU again. The model assumes TDH.SYS.LP.INIT runs once per CPU, so tdx_cpu_enable() makes no SEAMCALL this time and the flag stays as it was (the reference does not cover a CPU coming back online).',
          {
            because: this.causes(),
          },
        );
        return;
      case 'kvmDisableVirtualizationCpu': {
        // From the event, not the context: the machine has already settled past the flush, where it
        // forgets the reason, by the time its actions run here.
        const reason: DisableReason | null =
          event.type === 'kvm.disable_virtualization'
            ? event.reason
            : event.type === 'cpu.offline'
              ? 'cpu_offline'
              : null;
        const why =
          reason === 'syscore_shutdown'
            ? 'kvm_shutdown() runs this on each online CPU (on_each_cpu)'
            : reason === 'cpu_offline'
              ? 'the KVM CPU-hotplug teardown (kvm_offline_cpu) runs as the CPU goes offline'
              : reason === 'kvm_unload'
                ? 'KVM stops using virtualization: its hotplug state is removed, which runs the offline callback on every CPU'
                : "the scenario's event: the model's stand-in for a KVM path that disables virtualization on one CPU";
        this.step(
          cpu,
          'kvm_disable_virtualization_cpu',
          reason === 'kvm_unload' || reason === 'kvm_event' ? 'INF' : 'SRC',
          `${why}; via vt_disable_virtualization_cpu().`,
          {
            because: this.causes(),
          },
        );
        return;
      }
      case 'tdVpFlush': {
        // Mutant no_tdx_flush_at_shutdown: on KVM's shutdown path only, the TDX cache flush is left out.
        const noFlush =
          this.s.mutant === 'no_tdx_flush_at_shutdown' &&
          event.type === 'kvm.disable_virtualization' &&
          event.reason === 'syscore_shutdown';
        this.step(
          cpu,
          'tdx_disable_virtualization_cpu',
          noFlush ? 'INF' : 'SRC',
          noFlush
            ? `Flushes the TD vCPUs associated with this CPU (TDH.VP.FLUSH SEAMCALLs), and returns without calling tdx_cpu_flush_cache_for_kexec(): no WBINVD here, and CPU ${cpu}'s cache_state_incoherent stays ${rec.snap.context.cacheStateIncoherent ? 'set' : 'clear'}.`
            : 'Flushes the TD vCPUs associated with this CPU (TDH.VP.FLUSH SEAMCALLs), then calls tdx_cpu_flush_cache_for_kexec().',
        );
        this.caveat(
          'INF',
          'tdx_disable_virtualization_cpu() issues TDH.VP.FLUSH for each TD vCPU associated with the CPU, and that SEAMCALL goes through __seamcall_dirty_cache(), which sets the flag first. The model issues none: it associates a TD vCPU with a CPU only when a seamcall event runs one there (TDH.VP.ENTER, which sets the flag itself), until that CPU is next flushed. So a CPU whose flag is clear here has no TD vCPU in the model; were one associated, its TDH.VP.FLUSH would set the flag and the CPU would flush.',
        );
        return;
      }
      case 'tdxCpuFlushCacheForKexec':
        this.step(
          cpu,
          'tdx_cpu_flush_cache_for_kexec',
          'SRC',
          action.params.flushes
            ? this.s.mutant === 'tdx_flush_keeps_flag'
              ? 'cache_state_incoherent is set: WBINVD now.'
              : 'cache_state_incoherent is set: WBINVD now, then clear the flag, so kexec will not need to flush this CPU again.'
            : 'cache_state_incoherent is clear: nothing to flush.',
          { kind: 'decision', because: this.causes(rec) },
        );
        return;
      case 'wbinvd':
        this.doWbinvd(rec, action.params.site);
        return;
      case 'hltPlayDead':
        this.step(
          cpu,
          'hlt_play_dead',
          'SRC',
          'The CPU going offline executes WBINVD (x86 family 4 and later) and halts; it never runs stop_this_cpu().',
        );
        this.caveat(
          'UNVERIFIED',
          'Offline CPUs are modelled in hlt_play_dead(). Whether the MWAIT offline path also does WBINVD was not checked.',
        );
        return;
      case 'sysvecReboot':
        this.tookRebootVector.add(cpu);
        this.cause = this.step(
          cpu,
          'sysvec_reboot',
          'SRC',
          'The REBOOT vector arrives: EOI, then cpu_emergency_disable_virtualization(), then stop_this_cpu(NULL).',
          {
            kind: 'ipi',
            because: this.causes(),
          },
        );
        return;
      case 'smpStopNmiCallback':
        this.cause = this.step(
          cpu,
          'smp_stop_nmi_callback',
          'SRC',
          // "again" only on a CPU that already ran stop_this_cpu() from the REBOOT vector (§5, the race).
          this.tookRebootVector.has(cpu)
            ? 'The NMI wakes it from HLT: cpu_emergency_disable_virtualization(), then stop_this_cpu() again.'
            : 'The NMI arrives (IRQs off do not block it): cpu_emergency_disable_virtualization(), then stop_this_cpu().',
          {
            kind: 'nmi',
            because: this.causes(),
          },
        );
        return;
      case 'cpuEmergencyDisableVirtualization':
        this.step(
          cpu,
          'cpu_emergency_disable_virtualization',
          // §3 reads v6.18's VMX callback on a TDX host only; what SVM, or an older kernel, does here the
          // reference does not say.
          this.vmxReadInSource() ? 'SRC' : 'INF',
          this.vmxReadInSource()
            ? 'VMX emergency disable: VMCLEAR and VMXOFF only. No TDX cache flush happens on this path.'
            : `Virtualization is switched off in an emergency, if it was on. The reference reads only ${this.s.platform.vendor === 'intel' ? "v6.18's VMX callback on a TDX host" : "the VMX side (Intel's) of this path, not SVM's"}; the model does no cache flush here [INF].`,
        );
        return;
      case 'stopThisCpuPrologue':
        this.step(
          cpu,
          'stop_this_cpu',
          'SRC',
          'Local IRQs off, mark the CPU offline, disable the local APIC, mcheck_cpu_clear().',
        );
        return;
      case 'stopThisCpuDecision': {
        const flushes = action.params.flushes;
        // §8, Hygon: read from the code only, so the step says so ([INF]).
        const hygonSkips =
          this.kernel === 'after' &&
          !flushes &&
          this.s.platform.vendor === 'hygon' &&
          this.s.platform.sme !== 'none' &&
          this.s.mutant === null;
        const note = hygonSkips
          ? 'this_cpu_read(cache_state_incoherent) is false: CPUID reports SME, but after the series only amd.c sets the flag and hygon.c does not (read from the code: [INF]), so no WBINVD.'
          : this.kernel === 'before'
            ? flushes
              ? 'Before the series: raw CPUID says SME is supported, so WBINVD (whatever the vendor, whether SME is active or not).'
              : 'Before the series: raw CPUID does not report SME, so no WBINVD.'
            : this.s.mutant === 'stop_this_cpu_ignores_flag'
              ? `this_cpu_read(cache_state_incoherent) is ${rec.snap.context.cacheStateIncoherent}: no WBINVD.`
              : flushes
                ? 'this_cpu_read(cache_state_incoherent) is true: WBINVD before reporting stopped.'
                : 'this_cpu_read(cache_state_incoherent) is false: no WBINVD. The kernel trusts the flag: clear means the cache was flushed since it could last have been made incoherent (or never was), and a needless WBINVD is expensive and widens the stop race (from the list discussion, not the diff).';
        this.step(cpu, 'stop_this_cpu', hygonSkips ? 'INF' : 'DIFF', note, {
          kind: 'decision',
          because: this.causes(rec),
        });
        return;
      }
      case 'reportStopped': {
        const was = this.cpusStopMask.delete(cpu);
        rec.reported = true;
        this.step(
          cpu,
          'stop_this_cpu',
          'SRC',
          was
            ? 'cpumask_clear_cpu(cpu, &cpus_stop_mask): this CPU reports "stopped", only after the WBINVD decision.'
            : 'cpumask_clear_cpu() again: this CPU had already reported, its bit was clear.',
          { kind: 'report' },
        );
        return;
      }
      case 'nativeHalt':
        this.step(cpu, 'native_halt', 'SRC', 'Loops forever in HLT. An NMI can still wake it.', {
          kind: 'halt',
        });
        return;
      case 'crashNmiCallback':
        this.cause = this.step(
          cpu,
          'crash_nmi_callback',
          'SRC',
          // Before the series there is no flag to look at (§2a B1): only stop_this_cpu()'s CPUID test. After
          // it, that nothing reads the flag here matters only on a CPU whose flag is set (§9b rows 9-12).
          !after
            ? 'The shootdown NMI arrives: run the kdump callback. No stop_this_cpu(), so no CPUID test and no WBINVD of its own.'
            : rec.snap.context.cacheStateIncoherent
              ? `The shootdown NMI arrives: run the kdump callback. No stop_this_cpu(), no look at cache_state_incoherent: CPU ${cpu}'s flag is set, but nothing on this path reads it.`
              : 'The shootdown NMI arrives: run the kdump callback. No stop_this_cpu(), so no WBINVD of its own.',
          {
            kind: 'nmi',
            because: this.causes(),
          },
        );
        return;
      case 'kdumpNmiCallback':
        this.step(
          cpu,
          'kdump_nmi_callback',
          'SRC',
          action.params.sevSnp
            ? 'crash_save_cpu(), stop Intel PT, then kdump_sev_callback(): on a SEV-SNP host it executes WBINVD (as quoted on the list; only its stub was read in source: [LIST]).'
            : 'crash_save_cpu(), stop Intel PT, kdump_sev_callback() (not a SEV-SNP host: nothing), disable the local APIC.',
        );
        return;
      case 'kdumpNmiCallbackDone':
        this.step(
          cpu,
          'kdump_nmi_callback',
          'SRC',
          'Back from kdump_sev_callback(), after its WBINVD: disable the local APIC.',
        );
        return;
      case 'crashHalt':
        this.step(cpu, 'crash_nmi_callback', 'SRC', 'Checks in (decrements the counter) and halts.', {
          kind: 'halt',
        });
        return;
    }
  }

  /** §3 read vmx_emergency_disable_virtualization_cpu() of v6.18, on a TDX host. */
  private vmxReadInSource(): boolean {
    return this.s.platform.vendor === 'intel' && this.s.platform.tdx && this.kernel === 'after';
  }

  /** The steps that explain a CPU's current activity: what set its flag, and what woke it. */
  causes(rec?: CpuRecord): number[] {
    const out: number[] = [];
    if (rec?.flagCause) out.push(rec.flagCause);
    if (this.cause) out.push(this.cause);
    return out;
  }

  doWbinvd(rec: CpuRecord, site: WbinvdSite): void {
    const fault = faultIndexFor(this.s.faults, site, rec.id);
    const because = this.causes(rec);
    const prev = this.trace.last();
    if (prev && prev.cpu === rec.id && prev.kind === 'decision') because.push(prev.seq);
    if (fault >= 0) {
      this.step(
        rec.id,
        'wbinvd',
        // No evidence tag means "the scenario did this" (a new one would break scripts that know the
        // reference's five): the note says so first, and INF keeps it in the warning colour.
        'INF',
        `Fault injected (the scenario's faults[${fault}]; the kernel does not skip it): this WBINVD at ${site} is skipped. The dirty lines stay in CPU ${rec.id}'s cache.${this.flagAfterSkip(rec, site)}`,
        {
          kind: 'wbinvd_skipped',
          site,
          file: siteFile(site),
          because,
        },
      );
      return;
    }
    const { effects, written } = this.cache.wbinvd(rec.id);
    const seq = this.step(
      rec.id,
      'wbinvd',
      // §6: the SEV-SNP kdump WBINVD is quoted on the list; only the callback's stub was seen in source.
      site === 'kdump_sev_callback' ? 'LIST' : 'SRC',
      `WBINVD in ${site}: writes back ${count(written, 'dirty line')} and invalidates this CPU's caches.`,
      {
        kind: 'wbinvd',
        site,
        file: siteFile(site),
        cache: effects,
        because,
      },
    );
    const phase = WBINVD_PHASES.includes(this.phase as Phase) ? (this.phase as Phase) : 'events';
    this.wbinvd.push({ cpu: rec.id, site, phase, via: this.via, seq, lines_written_back: written });
  }

  /**
   * What a skipped WBINVD leaves the CPU's flag as, in the model's own terms: only the TDX flush writes
   * the flag after its WBINVD, and it still does; every other site reads it or never looks at it.
   * Before the series there is no flag to speak of.
   */
  private flagAfterSkip(rec: CpuRecord, site: WbinvdSite): string {
    if (this.kernel === 'before') return '';
    const flag = rec.snap.context.cacheStateIncoherent ? 'set' : 'clear';
    switch (site) {
      case 'tdx_cpu_flush_cache_for_kexec':
        return this.s.mutant === 'tdx_flush_keeps_flag'
          ? ` CPU ${rec.id}'s cache_state_incoherent is still ${flag}.`
          : ` tdx_cpu_flush_cache_for_kexec() still clears cache_state_incoherent next, as its code does after the WBINVD: the flag will say this CPU was flushed although it was not.`;
      case 'stop_this_cpu':
        return ` stop_this_cpu() only reads cache_state_incoherent: it stays ${flag}, and the CPU halts.`;
      case 'relocate_kernel':
        return ' machine_kexec() read cache_state_incoherent earlier, and nothing here writes it.';
      case 'play_dead':
        return ` hlt_play_dead() does not touch cache_state_incoherent: it stays ${flag}.`;
      case 'kdump_sev_callback':
        return ` Nothing on the crash path reads or writes cache_state_incoherent: it stays ${flag}.`;
    }
  }

  nextLineAddr(): number {
    const addr = lineAddr(this.linesBase, this.lineCursor % IMAGE_LINES);
    this.lineCursor++;
    return addr;
  }

  /**
   * The old kernel's working set on a CPU just brought up, recorded with the CPU's bring-up: its cache
   * effects join the CPU's last step (AMD's early_detect_mem_encrypt, or the event that brought it back)
   * so a replay of the trace has the lines from the step the model has them. False when the CPU has no
   * step yet (other vendors' bring-up at boot has none): its lines are then in caches_at_boot.
   */
  fillWorkingSetAtBringUp(cpu: number): boolean {
    const effects = this.fillWorkingSet(cpu);
    const last = this.trace.last();
    if (!last || last.cpu !== cpu) return false;
    (last.cache ??= []).push(...effects);
    return true;
  }

  /** The old kernel's own working set on a CPU: dirty lines with its usual attribute. */
  private fillWorkingSet(cpu: number) {
    const effects = [];
    for (let i = 0; i < LINES_PER_CPU; i++) {
      const addr = this.nextLineAddr();
      effects.push(...this.cache.write(cpu, addr, this.oldAttr, `old:${hex(addr)}`));
    }
    return effects;
  }

  onlineCpus(): number[] {
    return this.cpus.filter((c) => c.online).map((c) => c.id);
  }
}

type StepExtra = NonNullable<StepInput['extra']> & { kind?: StepInput['kind']; file?: string };

/** The state of the CPU machine in which an action runs, given the state the transition ended in. */
function stateDuring(action: CpuAction, after: string): string {
  const crash = after === 'crashHalted';
  switch (action.type) {
    case 'earlyDetectMemEncrypt':
      return 'bringUp';
    case 'flagWritten':
      if (action.params.by === 'early_detect_mem_encrypt') return 'bringUp';
      if (action.params.by === 'tdx_cpu_flush_cache_for_kexec') return 'online.tdxFlushDecision';
      return after.replace(/running$/, 'seamcall');
    case 'seamcall':
      return after.replace(/running$/, 'seamcall');
    case 'kvmDisableVirtualizationCpu':
    case 'tdVpFlush':
      return 'online.disablingVirtualization';
    case 'tdxCpuFlushCacheForKexec':
      return 'online.tdxFlushDecision';
    case 'wbinvd':
      return {
        tdx_cpu_flush_cache_for_kexec: 'online.tdxFlushDecision',
        play_dead: 'playDead',
        stop_this_cpu: 'stopping',
        kdump_sev_callback: 'crashStopping',
        relocate_kernel: 'machineKexec',
      }[action.params.site];
    case 'hltPlayDead':
      return 'playDead';
    case 'sysvecReboot':
    case 'smpStopNmiCallback':
    case 'stopThisCpuPrologue':
    case 'stopThisCpuDecision':
    case 'reportStopped':
      return 'stopping';
    case 'cpuEmergencyDisableVirtualization':
      return crash ? 'crashStopping' : 'stopping';
    case 'nativeHalt':
      return 'halted';
    case 'crashNmiCallback':
    case 'kdumpNmiCallback':
    case 'kdumpNmiCallbackDone':
      return 'crashStopping';
    case 'crashHalt':
      return 'crashHalted';
    default:
      return after;
  }
}

/** The file of the function a WBINVD site is in: a WBINVD step's fn is the instruction, not a function. */
const siteFile = (site: WbinvdSite): string => KERNEL_FILES[WBINVD_SITE_FNS[site]];

function keyid(n: number, isPrivate = false): EncAttr {
  return { kind: 'keyid', keyid: n, private: isPrivate };
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

// ---- phases ---------------------------------------------------------------------------------------

function boot(run: Run): void {
  const { s } = run;
  run.phase = 'boot';
  const input: CpuInput = {
    kernel: s.kernel,
    vendor: s.platform.vendor,
    smeSupported: s.platform.vendor !== 'intel' && s.platform.sme !== 'none',
    smeActive: s.platform.sme === 'active',
    tdx: s.platform.vendor === 'intel' && s.platform.tdx,
    snpHost: s.platform.snp_host,
    mutant: s.mutant,
  };
  for (let id = 0; id < s.platform.cpus; id++) {
    run.cpus.push({
      id,
      snap: cpuStepper.start(input),
      online: false,
      flagCause: null,
      stopped: null,
      reported: false,
    });
  }
  if (s.platform.vendor === 'hygon') {
    run.caveat(
      'INF',
      "Hygon is modelled from the code as read: before the series stop_this_cpu() tested the CPUID bit whatever the vendor; after it only amd.c sets cache_state_incoherent and hygon.c's init functions do not, so a Hygon CPU that reports SME keeps the flag clear and skips the stop_this_cpu() WBINVD (and relocate_kernel's, when SME is active). No list discussion of this was found.",
    );
    run.caveat(
      'UNVERIFIED',
      'Whether real Hygon parts report the SME bit, or run SME with Linux, was not checked: this run shows what the code implies, not what Hygon machines are known to do. Labs never grade on it.',
    );
  }
  for (const rec of run.cpus) {
    run.sendCpu(rec.id, { type: 'cpu.bring_up' });
    rec.online = true;
    if (!run.fillWorkingSetAtBringUp(rec.id)) run.linesAtBoot.add(rec.id);
  }
}

function tdxInit(run: Run): void {
  const { platform } = run.s;
  if (platform.vendor === 'intel' && platform.tdx_host_kernel && !platform.tdx) {
    // §9a row 4: possible only after the series (patch 5 removed INTEL_TDX_HOST's !KEXEC_CORE dependency).
    run.step(
      null,
      'Kconfig',
      'DIFF',
      'The kernel has TDX host support (INTEL_TDX_HOST) and kexec: since v6.18 they may be built together. TDX was never initialised: no SEAMCALL runs, so no CPU sets its flag.',
    );
    return;
  }
  if (!run.kvmLoaded) return;
  run.step(
    null,
    'tdx_cpu_enable',
    'INF',
    "KVM loads with TDX, and the model initialises the TDX module here: TDH.SYS.INIT once, then TDH.SYS.LP.INIT on each online CPU (when and where is the model's reading of the code). Module-init SEAMCALLs set the flag like any other, through seamcall_prerr() and sc_retry() [DIFF]: every online CPU's flag is set, as the reference's table has it for a host with KVM and TDX loaded.",
  );
  for (const cpu of run.onlineCpus()) {
    run.sendCpu(cpu, { type: 'kvm.enable_virtualization' });
  }
}

function events(run: Run): void {
  const { s } = run;
  run.phase = 'events';
  const tdxHost = s.platform.vendor === 'intel' && s.platform.tdx;
  s.events.forEach((event, index) => {
    const { kind, cpu } = eventKind(event);
    run.via = null;
    switch (kind) {
      case 'seamcall': {
        const c = cpu as number;
        // A TD vCPU runs only while KVM uses VMX on the CPU; once it stopped (kvm_disable, kvm_unload), the
        // SEAMCALL the reference names is the machine-check path's (an inference there, so here too).
        const vmxOn = stateString((run.cpus[c] as CpuRecord).snap.value).includes('virtualizationEnabled');
        run.cause = run.step(
          c,
          'event',
          vmxOn ? 'LIST' : 'INF',
          vmxOn
            ? `Event ${index + 1}: CPU ${c} makes a SEAMCALL: TDH.VP.ENTER, to run a TD vCPU.`
            : `Event ${index + 1}: CPU ${c} makes a SEAMCALL with KVM no longer using VMX on it: e.g. TDH.PHYMEM.PAGE.RDMD from machine-check handling, through paddr_is_tdx_private().`,
          {
            kind: 'note',
            file: '(scenario)',
          },
        );
        run.sendCpu(c, { type: 'cpu.seamcall', leaf: vmxOn ? 'TDH.VP.ENTER' : 'TDH.PHYMEM.PAGE.RDMD' });
        return;
      }
      case 'kvm_disable': {
        const c = cpu as number;
        run.cause = run.step(
          c,
          'event',
          // The reference names no path that disables virtualization on one CPU that stays online (§3).
          'INF',
          `Event ${index + 1}: KVM disables virtualization on CPU ${c}.`,
          { kind: 'note', file: '(scenario)' },
        );
        if (!tdxHost) {
          // Only the TDX flush clears the flag ([DIFF]); what KVM's other backends (SVM on AMD) do to the
          // caches when they disable virtualization the reference does not cover: the model's choice, [INF].
          const other =
            "the reference covers only TDX's part of KVM, so the model does no cache flush when KVM disables virtualization here [INF]";
          run.step(
            c,
            'kvm_disable_virtualization_cpu',
            s.kernel === 'after' ? 'DIFF' : 'INF',
            s.kernel === 'after'
              ? `No TDX here: disabling virtualization leaves cache_state_incoherent alone (only the TDX flush clears it; an SME flag is never cleared). Otherwise ${other}.`
              : `No TDX here: ${other}.`,
          );
          return;
        }
        if (!run.sendCpu(c, { type: 'kvm.disable_virtualization', reason: 'kvm_event' }, false)) {
          run.step(
            c,
            'kvm_disable_virtualization_cpu',
            'INF',
            'Virtualization is already off on this CPU: KVM has nothing to do.',
          );
        }
        return;
      }
      case 'offline': {
        const c = cpu as number;
        run.cause = run.step(c, 'event', 'SRC', `Event ${index + 1}: CPU ${c} goes offline.`, {
          kind: 'note',
          file: '(scenario)',
        });
        run.sendCpu(c, { type: 'cpu.offline' });
        (run.cpus[c] as CpuRecord).online = false;
        return;
      }
      case 'online': {
        const c = cpu as number;
        run.cause = run.step(
          c,
          'event',
          'SRC',
          `Event ${index + 1}: CPU ${c} comes back online and is brought up again.`,
          { kind: 'note', file: '(scenario)' },
        );
        run.sendCpu(c, { type: 'cpu.bring_up' });
        (run.cpus[c] as CpuRecord).online = true;
        run.fillWorkingSetAtBringUp(c);
        if (run.kvmLoaded) {
          run.caveat(
            'INF',
            "A CPU coming back online on a TDX host: KVM's online callback enables virtualization again, but tdx_cpu_enable() runs TDH.SYS.LP.INIT only once per CPU, so no SEAMCALL runs and its flag stays clear until its next SEAMCALL (read from tdx_cpu_enable(); the reference does not cover a CPU coming back online).",
          );
          run.sendCpu(c, { type: 'kvm.enable_virtualization' });
        }
        return;
      }
      case 'kvm_unload': {
        run.cause = run.step(
          null,
          'event',
          'SRC',
          `Event ${index + 1}: KVM's virtualization enablement is torn down (for example, KVM is unloaded).`,
          {
            kind: 'note',
            file: '(scenario)',
          },
        );
        if (!run.kvmLoaded) {
          run.step(
            null,
            'kvm_disable_virtualization',
            'DIFF',
            tdxHost ? 'KVM is already unloaded.' : 'No TDX here: nothing flag-related happens.',
          );
          return;
        }
        run.step(
          null,
          'kvm_disable_virtualization',
          'INF',
          "Removes KVM's CPU-hotplug state, which runs the offline callback (and so the TDX flush) on every online CPU; KVM's syscore shutdown callback is unregistered with it (it is registered only while KVM has virtualization enabled).",
        );
        for (const c of run.onlineCpus())
          run.sendCpu(c, { type: 'kvm.disable_virtualization', reason: 'kvm_unload' }, false);
        run.kvmLoaded = false;
        return;
      }
    }
  });
}

function machineKexec(run: Run, k: number): void {
  const { s } = run;
  run.phase = 'machine_kexec';
  run.via = null;
  run.cause = null;
  run.sendCpu(k, { type: 'kexec.machine_kexec' });
  const kRec = run.cpus[k] as CpuRecord;
  run.step(
    k,
    'machine_kexec',
    'SRC',
    'IRQs off, hw_breakpoint_disable(), cet_disable(). Now build the arguments of relocate_kernel.',
  );
  const lateRead = s.mutant === 'flag_read_after_load_segments';
  if (lateRead)
    run.step(k, 'load_segments', 'SRC', 'load_segments(): resets the segment registers, GS included.');
  const flag = lateRead ? false : kRec.snap.context.cacheStateIncoherent;
  const smeActive = s.platform.sme === 'active';
  // §8, Hygon: what the flag (or cc_platform_has) says there is read from the code only.
  const hygon = s.platform.vendor === 'hygon' && s.platform.sme !== 'none';
  const hygonWhy = hygon
    ? s.kernel === 'after'
      ? flag
        ? ''
        : ' On Hygon nothing set the flag (only amd.c does after the series; read from the code: [INF]).'
      : smeActive
        ? ' On Hygon with SME active this is inferred from the code ([INF]).'
        : ''
    : '';
  let readSeq: number;
  if (s.kernel === 'after') {
    readSeq = run.step(
      k,
      'machine_kexec',
      lateRead || hygonWhy ? 'INF' : 'DIFF',
      lateRead
        ? "this_cpu_read(cache_state_incoherent), after load_segments() reset GS: the per-CPU read does not see this CPU's flag (the model reads false), so bit 1 stays clear in relocate_kernel_flags."
        : `this_cpu_read(cache_state_incoherent) = ${flag}, read before load_segments() because per-CPU data needs GS: ${flag ? 'RELOC_KERNEL_CACHE_INCOHERENT (bit 1) is set' : 'bit 1 stays clear'} in relocate_kernel_flags.${hygonWhy}`,
      { kind: 'decision', because: kRec.flagCause ? [kRec.flagCause] : [] },
    );
  } else {
    readSeq = run.step(
      k,
      'machine_kexec',
      hygonWhy ? 'INF' : 'DIFF',
      `cc_platform_has(CC_ATTR_HOST_MEM_ENCRYPT) = ${smeActive}: passed to relocate_kernel as the separate host_mem_enc_active argument (v6.17 has no flags word yet).${hygonWhy}`,
      { kind: 'decision' },
    );
  }
  run.sendKexec({ type: 'kexec.flags_read', cacheStateIncoherent: flag, hostMemEncrypt: smeActive });
  if (!lateRead)
    run.step(k, 'load_segments', 'SRC', 'load_segments(): resets the segment registers, GS included.');
  run.sendKexec({ type: 'kexec.next' });
  run.step(
    k,
    'relocate_kernel',
    'SRC',
    s.kernel === 'after'
      ? 'Called through the control-page copy. Saves registers, zaps IDT/GDT, switches to the identity-mapped page table, copies the flags from %rcx to %r11 (swap_pages clobbers %rcx).'
      : 'Called through the control-page copy. Saves registers, zaps IDT/GDT, switches to the identity-mapped page table; host_mem_enc_active arrives in %r8.',
  );
  run.sendKexec({ type: 'kexec.next' });
  // The reference read this preamble in the merged (v6.18) source only: the v6.17 run shows it alike, and
  // says it was not checked there.
  const preamble =
    'Pushes the start address, loads the debug GDT/IDT, clears CR4.CET, sets CR0/CR4, reloads CR3';
  run.step(
    k,
    'identity_mapped',
    s.kernel === 'after' ? 'SRC' : 'INF',
    s.kernel === 'after'
      ? `${preamble}.`
      : `${preamble} (as the reference read it in v6.18's source; v6.17's was not checked).`,
  );
  const identityActions = run.sendKexec({ type: 'kexec.next' });
  const wbinvdNow = identityActions.some((a) => a.type === 'relocateWbinvd');
  const lateFlush = s.mutant === 'wbinvd_after_swap_pages';
  const tested = relocateTestedBit(s.mutant);
  const testNote =
    s.kernel === 'after'
      ? wbinvdNow || (lateFlush && flag)
        ? `testb ${tested} in %r11b: set, so wbinvd${lateFlush ? ', once swap_pages has copied the new kernel' : ', before swap_pages copies anything'}.`
        : tested === RELOC_KERNEL_CACHE_INCOHERENT
          ? `testb ${tested} in %r11b: clear, so jump to .Lnowbinvd.`
          : `testb ${tested} (bit 0) in %r11b: clear (this is not a preserve-context kexec), so jump to .Lnowbinvd.`
      : wbinvdNow
        ? '%r8 (host_mem_enc_active) is set, so wbinvd before swap_pages.'
        : '%r8 (host_mem_enc_active) is zero, so jump to .Lsme_off: no WBINVD.';
  run.step(k, 'identity_mapped', 'SRC', testNote, { kind: 'decision', because: [readSeq] });
  if (wbinvdNow) run.doWbinvd(kRec, 'relocate_kernel');
  const copyEffects = [];
  for (let i = 0; i < IMAGE_LINES; i++) {
    const addr = lineAddr(IMAGE_BASE, i);
    copyEffects.push(...run.cache.copyLine(k, addr, run.imageAttr, `new:${hex(addr)}`));
  }
  const swapActions = run.sendKexec({ type: 'kexec.next' });
  run.step(
    k,
    'swap_pages',
    'SRC',
    `Copies the new kernel's pages to their destination (model: ${IMAGE_LINES} lines, written ${attrLabel(run.imageAttr)}).`,
    {
      kind: 'copy',
      cache: copyEffects,
    },
  );
  run.caveat(
    'INF',
    `The model writes the image ${attrLabel(run.imageAttr)} and the new kernel reads it the same way; it does not model the new kernel turning ${run.s.platform.vendor === 'intel' ? 'on memory encryption of its own' : 'SME on'}.`,
  );
  run.caveat(
    'INF',
    "A real image is far larger than a cache, so most copied lines reach memory during swap_pages; the model evicts 3 in 4 (seeded) and leaves the rest dirty in the kexec CPU's cache.",
  );
  if (swapActions.some((a) => a.type === 'relocateWbinvd')) run.doWbinvd(kRec, 'relocate_kernel');
  run.step(
    k,
    'relocate_kernel',
    'SRC',
    'Reloads CR3 (serializing), zeroes the general-purpose registers and returns to image->start.',
  );
  run.caveat(
    'UNVERIFIED',
    'What runs at image->start (normally purgatory, which then enters the new kernel) is not modelled.',
  );
  run.sendKexec({ type: 'kexec.next' });
  run.sendCpu(k, { type: 'kexec.jump' });
  run.step(k, 'new_kernel', 'SRC', 'Execution continues at image->start: the old kernel is gone.', {
    kind: 'jump',
    file: '(new kernel)',
  });
}

/**
 * The cache model's write-back after the jump, in words: how many lines leave, how many of them are stale
 * aliases of the new kernel's pages, and that the order is the model's (seeded) choice.
 */
export function writebackNote(lines: number, stale: number): string {
  const one = 'a line at a new-kernel address under another encryption attribute';
  const aliases =
    stale === 0
      ? `${lines === 1 ? 'it is not' : 'none of them is'} a stale alias (${one})`
      : lines === 1
        ? `it is a stale alias: ${one}`
        : stale === 1
          ? `1 of them is a stale alias: ${one}`
          : `${stale} of them are stale aliases: lines at new-kernel addresses under another encryption attribute`;
  const what =
    lines === 0
      ? 'No dirty line is left in the caches: nothing is written back.'
      : `${lines === 1 ? 'The one dirty line still in the caches is' : `The ${lines} dirty lines still in the caches are`} written back to memory; ${aliases}.`;
  return `${what} Dirty lines leave in no fixed order [LIST]; when they leave, and in which order, is the model's choice (this run's seed).`;
}

function newKernel(run: Run): SimResult['memory'] {
  run.phase = 'new_kernel';
  const stale = run.cache
    .dirtyLines()
    .filter(
      ({ line }) =>
        line.addr >= IMAGE_BASE && line.addr < OLD_KERNEL_BASE && !sameAttr(line.attr, run.imageAttr),
    );
  const { effects, order } = run.cache.drainAll();
  run.step(
    null,
    'cache_model',
    // Any order is the reference's [LIST]; that they leave here, after the jump, is the model's choice.
    'INF',
    writebackNote(order.length, stale.length),
    { kind: 'writeback', cache: effects, file: '(cache model)' },
  );
  const addrs = Array.from({ length: IMAGE_LINES }, (_, i) => lineAddr(IMAGE_BASE, i));
  const report = run.cache.report(addrs, run.imageAttr, (a) => `new:${hex(a)}`, stale.length);
  const tdxInferred = run.imageAttr.kind === 'keyid' && stale.length > 0;
  if (tdxInferred) run.caveat('INF', TDX_CORRUPTION_INF);
  if (stale.length > 0)
    run.caveat(
      'INF',
      "The model gives each CPU one private cache and nothing shared: a CPU's WBINVD writes back its own lines only. Real WBINVD also signals external caches, and CPUID leaf 4 says whether it reaches caches shared with other threads (SDM); the kernel relies on neither, so every CPU that may hold dirty lines flushes its own.",
    );
  run.step(
    null,
    'new_kernel',
    // Stale aliases left: which lines were cached, and when they leave, is the model's seeded choice.
    stale.length > 0 ? 'INF' : 'LIST',
    report.corrupted === 0
      ? stale.length === 0
        ? 'The new kernel reads all its pages intact: no stale alias was left in any cache.'
        : `The new kernel reads its pages intact this time, but ${stale.length} stale alias line${stale.length === 1 ? ' was' : 's were'} left: another order could corrupt them.`
      : `Silent corruption: ${report.corrupted} of ${IMAGE_LINES} lines of the new kernel were overwritten by stale lines written back after the copy.${tdxInferred ? " On TDX this effect is the model's inference [INF]: the reference gives only the rule to flush first." : ''}`,
    { kind: 'note', file: '(new kernel)' },
  );
  return {
    image_attr: run.imageAttr,
    lines: report.lines,
    corrupted: report.corrupted,
    at_risk: report.atRisk,
    writeback_order: order,
  };
}

function kexecPath(run: Run): number {
  const { s } = run;
  run.phase = 'kernel_kexec';
  run.via = null;
  run.cause = null;
  const start = s.start_cpu;
  run.sendKexec({ type: 'kexec.execute' });
  run.step(start, 'kernel_kexec', 'SRC', `kexec -e on CPU ${start}: kexec_in_progress is set.`);
  snapshotFlags(run);
  run.step(
    start,
    'kernel_restart_prepare',
    'SRC',
    'Runs the reboot notifiers, sets system_state, shuts devices down.',
  );
  run.sendKexec({ type: 'kexec.next' });
  const online = run.onlineCpus();
  const k = online.includes(s.reboot_cpu) ? s.reboot_cpu : (online[0] as number);
  run.kexecCpu = k;
  run.step(
    start,
    'migrate_to_reboot_cpu',
    'SRC',
    k === start
      ? k === s.reboot_cpu
        ? `The task already runs on the reboot CPU (CPU ${k}).`
        : `The reboot CPU ${s.reboot_cpu} is offline, so the first online CPU, CPU ${k}, takes its place, and the task already runs there.`
      : `Pins the kexec task to the reboot CPU ${k}${k !== s.reboot_cpu ? ` (reboot CPU ${s.reboot_cpu} is offline: first online CPU)` : ''}; CPU ${start} will be stopped like the others.`,
  );
  if (k !== s.reboot_cpu && s.reboot_cpu === 0) {
    // §2b gives the fallback ([SRC]); whether the boot CPU can be offline at all on these kernels the
    // reference does not say (its offline CPUs, §2, are any CPU's).
    run.caveat(
      'UNVERIFIED',
      'CPU 0, the reboot CPU, is offline in this scenario. migrate_to_reboot_cpu() then falls back to the first online CPU (kernel/reboot.c, read in source); whether CPU 0, the boot CPU, can be taken offline at all on these kernels the reference does not say, and it was not checked.',
    );
  }
  run.sendKexec({ type: 'kexec.next' });
  // syscore_shutdown
  run.phase = 'syscore_shutdown';
  run.step(k, 'syscore_shutdown', 'SRC', 'Runs every syscore .shutdown callback.');
  const tdxHost = s.platform.vendor === 'intel' && s.platform.tdx;
  if (run.kvmLoaded) {
    run.cause = run.step(
      k,
      'kvm_shutdown',
      'SRC',
      '"kvm: exiting hardware virtualization": on_each_cpu(kvm_disable_virtualization_cpu), this CPU included.',
      {
        kind: 'ipi',
        to: run.onlineCpus(),
      },
    );
    if (s.mutant === 'no_tdx_flush_at_shutdown') {
      run.step(
        k,
        'kvm_shutdown',
        'INF',
        "On this path KVM's shutdown leaves out the TDX cache flush: tdx_disable_virtualization_cpu() will not call tdx_cpu_flush_cache_for_kexec() on any CPU, so no WBINVD runs here and every CPU's cache_state_incoherent stays as it is.",
      );
    }
    // on_each_cpu() is an ordinary IPI and waits for every CPU: one with interrupts off all along would
    // hold kvm_shutdown() up. The reference's case (§9a row 7) is a CPU reached only by NMI later.
    const irqsOff = run.onlineCpus().filter((c) => c !== k && s.stop[String(c)] === 'irqs_off');
    if (irqsOff.length) {
      run.caveat(
        'INF',
        `${irqsOff.length === 1 ? `CPU ${irqsOff[0]} has` : `CPUs ${irqsOff.join(', ')} have`} interrupts off when the REBOOT IPI comes, yet took KVM's shutdown IPI (on_each_cpu(), which waits for every CPU) just before: the model takes the interrupts as disabled after syscore_shutdown. A CPU with interrupts off all along would hold kvm_shutdown() up, which the model does not show.`,
      );
    }
    for (const c of run.onlineCpus()) {
      if (!run.sendCpu(c, { type: 'kvm.disable_virtualization', reason: 'syscore_shutdown' }, false)) {
        run.step(
          c,
          'kvm_disable_virtualization_cpu',
          'INF',
          'Virtualization was already off on this CPU: nothing to do.',
        );
      }
    }
  } else {
    run.step(
      k,
      'syscore_shutdown',
      // The reference reads only TDX's KVM callback; SVM's shutdown is outside it.
      tdxHost ? 'SRC' : 'INF',
      tdxHost
        ? 'KVM was unloaded: its syscore shutdown callback is gone, nothing flushes here.'
        : "No TDX-enabled KVM: the model flushes nothing here. The reference covers only TDX's KVM flush; what KVM's shutdown does on other hosts (SVM on AMD) is left out [INF].",
    );
  }
  run.sendKexec({ type: 'kexec.next' });
  // machine_shutdown
  run.phase = 'kernel_kexec';
  run.cause = null;
  run.step(k, 'cpu_hotplug_enable', 'SRC', 'Then "Starting new kernel" is printed.');
  run.phase = 'stop_other_cpus';
  run.step(
    k,
    'native_machine_shutdown',
    'SRC',
    'machine_shutdown(): clear_IO_APIC(), local IRQs off, then stop_other_cpus() = native_stop_other_cpus(wait=1).',
  );
  stopOtherCpus(run, k);
  run.sendKexec({ type: 'kexec.next' });
  run.phase = 'kernel_kexec';
  run.step(k, 'kmsg_dump', 'SRC', 'Dumps the kernel log to registered dumpers.');
  run.sendKexec({ type: 'kexec.next' });
  return k;
}

function stopOtherCpus(run: Run, k: number): void {
  const { s } = run;
  run.sendStop({ type: 'stop.begin' });
  run.step(
    k,
    'native_stop_other_cpus',
    'SRC',
    'The first CPU here wins the cmpxchg on stopping_cpu and goes on.',
  );
  const offline = run.cpus.filter((c) => !c.online).map((c) => c.id);
  if (offline.length > 0) {
    run.step(
      k,
      'smp_kick_mwait_play_dead',
      'SRC',
      `kexec_in_progress: smp_kick_mwait_play_dead() moves offline CPUs parked in MWAIT to HLT (this model parks ${offline.length === 1 ? 'CPU' : 'CPUs'} ${list(offline)} in hlt_play_dead(), already in HLT). They do not run stop_this_cpu().`,
      { to: offline },
    );
  }
  const remote = run.onlineCpus().filter((c) => c !== k);
  run.cpusStopMask = new Set(remote);
  run.step(
    k,
    'native_stop_other_cpus',
    'SRC',
    `cpus_stop_mask = online CPUs except this one: {${list(remote)}}.`,
  );
  if (remote.length === 0) {
    run.sendStop({ type: 'stop.reboot_ipi_sent' });
    run.sendStop({ type: 'stop.mask_empty' });
    run.step(k, 'native_stop_other_cpus', 'SRC', 'The mask is empty: no IPI to send.');
  } else {
    run.sendStop({ type: 'stop.reboot_ipi_sent' });
    const ipi = run.step(
      k,
      'apic_send_IPI_allbutself',
      'SRC',
      'REBOOT_VECTOR to all other CPUs, then wait up to USEC_PER_SEC x udelay(1), about 1 s, for the mask to empty.',
      {
        kind: 'ipi',
        to: remote,
      },
    );
    for (const c of remote) {
      if ((s.stop[String(c)] ?? 'in_time') !== 'in_time') continue;
      run.via = 'reboot_ipi';
      run.cause = ipi;
      run.sendCpu(c, { type: 'stop.reboot_ipi' });
      (run.cpus[c] as CpuRecord).stopped = 'reboot_ipi';
    }
    run.via = null;
    run.cause = null;
    if (run.cpusStopMask.size === 0) {
      run.sendStop({ type: 'stop.mask_empty' });
      run.step(k, 'native_stop_other_cpus', 'SRC', 'Every CPU reported within the wait: no NMI needed.');
    } else {
      const left = [...run.cpusStopMask];
      run.sendStop({ type: 'stop.wait_expired' });
      run.step(
        k,
        'native_stop_other_cpus',
        'SRC',
        `About 1 s passed and ${left.length === 1 ? `CPU ${list(left)} is` : `CPUs ${list(left)} are`} still in cpus_stop_mask: fall back to NMI.`,
        { kind: 'decision' },
      );
      run.step(
        k,
        'register_stop_handler',
        'SRC',
        'Registers smp_stop_nmi_callback as an NMI_LOCAL handler (NMI_FLAG_FIRST, "smp_stop"), then prints "Shutting down cpus with NMI".',
      );
      const pendingNmi: number[] = [];
      for (const c of left) {
        const behaviour = s.stop[String(c)] ?? 'in_time';
        if (behaviour === 'late') {
          // The race of §5: the CPU takes the REBOOT IPI between K's mask check and the NMI.
          run.via = 'reboot_ipi';
          run.cause = ipi;
          run.sendCpu(c, { type: 'stop.reboot_ipi' });
          (run.cpus[c] as CpuRecord).stopped = 'reboot_ipi';
          run.via = null;
          run.step(
            k,
            '__apic_send_IPI',
            'SRC',
            `NMI_VECTOR to CPU ${c}: it was in the mask when looked at, but has reported since. The NMI will wake it from HLT.`,
            {
              kind: 'nmi',
              to: [c],
            },
          );
          run.race.push(c);
        } else {
          const nmi = run.step(
            k,
            '__apic_send_IPI',
            'SRC',
            `NMI_VECTOR to CPU ${c}, still in cpus_stop_mask.`,
            { kind: 'nmi', to: [c] },
          );
          pendingNmi.push(c);
          run.via = 'nmi';
          run.cause = nmi;
          run.sendCpu(c, { type: 'stop.nmi' });
          (run.cpus[c] as CpuRecord).stopped = 'nmi';
          run.via = null;
        }
      }
      run.sendStop({ type: 'stop.nmi_sent' });
      run.sendStop({ type: 'stop.mask_empty' });
      run.step(
        k,
        'native_stop_other_cpus',
        'SRC',
        run.race.length
          ? `cpus_stop_mask is empty, so the wait (no timeout with wait=1) ends at once, although CPU${run.race.length > 1 ? 's' : ''} ${list(run.race)} ${run.race.length > 1 ? 'are' : 'is'} only now taking the NMI.`
          : 'cpus_stop_mask is empty: every CPU reported (with wait=1 this wait has no timeout).',
        { kind: 'decision' },
      );
    }
  }
  run.sendStop({ type: 'stop.finish' });
  run.step(
    k,
    'native_stop_other_cpus',
    'SRC',
    'Disables its own local APIC, mcheck_cpu_clear(), cpumask_clear(&cpus_stop_mask), and returns. Back in native_machine_shutdown(): lapic_shutdown(), restore_boot_irq_mode(), hpet_disable(), IOMMU shutdown.',
  );
  for (const c of run.race) {
    run.via = 'nmi';
    run.cause = run.step(
      k,
      'native_stop_other_cpus',
      'SRC',
      `The kexec CPU goes on while CPU ${c} still runs old-kernel code: the race of native_stop_other_cpus() step 3. CPU ${c}'s NMI handling, listed next to keep it in one piece, runs at the same time as the kexec CPU's kmsg_dump(), machine_kexec() and relocate_kernel: nothing orders it before them.`,
      {
        kind: 'note',
        to: [c],
      },
    );
    run.sendCpu(c, { type: 'stop.nmi' });
    run.via = null;
  }
  if (run.race.length) {
    run.caveat(
      'UNVERIFIED',
      'How exactly a CPU still running old-kernel code hangs the machine (the new kernel overwriting its code or stack, or AP bring-up) is not spelled out in any source read.',
    );
  }
  for (const c of run.cpus) if (!c.online) c.stopped = 'offline';
  run.cause = null;
}

function kdumpPath(run: Run): number {
  const { s } = run;
  const k = s.start_cpu;
  run.kexecCpu = k;
  run.phase = 'panic';
  run.sendKexec({ type: 'kdump.panic' });
  run.sendCpu(k, { type: 'cpu.panic' });
  run.step(
    k,
    'panic',
    'SRC',
    `CPU ${k} panics and calls __crash_kexec(): no migration, this CPU runs the crash kernel.`,
  );
  // reboot_cpu's default (0) is every scenario's; one set to another CPU was meant to matter, and in kdump
  // it does not.
  if (s.reboot_cpu !== 0) {
    run.step(
      k,
      'panic',
      'SRC',
      `The scenario's reboot_cpu (CPU ${s.reboot_cpu}) does not apply in kdump: no migrate_to_reboot_cpu() runs, and CPU ${k}, which panicked, runs the crash kernel.`,
      { kind: 'note' },
    );
  }
  snapshotFlags(run);
  run.step(k, 'crash_setup_regs', 'SRC', 'Saves the registers at the panic.');
  run.sendKexec({ type: 'kexec.next' });
  run.step(k, 'crash_save_vmcoreinfo', 'SRC', 'Fills in vmcoreinfo for the dump.');
  run.sendKexec({ type: 'kexec.next' });
  run.phase = 'crash_shutdown';
  run.step(
    k,
    'native_machine_crash_shutdown',
    'SRC',
    'IRQs off, then crash_smp_send_stop() -> kdump_nmi_shootdown_cpus() -> nmi_shootdown_cpus(kdump_nmi_callback).',
  );
  if (Object.keys(s.stop).length > 0) {
    run.step(
      k,
      'nmi_shootdown_cpus',
      'SRC',
      "The scenario's stop: settings do not apply in kdump: there is no REBOOT IPI, and an NMI gets through with IRQs off.",
      { kind: 'note' },
    );
  }
  run.sendStop({ type: 'crash.shootdown_begin' });
  const remote = run.onlineCpus().filter((c) => c !== k);
  const nmi = run.step(
    k,
    'nmi_shootdown_cpus',
    'SRC',
    'One NMI to all other CPUs, then wait at most 1000 x 1 ms for them to check in.',
    { kind: 'nmi', to: remote },
  );
  for (const c of remote) {
    run.via = 'nmi';
    run.cause = nmi;
    run.sendCpu(c, { type: 'crash.nmi' });
    (run.cpus[c] as CpuRecord).stopped = 'nmi_shootdown';
  }
  run.via = null;
  run.cause = null;
  run.sendStop({ type: 'crash.all_checked_in' });
  for (const c of run.cpus) if (!c.online) c.stopped = 'offline';
  run.step(
    k,
    'cpu_emergency_disable_virtualization',
    'SRC',
    run.s.platform.vendor === 'intel' && run.s.platform.tdx
      ? `On the crashing CPU too. No kvm_shutdown() ran on this path, so no TDX flush cleared a flag here: CPU ${k}'s cache_state_incoherent is ${(run.cpus[k] as CpuRecord).snap.context.cacheStateIncoherent ? 'set' : 'clear'}.`
      : 'On the crashing CPU too.',
  );
  run.step(
    k,
    'native_machine_crash_shutdown',
    'SRC',
    'Stops Intel PT, clears the IO-APIC, lapic_shutdown(), restores the boot IRQ mode, hpet_disable(), crash_save_cpu().',
  );
  // §8 and §9b: the crashing CPU's new relocate_kernel WBINVD is read from the code ([INF]); it means
  // something only where a flag can be set (SME supported, or a TDX host), not on a host with neither.
  const kFlag = (run.cpus[k] as CpuRecord).snap.context.cacheStateIncoherent;
  if (run.kernel === 'after' && (kFlag || Object.values(run.flagsAtStart).some(Boolean))) {
    run.caveat(
      'INF',
      `kdump: CPU ${k} goes through the same machine_kexec() and relocate_kernel as a kexec, so it flushes there when its own flag is set (here it is ${kFlag ? 'set' : 'clear'}), while the other CPUs never read theirs. That the crash path gains this WBINVD with the series (on an SME-supported host, say) is read from that code, not stated by the series.`,
    );
  }
  run.caveat(
    'INF',
    run.s.platform.vendor === 'intel'
      ? 'kdump: the crash kernel runs in memory reserved by the old kernel, which the old kernel never uses as TDX memory (the v6 cover letter [LIST]); the model puts no old-kernel lines there at all (assumed).'
      : 'kdump: the model puts no old-kernel lines in the memory the crash kernel runs in, which the old kernel reserved for it (assumed).',
  );
  run.sendKexec({ type: 'kexec.next' });
  return k;
}

function snapshotFlags(run: Run): void {
  if (run.kernel !== 'after') return;
  for (const c of run.cpus)
    if (c.online) run.flagsAtStart[String(c.id)] = c.snap.context.cacheStateIncoherent;
}

function list(cpus: number[]): string {
  return cpus.length > 12 ? `${cpus.slice(0, 12).join(', ')} and ${cpus.length - 12} more` : cpus.join(', ');
}

/** Runs a validated scenario (see validateScenario) and returns the full result. */
export function simulate(s: Scenario): SimResult {
  const run = new Run(s);
  const tdxHostKernel = s.platform.vendor === 'intel' && s.platform.tdx_host_kernel;
  run.sendKexec({ type: 'kexec.build', tdxHost: tdxHostKernel });
  if (run.kexec.value === 'notBuildable') {
    const reason =
      'Before v6.18, INTEL_TDX_HOST depends on !KEXEC_CORE: a kernel with TDX host support cannot have kexec at all.';
    run.step(null, 'Kconfig', 'DIFF', reason, { kind: 'refused' });
    return finish(run, 'not_buildable', reason, null, null);
  }
  boot(run);
  // Only the lines that no step records: those of CPUs brought up without a step of their own.
  const cachesAtBoot = Object.fromEntries(
    Object.entries(run.cache.snapshot()).filter(([cpu]) => run.linesAtBoot.has(Number(cpu))),
  );
  tdxInit(run);
  events(run);
  run.phase = 'load';
  run.via = null;
  run.cause = null;
  // §6 names the load by its system calls, for a normal or a crash image; kexec-tools' options are not in it.
  const image = s.path === 'kdump' ? 'crash image, for kdump,' : 'kernel image, for kexec -e,';
  run.sendKexec({ type: 'kexec.load', tdxPwMce: s.platform.tdx_pw_mce });
  if (run.kexec.value === 'loadRefused') {
    const reason =
      'machine_kexec_prepare() returns -EOPNOTSUPP ("Not allowed on platform with tdx_pw_mce bug"): kexec and kdump are refused when the image is loaded, on platforms with the TDX partial-write erratum.';
    run.step(s.start_cpu, 'machine_kexec_prepare', 'DIFF', reason, { kind: 'refused' });
    return finish(run, 'load_refused', reason, null, cachesAtBoot);
  }
  run.step(
    s.start_cpu,
    'machine_kexec_prepare',
    'SRC',
    `The ${image} is loaded (kexec_load or kexec_file_load); machine_kexec_prepare() accepts it.`,
  );
  const k = s.path === 'kdump' ? kdumpPath(run) : kexecPath(run);
  machineKexec(run, k);
  const memory = newKernel(run);
  return finish(run, 'jumped', null, memory, cachesAtBoot);
}

function finish(
  run: Run,
  outcome: SimResult['outcome'],
  reason: string | null,
  memory: SimResult['memory'],
  cachesAtBoot: Record<string, CacheLine[]> | null,
): SimResult {
  const jumped = outcome === 'jumped';
  const stopped: Record<string, StopMethod> = {};
  if (jumped)
    for (const c of run.cpus) if (c.id !== run.kexecCpu && c.stopped) stopped[String(c.id)] = c.stopped;
  const ctx = run.kexec.context;
  return {
    outcome,
    reason,
    kexec_cpu: jumped ? run.kexecCpu : null,
    wbinvd: run.wbinvd,
    stopped,
    race: jumped ? run.race : [],
    flags_at_start: run.flagsAtStart,
    relocate_kernel: !jumped
      ? null
      : run.kernel === 'after'
        ? { flags: ctx.relocateKernelFlags ?? [] }
        : { host_mem_enc_active: ctx.hostMemEncActive === true },
    trace: run.trace.steps,
    kernel: run.s.kernel,
    path: run.s.path,
    seed: run.s.seed,
    cpus: run.s.platform.cpus,
    caches_at_boot: cachesAtBoot ?? {},
    memory,
    caveats: run.caveats,
    platform: run.s.platform,
  };
}

export { RELOC_KERNEL_CACHE_INCOHERENT };
