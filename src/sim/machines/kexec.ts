/**
 * The kexec orchestration: kernel_kexec() for `kexec -e` and __crash_kexec() for kdump, in the kernel's
 * order (§2b, §6), ending in relocate_kernel. It owns the relocate_kernel WBINVD decision: that WBINVD is
 * taken from the flags machine_kexec() passes, not from the per-CPU variable (§1, §10 misconception 6).
 */
import { assign, setup } from 'xstate';
import type { Kernel, MutantId } from '../scenario.ts';

export interface KexecContext {
  kernel: Kernel;
  mutant: MutantId | null;
  /** after: names of the bits set in relocate_kernel_flags; before: null. */
  relocateKernelFlags: string[] | null;
  /** before: the separate host_mem_enc_active argument; after: null. */
  hostMemEncActive: boolean | null;
}

export type KexecEvent =
  | { type: 'kexec.build'; tdxHost: boolean }
  | { type: 'kexec.load'; tdxPwMce: boolean }
  | { type: 'kexec.execute' }
  | { type: 'kdump.panic' }
  | { type: 'kexec.next' }
  | { type: 'kexec.flags_read'; cacheStateIncoherent: boolean; hostMemEncrypt: boolean };

export type KexecAction =
  | { type: 'relocateWbinvd'; params: { position: 'before_swap_pages' | 'after_swap_pages' } }
  | { type: 'relocateNoWbinvd'; params: Record<string, never> };

export const RELOC_KERNEL_PRESERVE_CONTEXT = 'RELOC_KERNEL_PRESERVE_CONTEXT';
export const RELOC_KERNEL_CACHE_INCOHERENT = 'RELOC_KERNEL_CACHE_INCOHERENT';

export const kexecMachine = setup({
  types: {
    context: {} as KexecContext,
    events: {} as KexecEvent,
    input: {} as Pick<KexecContext, 'kernel' | 'mutant'>,
  },
  guards: {
    /** §0/§9a rows 4-7: before v6.18, INTEL_TDX_HOST depended on !KEXEC_CORE. */
    tdxWithoutKexec: ({ context, event }) =>
      context.kernel === 'before' && event.type === 'kexec.build' && event.tdxHost,
    /** §6 (patch 4): machine_kexec_prepare() refuses with -EOPNOTSUPP on X86_BUG_TDX_PW_MCE. */
    partialWriteErratum: ({ event }) => event.type === 'kexec.load' && event.tdxPwMce,
    flushBeforeSwapPages: ({ context }) =>
      context.mutant !== 'wbinvd_after_swap_pages' && wantsFlush(context),
    flushAfterSwapPages: ({ context }) => context.mutant === 'wbinvd_after_swap_pages' && wantsFlush(context),
  },
  actions: {
    /** §2b K7: relocate_kernel_flags from this CPU's flag (after) or host_mem_enc_active (before). */
    buildFlags: assign(({ context, event }) => {
      if (event.type !== 'kexec.flags_read') return {};
      if (context.kernel === 'before') return { hostMemEncActive: event.hostMemEncrypt };
      return { relocateKernelFlags: event.cacheStateIncoherent ? [RELOC_KERNEL_CACHE_INCOHERENT] : [] };
    }),
    relocateWbinvd: (_, _p: { position: 'before_swap_pages' | 'after_swap_pages' }) => {},
    relocateNoWbinvd: () => {},
  },
}).createMachine({
  id: 'kexec',
  context: ({ input }) => ({ ...input, relocateKernelFlags: null, hostMemEncActive: null }),
  initial: 'idle',
  states: {
    idle: {
      on: {
        'kexec.build': [{ guard: 'tdxWithoutKexec', target: 'notBuildable' }, { target: 'built' }],
      },
    },
    built: {
      on: {
        'kexec.load': [{ guard: 'partialWriteErratum', target: 'loadRefused' }, { target: 'loaded' }],
      },
    },
    loaded: {
      on: { 'kexec.execute': 'kernelKexec', 'kdump.panic': 'crashKexec' },
    },
    /** kernel/kexec_core.c kernel_kexec(), steps 1-8 of §2b. */
    kernelKexec: {
      initial: 'kernelRestartPrepare',
      states: {
        kernelRestartPrepare: { on: { 'kexec.next': 'migrateToRebootCpu' } },
        migrateToRebootCpu: { on: { 'kexec.next': 'syscoreShutdown' } },
        syscoreShutdown: { on: { 'kexec.next': 'machineShutdown' } },
        machineShutdown: { on: { 'kexec.next': 'kmsgDump' } },
        kmsgDump: { on: { 'kexec.next': '#kexec.machineKexec' } },
      },
    },
    /** __crash_kexec() (§6). */
    crashKexec: {
      initial: 'crashSetupRegs',
      states: {
        crashSetupRegs: { on: { 'kexec.next': 'crashSaveVmcoreinfo' } },
        crashSaveVmcoreinfo: { on: { 'kexec.next': 'machineCrashShutdown' } },
        machineCrashShutdown: { on: { 'kexec.next': '#kexec.machineKexec' } },
      },
    },
    /** The flag is read before load_segments(), which resets GS (per-CPU data needs GS). */
    machineKexec: {
      on: { 'kexec.flags_read': { target: 'loadSegments', actions: 'buildFlags' } },
    },
    loadSegments: { on: { 'kexec.next': 'relocateKernel' } },
    relocateKernel: {
      initial: 'entry',
      states: {
        /** Save registers, zap IDT/GDT, identity-mapped CR3, flags %rcx -> %r11 (swap_pages clobbers %rcx). */
        entry: { on: { 'kexec.next': 'identityMapped' } },
        /** testb on %r11b (before: %r8): WBINVD, or jump to .Lnowbinvd (before: .Lsme_off). */
        identityMapped: {
          on: {
            'kexec.next': [
              {
                guard: 'flushBeforeSwapPages',
                target: 'swapPages',
                actions: { type: 'relocateWbinvd', params: { position: 'before_swap_pages' } },
              },
              { target: 'swapPages', actions: 'relocateNoWbinvd' },
            ],
          },
        },
        swapPages: {
          on: {
            'kexec.next': [
              {
                guard: 'flushAfterSwapPages',
                target: 'returnToStart',
                actions: { type: 'relocateWbinvd', params: { position: 'after_swap_pages' } },
              },
              { target: 'returnToStart' },
            ],
          },
        },
        /** Reload CR3, zero the registers, `ret` to image->start. */
        returnToStart: { on: { 'kexec.next': '#kexec.jumped' } },
      },
    },
    jumped: { type: 'final' },
    notBuildable: { type: 'final' },
    loadRefused: { type: 'final' },
  },
});

function wantsFlush(context: KexecContext): boolean {
  return context.kernel === 'before'
    ? context.hostMemEncActive === true
    : (context.relocateKernelFlags ?? []).includes(relocateTestedBit(context.mutant));
}

/**
 * The bit of relocate_kernel_flags identity_mapped tests before its WBINVD: RELOC_KERNEL_CACHE_INCOHERENT
 * (BIT(1)); a find-the-bug mutant tests bit 0, RELOC_KERNEL_PRESERVE_CONTEXT, set only for an image
 * loaded with preserve_context, which the model never runs (§2b K7).
 */
export function relocateTestedBit(mutant: MutantId | null): string {
  return mutant === 'relocate_kernel_tests_bit0'
    ? RELOC_KERNEL_PRESERVE_CONTEXT
    : RELOC_KERNEL_CACHE_INCOHERENT;
}
