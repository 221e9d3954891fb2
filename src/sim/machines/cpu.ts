/**
 * The CPU machine: one per CPU. It decides (with guards) whether a CPU flushes its caches at each point
 * of its life, and returns named actions that the simulator executes and records in the trace.
 * Rules come from shared/domain/kexec-wbinvd.md sections 2, 3 and 6; the section is named at each guard.
 */
import { and, assign, not, setup } from 'xstate';
import type { Kernel, MutantId, Vendor, WbinvdSite } from '../scenario.ts';

export interface CpuContext {
  kernel: Kernel;
  vendor: Vendor;
  /** Raw CPUID Fn8000_001F EAX[0] (AMD): the hardware can do SME. */
  smeSupported: boolean;
  /** The kernel turned SME on (sme_me_mask != 0). */
  smeActive: boolean;
  /** Intel host with the TDX module initialised and KVM using TDX. */
  tdx: boolean;
  snpHost: boolean;
  mutant: MutantId | null;
  /** The per-CPU `cache_state_incoherent` (after the series; always false before). */
  cacheStateIncoherent: boolean;
  /** Why KVM is disabling virtualization on this CPU right now. */
  disableReason: DisableReason | null;
  /**
   * tdx_cpu_enable() has run TDH.SYS.LP.INIT on this CPU. The model assumes it does so once per CPU, so
   * a CPU coming back online makes no SEAMCALL for it ([INF]: the reference does not cover that case).
   */
  lpInitialized: boolean;
}

export type DisableReason = 'syscore_shutdown' | 'cpu_offline' | 'kvm_event' | 'kvm_unload';

export type CpuEvent =
  | { type: 'cpu.bring_up' }
  | { type: 'cpu.seamcall'; leaf: string }
  | { type: 'kvm.enable_virtualization' }
  | { type: 'kvm.disable_virtualization'; reason: DisableReason }
  | { type: 'cpu.offline' }
  | { type: 'stop.reboot_ipi' }
  | { type: 'stop.nmi' }
  | { type: 'crash.nmi' }
  | { type: 'cpu.panic' }
  | { type: 'kexec.machine_kexec' }
  | { type: 'kexec.jump' }
  | { type: 'mutant.global_flag_sync'; value: boolean };

/** What the simulator executes and records; the order of the list is the order in the kernel. */
export type CpuAction =
  | { type: 'earlyDetectMemEncrypt'; params: { setsFlag: boolean } }
  | { type: 'flagWritten'; params: { value: boolean; by: string } }
  | { type: 'seamcall'; params: Record<string, never> }
  | { type: 'kvmEnableVirtualizationCpu'; params: { lpInit: boolean } }
  | { type: 'kvmDisableVirtualizationCpu'; params: Record<string, never> }
  | { type: 'tdVpFlush'; params: Record<string, never> }
  | { type: 'tdxCpuFlushCacheForKexec'; params: { flushes: boolean } }
  | { type: 'wbinvd'; params: { site: WbinvdSite } }
  | { type: 'hltPlayDead'; params: Record<string, never> }
  | { type: 'sysvecReboot'; params: Record<string, never> }
  | { type: 'smpStopNmiCallback'; params: Record<string, never> }
  | { type: 'cpuEmergencyDisableVirtualization'; params: Record<string, never> }
  | { type: 'stopThisCpuPrologue'; params: Record<string, never> }
  | { type: 'stopThisCpuDecision'; params: { flushes: boolean } }
  | { type: 'reportStopped'; params: Record<string, never> }
  | { type: 'nativeHalt'; params: Record<string, never> }
  | { type: 'crashNmiCallback'; params: Record<string, never> }
  | { type: 'kdumpNmiCallback'; params: { sevSnp: boolean } }
  | { type: 'kdumpNmiCallbackDone'; params: Record<string, never> }
  | { type: 'crashHalt'; params: Record<string, never> };

export type CpuActionType = CpuAction['type'];

const none = {} as Record<string, never>;
const act = <T extends CpuActionType>(type: T, params: Extract<CpuAction, { type: T }>['params']) => ({
  type,
  params,
});

