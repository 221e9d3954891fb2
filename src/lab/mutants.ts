/** What each seeded mutant of the model breaks, in words a student can match against a run. */
import type { MutantId } from '../sim/index.ts';

export const MUTANT_RULES: Record<MutantId, { broken: string; symptom: string; option: string }> = {
  stop_this_cpu_ignores_flag: {
    option: 'stop_this_cpu() never flushes, whatever the flag says',
    broken:
      "stop_this_cpu() must WBINVD when this CPU's cache_state_incoherent is set; the broken model never does.",
    symptom: 'that bug would remove every stop_this_cpu WBINVD',
  },
  wbinvd_after_swap_pages: {
    option: 'relocate_kernel flushes after swap_pages instead of before',
    broken:
      'relocate_kernel must WBINVD before swap_pages copies the new kernel; the broken model flushes after the copy, so stale lines land on the new kernel.',
    symptom: 'that bug would move the relocate_kernel WBINVD after swap_pages',
  },
  flag_read_after_load_segments: {
    option: 'machine_kexec() reads the flag after load_segments()',
    broken:
      'machine_kexec() must read the per-CPU flag before load_segments(), which resets GS, and per-CPU data needs GS. Read after it, the read no longer works; this model takes it as false (its own choice, [INF]), so relocate_kernel skips its WBINVD.',
    symptom:
      "that bug would, in this model, drop RELOC_KERNEL_CACHE_INCOHERENT although the kexec CPU's flag is set",
  },
  global_flag: {
    option: 'the flag is one global boolean instead of per CPU',
    broken:
      "cache_state_incoherent must be per CPU; with one global boolean, the first CPU's TDX flush clears it for everyone (the trace shows each CPU's flag change) and the other CPUs skip theirs.",
    symptom: 'that bug would make only the first CPU flush in kvm_shutdown',
  },
  tdx_flush_keeps_flag: {
    option: 'tdx_cpu_flush_cache_for_kexec() flushes but does not clear the flag',
    broken:
      'tdx_cpu_flush_cache_for_kexec() must clear the flag after its WBINVD; the broken model flushes and leaves the flag set (its trace shows no clear), so each remote CPU flushes again in stop_this_cpu() and the kexec CPU again in relocate_kernel.',
    symptom: 'that bug would add stop_this_cpu and relocate_kernel WBINVDs after the early TDX flush',
  },
  flag_set_only_when_sme_active: {
    option: 'bring-up sets the flag only when SME is active',
    broken:
      'early_detect_mem_encrypt() must set the flag when SME is supported (raw CPUID), not only when it is active.',
    symptom: 'that bug would remove the WBINVDs on an SME-supported but inactive host',
  },
  no_tdx_flush_at_shutdown: {
    option: 'kvm_shutdown() forgets the TDX cache flush',
    broken:
      "On KVM's shutdown path (kvm_shutdown() on every online CPU, then tdx_disable_virtualization_cpu()), tdx_cpu_flush_cache_for_kexec() must follow the TD vCPU flush: WBINVD and clear the flag. The broken model leaves that call out on this path only (a CPU going offline still flushes), so the flags stay set and the flushes move to stop_this_cpu() on the remote CPUs and relocate_kernel on the kexec CPU, where a long WBINVD makes the stop race likelier.",
    symptom: 'that bug would remove the syscore_shutdown WBINVDs',
  },
  relocate_kernel_tests_bit0: {
    option: 'relocate_kernel tests bit 0 of its flags instead of RELOC_KERNEL_CACHE_INCOHERENT',
    broken:
      'relocate_kernel must test RELOC_KERNEL_CACHE_INCOHERENT, BIT(1) of the flags machine_kexec() passes; the broken model tests bit 0, RELOC_KERNEL_PRESERVE_CONTEXT, which machine_kexec() sets only when the image has preserve_context (this model never loads such an image), so it skips its WBINVD although the flag is set.',
    symptom: 'that bug would drop the relocate_kernel WBINVD while RELOC_KERNEL_CACHE_INCOHERENT is set',
  },
};
