/** Named misconceptions (shared/domain/kexec-wbinvd.md §10), so feedback can name the one a wrong answer shows. */
export const MISCONCEPTIONS: Record<string, string> = {
  'global-flag': 'The flag is a single global boolean',
  'set-when-active': 'The flag is set when SME is active (rather than supported)',
  'feature-bit': 'amd.c decides whether to set the flag by testing X86_FEATURE_SME',
  'patch2-consolidated': "Patch 2 consolidated relocate_kernel's parameters",
  bit0: 'RELOC_KERNEL_CACHE_INCOHERENT is bit 0',
  'relocate-reads-percpu': 'relocate_kernel reads the per-CPU variable itself',
  'flush-after-copy': 'The relocate_kernel WBINVD runs after the new kernel is copied',
  // §10.8 names the kexec CPU's WBINVD; the belief is any CPU's flushing the others' caches.
  'one-wbinvd-for-all':
    "The kernel relies on one CPU's WBINVD for the other CPUs' caches (say, the kexec CPU's flushing every CPU's)",
  'stc-clears': 'stop_this_cpu() clears the flag after WBINVD',
  'sme-skips-stc-after': 'After the series, SME hosts no longer flush in stop_this_cpu()',
  'flag-after-seamcall': 'TDX sets the flag after the SEAMCALL returns',
  'tdx-flush-wrong-caller':
    'tdx_cpu_flush_cache_for_kexec() is called from stop_this_cpu(), a reboot notifier or the NMI handler',
  // The 10 ms limit is real when wait==0 (§2b K5): the belief is that it applies to kexec and reboot.
  'nmi-10ms': 'After the NMI, native_stop_other_cpus() waits only 10 ms at kexec or reboot (wait=1)',
  'nmi-closes-race': 'The NMI fallback closes the race',
  'kdump-remotes-stc': 'In kdump, remote CPUs run stop_this_cpu() and flush',
  'erratum-at-exec': 'On erratum platforms kexec fails at kexec -e or panic time',
  movdir64b: 'The series resets TDX private memory with MOVDIR64B',
  'tdx-after-kexec': 'After kexec from a kernel that enabled TDX, the new kernel can use TDX again (v6.18)',
  'merged-v6': 'v6 is what got merged / it is in v6.17',
  'not-serializing': 'WBINVD is not serializing',
  'invd-ok': 'INVD would do the same job faster',
  'tdx-flushed-before': 'Before the series, TDX hosts did WBINVD during kexec',
  'race-new': 'The race was introduced by this series',
  'start-cpu-is-k': 'The CPU that ran kexec -e is the one that runs relocate_kernel',
  'offline-stops': 'Offline CPUs run stop_this_cpu() at kexec',
  // The converse of §10.10: the TDX flag is taken to be still set when the CPU is stopped.
  'tdx-stc-flushes': "On a TDX host, stop_this_cpu() flushes again at kexec, after KVM's shutdown flush",
  'order-irrelevant': 'Write-back order does not matter: the newest data always wins',
  // §7 (TDX) says the opposite: private-KeyID lines can be dirty, and the spec asks for a flush before reuse.
  'tdx-nothing-to-flush':
    'A TDX host has nothing to flush at kexec: its private-KeyID lines are never left dirty',
};