/** The machine's input: the platform facts a CPU is born with. */
export type CpuInput = Omit<CpuContext, 'cacheStateIncoherent' | 'disableReason' | 'lpInitialized'>;

export const cpuMachine = setup({
  types: {
    context: {} as CpuContext,
    events: {} as CpuEvent,
    input: {} as CpuInput,
  },
  guards: {
    /** §2a B1 / §3: after the series, early_detect_mem_encrypt() sets the flag when raw CPUID says SME is supported. */
    bringUpSetsFlag: ({ context }) =>
      context.kernel === 'after' &&
      (context.mutant === 'flag_set_only_when_sme_active' ? context.smeActive : context.smeSupported),
    /** early_init_amd() runs only on AMD CPUs (the AMD cpu_dev's .c_early_init). */
    isAmd: ({ context }) => context.vendor === 'amd',
    /** §2a B2: __seamcall_dirty_cache() sets the flag before every SEAMCALL (after the series). */
    seamcallSetsFlag: ({ context }) => context.kernel === 'after' && context.tdx,
    tdxHost: ({ context }) => context.tdx,
    lpInitialized: ({ context }) => context.lpInitialized,
    cacheStateIncoherent: ({ context }) => context.cacheStateIncoherent,
    /** Mutant no_tdx_flush_at_shutdown: KVM's shutdown path forgets the TDX flush. */
    tdxFlushRuns: ({ context }) =>
      !(context.mutant === 'no_tdx_flush_at_shutdown' && context.disableReason === 'syscore_shutdown'),
    goingOffline: ({ context }) => context.disableReason === 'cpu_offline',
    /**
     * §2b R1: before the series, stop_this_cpu() flushes iff raw CPUID says SME is supported;
     * after it, iff this CPU's cache_state_incoherent is set.
     */
    flushAtStop: ({ context }) =>
      context.kernel === 'before'
        ? context.smeSupported
        : context.mutant !== 'stop_this_cpu_ignores_flag' && context.cacheStateIncoherent,
    /** §6: only kdump_sev_callback() flushes a remote CPU in kdump, and only on a SEV-SNP host. */
    snpHost: ({ context }) => context.snpHost,
  },
  actions: {
    setFlag: assign({ cacheStateIncoherent: true }),
    clearFlag: assign({ cacheStateIncoherent: ({ context }) => context.mutant === 'tdx_flush_keeps_flag' }),
    syncFlag: assign({
      cacheStateIncoherent: ({ event }) => (event.type === 'mutant.global_flag_sync' ? event.value : false),
    }),
    rememberDisableReason: assign({
      disableReason: ({ event }) => (event.type === 'kvm.disable_virtualization' ? event.reason : null),
    }),
    rememberOffline: assign({ disableReason: 'cpu_offline' as DisableReason }),
    forgetDisableReason: assign({ disableReason: null }),
    markLpInitialized: assign({ lpInitialized: true }),
    earlyDetectMemEncrypt: (_, _p: { setsFlag: boolean }) => {},
    flagWritten: (_, _p: { value: boolean; by: string }) => {},
    seamcall: () => {},
    kvmEnableVirtualizationCpu: (_, _p: { lpInit: boolean }) => {},
    kvmDisableVirtualizationCpu: () => {},
    tdVpFlush: () => {},
    tdxCpuFlushCacheForKexec: (_, _p: { flushes: boolean }) => {},
    wbinvd: (_, _p: { site: WbinvdSite }) => {},
    hltPlayDead: () => {},
    sysvecReboot: () => {},
    smpStopNmiCallback: () => {},
    cpuEmergencyDisableVirtualization: () => {},
    stopThisCpuPrologue: () => {},
    stopThisCpuDecision: (_, _p: { flushes: boolean }) => {},
    reportStopped: () => {},
    nativeHalt: () => {},
    crashNmiCallback: () => {},
    kdumpNmiCallback: (_, _p: { sevSnp: boolean }) => {},
    kdumpNmiCallbackDone: () => {},
    crashHalt: () => {},
  },
}).createMachine({
  id: 'cpu',
  context: ({ input }) => ({
    ...input,
    cacheStateIncoherent: false,
    disableReason: null,
    lpInitialized: false,
  }),
  initial: 'offline',
  on: {
    'mutant.global_flag_sync': { actions: 'syncFlag' },
  },
  states: {
    offline: {
      on: { 'cpu.bring_up': 'bringUp' },
    },
    /** early_init_amd() -> early_detect_mem_encrypt(): the raw CPUID test of §2a B1. */
    bringUp: {
      always: [
        {
          guard: and(['isAmd', 'bringUpSetsFlag']),
          target: 'online',
          actions: [
            act('earlyDetectMemEncrypt', { setsFlag: true }),
            'setFlag',
            act('flagWritten', { value: true, by: 'early_detect_mem_encrypt' }),
          ],
        },
        { guard: 'isAmd', target: 'online', actions: [act('earlyDetectMemEncrypt', { setsFlag: false })] },
        { target: 'online' },
      ],
    },
    online: {
      initial: 'virtualizationDisabled',
      on: {
        'stop.reboot_ipi': {
          target: 'stopping',
          actions: [act('sysvecReboot', none), act('cpuEmergencyDisableVirtualization', none)],
        },
        'stop.nmi': {
          target: 'stopping',
          actions: [act('smpStopNmiCallback', none), act('cpuEmergencyDisableVirtualization', none)],
        },
        'crash.nmi': { target: 'crashStopping', actions: [act('crashNmiCallback', none)] },
        'cpu.panic': 'panicked',
        'kexec.machine_kexec': 'machineKexec',
      },
      states: {
        virtualizationDisabled: {
          ...seamcallStates(),
          on: {
            'cpu.offline': { target: '#cpu.playDead' },
            /**
             * KVM's online callback; with TDX, tdx_cpu_enable() makes TDH.SYS.LP.INIT (a SEAMCALL), the
             * first time only on each CPU.
             */
            'kvm.enable_virtualization': [
              {
                guard: and(['seamcallSetsFlag', not('lpInitialized')]),
                target: 'virtualizationEnabled.seamcall',
                actions: [act('kvmEnableVirtualizationCpu', { lpInit: true }), 'markLpInitialized'],
              },
              {
                target: 'virtualizationEnabled',
                actions: [act('kvmEnableVirtualizationCpu', { lpInit: false })],
              },
            ],
          },
        },
        virtualizationEnabled: {
          ...seamcallStates(),
          on: {
            'kvm.disable_virtualization': {
              target: 'disablingVirtualization',
              actions: ['rememberDisableReason', act('kvmDisableVirtualizationCpu', none)],
            },
            /** §3: the KVM cpuhp teardown (kvm_offline_cpu) disables virtualization first. */
            'cpu.offline': {
              target: 'disablingVirtualization',
              actions: ['rememberOffline', act('kvmDisableVirtualizationCpu', none)],
            },
          },
        },
        /** §2a B3: tdx_disable_virtualization_cpu() flushes TD vCPUs, then tdx_cpu_flush_cache_for_kexec(). */
        disablingVirtualization: {
          always: [
            { guard: 'tdxHost', target: 'tdxCpuFlushCacheForKexec', actions: [act('tdVpFlush', none)] },
            { target: 'virtualizationDone' },
          ],
        },
        tdxCpuFlushCacheForKexec: {
          always: [{ guard: 'tdxFlushRuns', target: 'tdxFlushDecision' }, { target: 'virtualizationDone' }],
        },
        tdxFlushDecision: {
          always: [
            {
              guard: 'cacheStateIncoherent',
              target: 'virtualizationDone',
              actions: [
                act('tdxCpuFlushCacheForKexec', { flushes: true }),
                act('wbinvd', { site: 'tdx_cpu_flush_cache_for_kexec' }),
                'clearFlag',
                act('flagWritten', { value: false, by: 'tdx_cpu_flush_cache_for_kexec' }),
              ],
            },
            { target: 'virtualizationDone', actions: [act('tdxCpuFlushCacheForKexec', { flushes: false })] },
          ],
        },
        virtualizationDone: {
          always: [
            { guard: 'goingOffline', target: '#cpu.playDead', actions: 'forgetDisableReason' },
            { target: 'virtualizationDisabled', actions: 'forgetDisableReason' },
          ],
        },
      },
    },
    /** §2 "Offline CPUs": hlt_play_dead() executes WBINVD before halting (not a flag reader). */
    playDead: {
      always: {
        target: 'offline',
        actions: [act('hltPlayDead', none), act('wbinvd', { site: 'play_dead' })],
      },
    },
    /** stop_this_cpu(): IRQs off, offline, APIC off, mcheck_cpu_clear, WBINVD if needed, report, halt. */
    stopping: {
      always: [
        {
          guard: 'flushAtStop',
          target: 'halted',
          actions: [
            act('stopThisCpuPrologue', none),
            act('stopThisCpuDecision', { flushes: true }),
            act('wbinvd', { site: 'stop_this_cpu' }),
            act('reportStopped', none),
            act('nativeHalt', none),
          ],
        },
        {
          target: 'halted',
          actions: [
            act('stopThisCpuPrologue', none),
            act('stopThisCpuDecision', { flushes: false }),
            act('reportStopped', none),
            act('nativeHalt', none),
          ],
        },
      ],
    },
    /** Halted in stop_this_cpu(); an NMI still wakes it and runs stop_this_cpu() again (§5, the race). */
    halted: {
      on: {
        'stop.nmi': {
          target: 'stopping',
          actions: [act('smpStopNmiCallback', none), act('cpuEmergencyDisableVirtualization', none)],
        },
      },
    },
    /** §6: crash_nmi_callback() -> kdump_nmi_callback(); no stop_this_cpu(), no flag read. */
    crashStopping: {
      always: [
        {
          guard: 'snpHost',
          target: 'crashHalted',
          actions: [
            // §6, kdump_nmi_callback() in order: crash_save_cpu(), Intel PT, kdump_sev_callback() (its
            // WBINVD), and only then the local APIC is disabled.
            act('kdumpNmiCallback', { sevSnp: true }),
            act('wbinvd', { site: 'kdump_sev_callback' }),
            act('kdumpNmiCallbackDone', none),
            act('cpuEmergencyDisableVirtualization', none),
            act('crashHalt', none),
          ],
        },
        {
          target: 'crashHalted',
          actions: [
            act('kdumpNmiCallback', { sevSnp: false }),
            act('cpuEmergencyDisableVirtualization', none),
            act('crashHalt', none),
          ],
        },
      ],
    },
    crashHalted: {},
    /** The CPU that panicked (kdump): it runs __crash_kexec(). */
    panicked: {
      on: { 'kexec.machine_kexec': 'machineKexec' },
    },
    /** The kexec CPU in machine_kexec() and relocate_kernel; the relocate_kernel WBINVD is the kexec machine's. */
    machineKexec: {
      on: { 'kexec.jump': 'newKernel' },
    },
    newKernel: { type: 'final' },
  },
});

export type CpuMachine = typeof cpuMachine;

/**
 * The SEAMCALL state, inside each virtualization state (a SEAMCALL can come after KVM stopped using VMX,
 * e.g. from machine-check handling). §3: __seamcall_dirty_cache() sets the flag on entry, with preemption
 * disabled, and only then issues the SEAMCALL: an NMI from a kexec-ing CPU can arrive at any time.
 */
function seamcallStates() {
  return {
    initial: 'running' as const,
    states: {
      running: {
        on: {
          'cpu.seamcall': [
            { guard: 'seamcallSetsFlag' as const, target: 'seamcall' },
            { guard: 'tdxHost' as const, target: 'seamcallNoFlag' },
          ],
        },
      },
      seamcall: {
        entry: ['setFlag' as const, act('flagWritten', { value: true, by: '__seamcall_dirty_cache' })],
        always: { target: 'running', actions: [act('seamcall', none)] },
      },
      /** Only reachable in a model without the flag (kept for completeness: TDX before v6.18 cannot kexec). */
      seamcallNoFlag: { always: { target: 'running', actions: [act('seamcall', none)] } },
    },
  };
}
