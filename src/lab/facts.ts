/**
 * Facts that conceptual questions rest on, each with its evidence tag from shared/domain/kexec-wbinvd.md.
 * A choose option may cite a fact instead of a claim checked on a run; `labs check` refuses a graded
 * option resting on an [INF] or [UNVERIFIED] fact.
 */
export type Evidence = 'SRC' | 'DIFF' | 'LIST' | 'INF' | 'UNVERIFIED';

export interface Fact {
  statement: string;
  /** Whether the statement is true. */
  truth: boolean;
  evidence: Evidence;
  /** Where it comes from: the domain file's section, a function, a commit or a message id. */
  source: string;
}

export const FACTS: Record<string, Fact> = {
  'flag-is-per-cpu': {
    statement: 'cache_state_incoherent is a per-CPU boolean',
    truth: true,
    evidence: 'DIFF',
    source: '§1, §10.1: DEFINE_PER_CPU(bool, cache_state_incoherent)',
  },
  'flag-is-global': {
    statement: 'cache_state_incoherent is one global boolean',
    truth: false,
    evidence: 'DIFF',
    source: '§10.1',
  },
  'flag-set-when-supported': {
    statement: 'On AMD the flag is set when raw CPUID says SME is supported',
    truth: true,
    evidence: 'DIFF',
    source: '§2a B1, early_detect_mem_encrypt()',
  },
  'flag-set-when-active': {
    statement: 'On AMD the flag is set only when SME is active',
    truth: false,
    evidence: 'DIFF',
    source: '§10.2',
  },
  'amd-tests-raw-cpuid': {
    statement: 'early_detect_mem_encrypt() reads raw CPUID Fn8000_001F EAX[0], not X86_FEATURE_SME',
    truth: true,
    evidence: 'DIFF',
    source: '§2a B1, §4',
  },
  'amd-tests-feature-bit': {
    // Scoped to the flag: the same function does handle X86_FEATURE_SME, clearing it when SME is off (§4).
    statement: 'early_detect_mem_encrypt() decides whether to set the flag by testing X86_FEATURE_SME',
    truth: false,
    evidence: 'DIFF',
    source: '§2a B1, §4, §10.3',
  },
  'feature-cleared-by-mem-encrypt-off': {
    statement: 'With mem_encrypt=off the boot CPU clears X86_FEATURE_SME, so the APs do not see it',
    truth: true,
    evidence: 'DIFF',
    source: '§4',
  },
  'patch1-made-flags': {
    statement: "Patch 1 (744b02f62634) consolidated relocate_kernel()'s parameters into a flags word",
    truth: true,
    // That patch 1 made the flags word is [DIFF] (§1); its commit id, part of the statement, is [LIST] (§0).
    evidence: 'LIST',
    source: '§0, §1 (relocate_kernel signature after patch 1; bit 1 as patch 1 created it), §10.4',
  },
  'patch2-made-flags': {
    statement: "Patch 2 consolidated relocate_kernel()'s parameters into a flags word",
    truth: false,
    evidence: 'DIFF',
    source: '§1 (the flags word came with patch 1), §10.4',
  },
  'cache-incoherent-is-bit1': {
    statement: 'RELOC_KERNEL_CACHE_INCOHERENT is BIT(1); RELOC_KERNEL_PRESERVE_CONTEXT is BIT(0)',
    truth: true,
    evidence: 'DIFF',
    source: '§1, §10.5',
  },
  'cache-incoherent-is-bit0': {
    statement: 'RELOC_KERNEL_CACHE_INCOHERENT is bit 0',
    truth: false,
    evidence: 'DIFF',
    source: '§10.5',
  },
  'bit1-renamed': {
    statement: 'Patch 2 renamed bit 1 from RELOC_KERNEL_HOST_MEM_ENC_ACTIVE to RELOC_KERNEL_CACHE_INCOHERENT',
    truth: true,
    evidence: 'DIFF',
    source: '§1',
  },
  'machine-kexec-reads-flag': {
    statement: 'machine_kexec() reads the per-CPU flag and passes it to relocate_kernel as a bit',
    truth: true,
    evidence: 'DIFF',
    source: '§2b K7, §10.6',
  },
  'relocate-reads-percpu': {
    statement: 'relocate_kernel reads the per-CPU variable itself',
    truth: false,
    evidence: 'DIFF',
    source: '§10.6',
  },
  'read-before-load-segments': {
    statement: 'The flag is read before load_segments(), because that resets GS and per-CPU accesses need GS',
    truth: true,
    evidence: 'DIFF',
    source: '§2b K7',
  },
  'flags-kept-in-r11': {
    statement: 'relocate_kernel copies the flags from %rcx to %r11 because swap_pages clobbers %rcx',
    truth: true,
    evidence: 'SRC',
    source: '§2b K8',
  },
  'wbinvd-before-swap-pages': {
    statement: 'The relocate_kernel WBINVD runs before swap_pages copies the new kernel',
    truth: true,
    evidence: 'SRC',
    source: '§2b K9, §10.7',
  },
  'wbinvd-after-swap-pages': {
    statement: 'The relocate_kernel WBINVD runs after the new kernel has been copied',
    truth: false,
    evidence: 'SRC',
    source: '§10.7',
  },
  'each-cpu-flushes-itself': {
    statement:
      'In a normal kexec, each CPU flushes its own caches: remote CPUs in stop_this_cpu() and K in relocate_kernel; on a TDX host where KVM has loaded TDX, every online CPU, K included, flushes earlier, in the TDX flush',
    truth: true,
    evidence: 'SRC',
    source: '§7 ("the kernel\'s model is per-CPU", not its [INF] bullet), §9a row 5, §10.8',
  },
  'one-wbinvd-flushes-all': {
    statement: "One WBINVD on the kexec CPU is relied on to flush every CPU's cache",
    truth: false,
    evidence: 'INF',
    source: '§7 [INF], §10.8',
  },
  'stc-never-clears': {
    statement: 'stop_this_cpu() only reads the flag and never clears it',
    truth: true,
    evidence: 'DIFF',
    source: '§3, §10.9',
  },
  'stc-clears-flag': {
    statement: 'stop_this_cpu() clears the flag after its WBINVD',
    truth: false,
    evidence: 'DIFF',
    source: '§10.9',
  },
  'sme-flag-never-cleared': {
    statement: 'An SME flag is never cleared',
    truth: true,
    evidence: 'DIFF',
    source: '§2b K1, §10.9',
  },
  'only-tdx-flush-clears': {
    statement: 'Only tdx_cpu_flush_cache_for_kexec() clears the flag',
    truth: true,
    evidence: 'SRC',
    source: '§3',
  },
  'flag-set-before-seamcall': {
    statement: 'The flag is set before the SEAMCALL is issued, because an NMI can arrive at any time',
    truth: true,
    evidence: 'DIFF',
    source: '§3, §10.11',
  },
  'flag-set-after-seamcall': {
    statement: 'TDX sets the flag after the SEAMCALL returns',
    truth: false,
    evidence: 'DIFF',
    source: '§10.11',
  },
  'tdx-flush-from-kvm': {
    statement: "tdx_cpu_flush_cache_for_kexec() is called from KVM's tdx_disable_virtualization_cpu()",
    truth: true,
    evidence: 'SRC',
    source: '§3, §10.12',
  },
  'tdx-flush-from-stc': {
    statement:
      'tdx_cpu_flush_cache_for_kexec() is called from stop_this_cpu(), a reboot notifier or the NMI handler',
    truth: false,
    evidence: 'SRC',
    source: '§10.12',
  },
  'tdx-stc-flushes-at-kexec': {
    statement: 'With KVM loaded on a TDX host, the remote CPUs flush again in stop_this_cpu() at kexec',
    truth: false,
    evidence: 'DIFF',
    source: "§2b R1, §9a rows 5 and 7, §10.10: the flag was cleared in KVM's shutdown flush",
  },
  'nmi-wait-no-timeout': {
    statement:
      'With wait=1 (kexec, reboot) the NMI-phase wait has no timeout; 10 ms applies only when wait==0',
    truth: true,
    evidence: 'SRC',
    source: '§2b K5, §10.13',
  },
  'nmi-wait-10ms': {
    statement: 'After the NMI, native_stop_other_cpus() waits 10 ms for a kexec',
    truth: false,
    evidence: 'SRC',
    source: '§10.13',
  },
  'reboot-wait-1s': {
    statement: 'The REBOOT-vector phase waits about one second (USEC_PER_SEC x udelay(1))',
    truth: true,
    evidence: 'SRC',
    source: '§2b K4',
  },
  'nmi-closes-race': {
    statement: 'The NMI fallback closes the race',
    truth: false,
    evidence: 'SRC',
    source: '§5, §10.14',
  },
  'report-after-wbinvd': {
    statement: "stop_this_cpu() clears the CPU's bit in cpus_stop_mask after the WBINVD",
    truth: true,
    evidence: 'SRC',
    source: '§2b R1, §5',
  },
  'kdump-remotes-no-stc': {
    statement: 'In kdump, remote CPUs are stopped by crash_nmi_callback() and do not run stop_this_cpu()',
    truth: true,
    evidence: 'SRC',
    source: '§6, §10.15',
  },
  'kdump-remotes-flush': {
    statement: 'In kdump, remote CPUs run stop_this_cpu() and flush',
    truth: false,
    evidence: 'SRC',
    source: '§10.15',
  },
  'erratum-at-load': {
    statement:
      'On partial-write erratum platforms, kexec fails when the image is loaded (machine_kexec_prepare(), -EOPNOTSUPP)',
    truth: true,
    evidence: 'DIFF',
    source: '§6, §10.16',
  },
  'erratum-at-exec': {
    statement: 'On erratum platforms, kexec fails at kexec -e or panic time',
    truth: false,
    evidence: 'DIFF',
    source: '§10.16',
  },
  'no-movdir64b-reset': {
    statement: 'The series leaves TDX private memory as it is; only caches are flushed',
    truth: true,
    evidence: 'LIST',
    source: '§7, §10.17',
  },
  'movdir64b-reset': {
    statement: 'The series resets TDX private memory with MOVDIR64B',
    truth: false,
    evidence: 'LIST',
    source: '§10.17',
  },
  'tdx-after-kexec-limit': {
    statement: 'After kexec from a kernel that enabled TDX, the new kernel cannot use TDX (v6.18)',
    truth: true,
    evidence: 'LIST',
    source: '§6, §10.18',
  },
  'tdx-usable-after-kexec': {
    statement: 'After kexec from a kernel that enabled TDX, the new kernel can use TDX again (v6.18)',
    truth: false,
    evidence: 'LIST',
    source: '§10.18: a known limitation in v6.18',
  },
  'merged-v8-v618': {
    statement: "The code merged is v8 (Paolo's repost), and it landed in v6.18",
    truth: true,
    evidence: 'LIST',
    source: '§0, §10.19',
  },
  'merged-v6-v617': {
    statement: 'v6 is what got merged, in v6.17',
    truth: false,
    evidence: 'LIST',
    source: '§10.19',
  },
  'wbinvd-serializing': {
    statement: 'WBINVD is a serializing instruction',
    truth: true,
    evidence: 'SRC',
    source: '§7 (SDM), §10.20',
  },
  'wbinvd-not-serializing': {
    statement: 'WBINVD is not serializing',
    truth: false,
    evidence: 'SRC',
    source: '§10.20',
  },
  'invd-discards': {
    statement: 'INVD would discard dirty data instead of writing it back',
    truth: true,
    evidence: 'SRC',
    source: "§10.21: Intel's SDM (the reference's SDM points count as source; this one is untagged there)",
  },
  'invd-faster-same': {
    statement: 'INVD would do the same job faster',
    truth: false,
    evidence: 'SRC',
    source: "§10.21: Intel's SDM (the reference's SDM points count as source; this one is untagged there)",
  },
  'tdx-kexec-not-buildable-before': {
    statement: 'Before v6.18, INTEL_TDX_HOST depended on !KEXEC_CORE',
    truth: true,
    evidence: 'DIFF',
    source: '§2a B2, §9a, §10.22',
  },
  'tdx-flushed-before-series': {
    statement: 'Before the series, TDX hosts did WBINVD during kexec',
    truth: false,
    evidence: 'DIFF',
    source: '§2a B2, §10.22',
  },
  'race-predates-series': {
    statement: 'The stop race exists in native_stop_other_cpus() regardless of the series',
    truth: true,
    evidence: 'LIST',
    source: '§5, §10.23',
  },
  'race-introduced-by-series': {
    statement: 'The race was introduced by this series',
    truth: false,
    evidence: 'LIST',
    source: '§10.23',
  },
  'wbinvd-widens-race': {
    statement:
      'A long WBINVD in stop_this_cpu() makes missing the one-second deadline, and so the NMI path, more likely',
    truth: true,
    evidence: 'LIST',
    source: '§5',
  },
  'kdump-tdx-reserved-memory': {
    statement: 'The kdump kernel runs in memory the old kernel reserved and never used as TDX memory',
    truth: true,
    evidence: 'LIST',
    source: '§6 (v6 cover letter)',
  },
  'sme-kdump-reboot-reason': {
    statement: 'The crash path skips the remote SME flush because the system is rebooted after a crash',
    truth: true,
    evidence: 'UNVERIFIED',
    source: '§6, Tom Lendacky 90ee763e-e059-12a4-d7c3-9a710a1c5db4@amd.com',
  },
  'bios-disabled-sme-gets-flag': {
    statement: 'An AMD CPU whose BIOS disabled SME still gets the flag',
    truth: true,
    evidence: 'INF',
    source: '§4 [INF]',
  },
  'hygon-no-flag': {
    statement:
      'On Hygon CPUs reporting the SME bit, the stop_this_cpu WBINVD no longer happens after the series',
    truth: true,
    // The conditional is §8's code-level observation, tagged [SRC][INF]; only whether real Hygon parts report
    // the bit is [UNVERIFIED]. Either way it is never graded.
    evidence: 'INF',
    source: '§8 (Hygon) [SRC][INF]; whether real Hygon parts report the bit is [UNVERIFIED]',
  },
  'k-is-reboot-cpu': {
    statement: 'In a normal kexec, K is the reboot CPU (CPU 0 by default), whichever CPU ran kexec -e',
    truth: true,
    evidence: 'SRC',
    source: '§2b, migrate_to_reboot_cpu()',
  },
  'skipped-flush-can-corrupt': {
    statement:
      'On an SME host, without the flush, a stale dirty line of the other encryption attribute can reach memory after the new kernel is copied there, and overwrite it',
    truth: true,
    evidence: 'LIST',
    source: '§7 (SME): both copies dirty, written back in any order; the relocate_kernel comment',
  },
  'skipped-flush-always-intact': {
    statement:
      'On an SME host, without the flush the new kernel stays intact whatever order the dirty lines leave in',
    truth: false,
    evidence: 'LIST',
    source: '§7 (SME): both copies can be dirty and are written back in any order',
  },
  'copy-replaces-stale-alias': {
    statement:
      "On an SME host, swap_pages' copy replaces every cached line of the addresses it writes, whatever the line's encryption attribute, so no stale line is left to be written back",
    truth: false,
    evidence: 'LIST',
    source:
      '§7 (SME): the same physical address can be cached twice (C-bit set and clear), both copies dirty',
  },
  'skipped-tdx-flush-leaves-lines': {
    statement:
      "Without the TDX flush, a CPU's dirty private-KeyID lines are still in its cache when the memory is reused, which the TDX spec forbids (where the module reports CLFLUSH_BEFORE_ALLOC)",
    truth: true,
    evidence: 'LIST',
    source:
      '§7 (TDX): aliases under a private KeyID and KeyID 0; the TDX spec requires a flush before reuse when the module reports TDX_FEATURES.CLFLUSH_BEFORE_ALLOC',
  },
  'private-keyid-never-dirty': {
    statement: 'Private-KeyID lines are never left dirty in a CPU cache',
    truth: false,
    evidence: 'LIST',
    source: '§7 (TDX): dirty lines of one address can exist under a private KeyID and under KeyID 0',
  },
  'kdump-no-migration': {
    statement: 'In kdump, the CPU that panicked runs the crash kexec: there is no migration',
    truth: true,
    evidence: 'SRC',
    source: '§2b, §6',
  },
  'kvm-shutdown-syscore': {
    statement: "KVM's kvm_shutdown() is a syscore .shutdown callback, not a reboot notifier",
    truth: true,
    evidence: 'SRC',
    source: '§3',
  },
  'emergency-disable-no-flush': {
    statement: 'In v6.18 the VMX emergency-disable path only does VMCLEAR and VMXOFF: no TDX flush',
    truth: true,
    evidence: 'SRC',
    source: '§3',
  },
};
