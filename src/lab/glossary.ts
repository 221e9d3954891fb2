/**
 * The words of this piece of the kernel, for a student meeting them in a lab or the sandbox: each in a
 * sentence or two of our own, from shared/domain/kexec-wbinvd.md, with the functions that carry it (their
 * files from the model's own table, src/sim/kernel-files.ts) and how sure the reference is.
 */
import type { KernelFn } from '../sim/kernel-files.ts';

/** How the reference knows (its tags); a term mixing several gives the weakest that matters. */
export type Evidence = 'SRC' | 'DIFF' | 'LIST' | 'INF' | 'UNVERIFIED' | 'SDM';

export interface GlossaryEntry {
  /** The address part: `#/glossary/ID`. */
  id: string;
  term: string;
  /** Inline Markdown: `code`, *emphasis*. Our own words. */
  text: string;
  /** Functions that carry it, in the order a reader meets them. */
  fns?: KernelFn[];
  evidence: Evidence;
  /** Related entries, by id. */
  see?: string[];
}

export const GLOSSARY: GlossaryEntry[] = [
  {
    id: 'wbinvd',
    term: 'WBINVD',
    text: "Write back and invalidate: the CPU writes every modified line of its own caches to memory, empties them, and signals external caches to do the same. Privileged and serializing; how long it takes varies with the size of the cache hierarchy (the SDM), and kernel developers call it expensive ([LIST]). Each CPU flushes its own caches: one CPU's WBINVD is not relied on for another's ([INF], from the kernel's per-CPU design).",
    evidence: 'SDM',
    see: ['invd', 'cache-state-incoherent'],
  },
  {
    id: 'invd',
    term: 'INVD',
    text: 'Invalidate without writing back: dirty data is thrown away. Not a faster WBINVD: it would lose the data a flush exists to keep.',
    evidence: 'SDM',
    see: ['wbinvd'],
  },
  {
    id: 'cache-line',
    term: 'Cache line',
    text: "A small block of memory as a CPU's cache holds it, looked up by its physical address. Memory a CPU reads or writes is normally kept, line by line, in that CPU's own caches until the line is evicted or flushed. On a host with memory encryption, one physical address can be cached twice, once per encryption attribute (SME's C-bit, a TDX KeyID): see the cache alias.",
    evidence: 'SDM',
    see: ['dirty-line', 'alias', 'coherence'],
  },
  {
    id: 'dirty-line',
    term: 'Dirty line, write-back',
    text: "A cache line the CPU has written to (*modified*, in Intel's words) whose new bytes have not reached memory yet: memory still holds the older ones. *Write-back* is the line going to memory: when the hardware evicts it, at a time and in an order software does not fix, or at once when a WBINVD writes back every dirty line of the CPU. Thrown away without a write-back (what INVD does), a dirty line's data is lost.",
    evidence: 'SDM',
    see: ['cache-line', 'wbinvd', 'invd'],
  },
  {
    id: 'coherence',
    term: 'Cache coherence',
    text: "The hardware keeps the cached copies of one line in agreement across CPUs, so a read sees the latest write to that line. It does not protect the new kernel here: two lines of one physical address under different encryption attributes are two lines, not one kept up to date ([INF]: how the model reads one address being cached twice). On SME both can be dirty and are written back in any order ([LIST]), so whichever lands last is what memory holds. The kernel's flag for a CPU whose cache may hold such lines is `cache_state_incoherent`: this CPU's cache may be incoherent.",
    evidence: 'INF',
    see: ['alias', 'cache-state-incoherent', 'wbinvd'],
  },
  {
    id: 'alias',
    term: 'Cache alias (two lines, one address)',
    text: "The same physical address cached twice with different encryption attributes (SME's C-bit, TDX KeyIDs). They are two lines, not one kept up to date ([INF]: how the model reads one address being cached twice). On SME both can be dirty, and they are written back in any order: a stale one landing after the new kernel was copied corrupts it, silently. On TDX the spec requires a flush before such memory is reused (TDX 1.5 base spec §8.6.1, on platforms without an ACT, whose module reports CLFLUSH_BEFORE_ALLOC); the model treats a late write-back the same way ([INF]).",
    evidence: 'LIST',
    see: ['sme', 'keyid', 'wbinvd'],
  },
  {
    id: 'sme',
    term: 'SME, the C-bit',
    text: "AMD's Secure Memory Encryption. A page-table entry's C-bit says whether an access is encrypted. *Supported*: raw CPUID leaf `0x8000001f`, EAX bit 0. *Active*: this kernel turned it on (`sme_me_mask` non-zero), what `cc_platform_has(CC_ATTR_HOST_MEM_ENCRYPT)` answers.",
    fns: ['early_detect_mem_encrypt'],
    evidence: 'SRC',
    see: ['mem-encrypt-off', 'cache-state-incoherent'],
  },
  {
    id: 'mem-encrypt-off',
    term: 'mem_encrypt=off',
    text: 'A command-line option: SME stays off though the CPU supports it. The boot CPU then clears `X86_FEATURE_SME` for every CPU, which is why the flag is set from the raw CPUID bit instead.',
    fns: ['early_detect_mem_encrypt'],
    evidence: 'DIFF',
    see: ['sme'],
  },
  {
    id: 'tdx',
    term: 'TDX, the TDX module',
    text: 'Intel Trust Domain Extensions. The TDX module runs in SEAM mode and is reached with SEAMCALLs; KVM uses it to run TD guests. Before v6.18 a TDX host kernel could not have kexec at all (`INTEL_TDX_HOST` depended on `!KEXEC_CORE`); patch 5 (`80804847269e`) removed that dependency, so a kernel with TDX host support may now kexec, whether or not it ever initialises TDX (except on platforms with the partial-write erratum, where the image load is refused).',
    fns: ['tdx_cpu_enable', 'Kconfig'],
    evidence: 'DIFF',
    see: ['seamcall', 'keyid'],
  },
  {
    id: 'keyid',
    term: 'KeyID (HKID)',
    text: "The key a memory access is encrypted with on a TDX host. Private KeyIDs are usable only in SEAM mode; the host's own accesses use KeyID 0 (or a shared KeyID). Dirty lines of one address can exist under a private KeyID and under KeyID 0.",
    evidence: 'LIST',
    see: ['tdx', 'alias'],
  },
  {
    id: 'act',
    term: 'ACT (TDX)',
    text: 'Something a TDX platform uses or not, which decides whether the host must flush. Section 8.6.1 of the TDX 1.5 base spec, "Platforms not Using ACT", requires the host to flush the caches before TDX private memory is reused, when the TDX module reports `TDX_FEATURES.CLFLUSH_BEFORE_ALLOC`. By the spec tables the series\' cover letter cites, platforms with an ACT have no integrity check, one of the reasons given for not resetting private memory at kexec. What the letters stand for, and what an ACT does, the reference does not say, so this entry does not either.',
    evidence: 'LIST',
    see: ['tdx', 'keyid', 'alias'],
  },
  {
    id: 'seamcall',
    term: 'SEAMCALL',
    text: "The instruction that enters the TDX module. Since v6.18 every SEAMCALL goes through `__seamcall_dirty_cache()`, which sets this CPU's `cache_state_incoherent` *before* issuing it: an NMI from a kexec-ing CPU can arrive at any time, and disabling interrupts would not stop it.",
    fns: ['__seamcall_dirty_cache', 'seamcall_prerr'],
    evidence: 'DIFF',
    see: ['cache-state-incoherent', 'tdx'],
  },
  {
    id: 'cache-state-incoherent',
    term: 'cache_state_incoherent',
    text: "A per-CPU boolean since v6.18: this CPU's cache may be incoherent and must be flushed at kexec. Set at AMD bring-up when SME is supported, and before every SEAMCALL; cleared only by `tdx_cpu_flush_cache_for_kexec()`, the TDX flush, right after its WBINVD; read by `stop_this_cpu()` and `machine_kexec()`, which never clear it.",
    fns: [
      'early_detect_mem_encrypt',
      '__seamcall_dirty_cache',
      'tdx_cpu_flush_cache_for_kexec',
      'stop_this_cpu',
      'machine_kexec',
    ],
    evidence: 'DIFF',
    see: ['reloc-kernel-cache-incoherent', 'tdx-flush'],
  },
  {
    id: 'tdx-flush',
    term: 'The TDX flush (tdx_cpu_flush_cache_for_kexec)',
    text: "If this CPU's flag is set: WBINVD, then clear the flag. KVM calls it from `tdx_disable_virtualization_cpu()` whenever it disables virtualization on a CPU: at kexec or shutdown through `syscore_shutdown()` and `kvm_shutdown()` on every online CPU, when a CPU goes offline, on suspend, and (read from the code, [INF]) on every CPU when KVM tears its virtualization down. Never from a reboot notifier or the NMI path.",
    fns: [
      'syscore_shutdown',
      'kvm_shutdown',
      'tdx_disable_virtualization_cpu',
      'tdx_cpu_flush_cache_for_kexec',
    ],
    evidence: 'SRC',
    see: ['cache-state-incoherent', 'the-race'],
  },
  {
    id: 'kexec',
    term: 'kexec (kexec -e)',
    text: "Starting a new kernel straight from the running one: the new kernel's image is loaded first (`kexec_load` or `kexec_file_load`), and `kexec -e` later hands over to it. Its path, `kernel_kexec()`: reboot notifiers and devices, `migrate_to_reboot_cpu()`, `syscore_shutdown()`, `machine_shutdown()` (which stops the other CPUs), then `machine_kexec()`, whose `relocate_kernel` copies the new kernel into place and returns to `image->start`, the entry recorded in the image (normally purgatory, which then enters the new kernel: [UNVERIFIED]).",
    fns: ['kernel_kexec', 'migrate_to_reboot_cpu', 'syscore_shutdown', 'machine_shutdown', 'machine_kexec'],
    evidence: 'SRC',
    see: ['reboot-cpu', 'stop-other-cpus', 'relocate-kernel'],
  },
  {
    id: 'reboot-cpu',
    term: 'The kexec-ing CPU (the kexec CPU, K, the reboot CPU)',
    text: 'The CPU that carries a kexec through: it stops the remote CPUs, runs `machine_kexec()` and, if its flag is set, flushes in `relocate_kernel` before copying the new kernel. In a normal kexec it is the reboot CPU, no matter which CPU ran `kexec -e`: `migrate_to_reboot_cpu()` moves the kexec task to CPU 0, or to the CPU that the `reboot=` option names, falling back to the first online CPU if that one is offline. The CPU that ran `kexec -e`, if another, becomes a remote CPU. In kdump there is no migration: K is the CPU that panicked.',
    fns: ['migrate_to_reboot_cpu'],
    evidence: 'SRC',
    see: ['remote-cpu', 'kexec', 'kdump'],
  },
  {
    id: 'remote-cpu',
    term: 'Remote CPUs (R)',
    text: 'At kexec, every online CPU but the kexec-ing one. The kexec-ing CPU stops them in `native_stop_other_cpus()`: each runs `stop_this_cpu()`, which does WBINVD if its flag is set, reports itself stopped and halts for good. On a TDX host their flush normally came earlier, in `syscore_shutdown()`. An offline CPU is not one of them: it never runs `stop_this_cpu()`. In kdump they are stopped by one NMI each and do not flush, except on an SEV-SNP host.',
    evidence: 'SRC',
    see: ['reboot-cpu', 'stop-this-cpu', 'tdx-flush', 'offline-cpu'],
  },
  {
    id: 'stop-other-cpus',
    term: 'native_stop_other_cpus()',
    text: 'Stops every other online CPU: sends the REBOOT vector to all, waits about a second for `cpus_stop_mask` to empty, then, unless `nonmi_ipi` is on the kernel command line, sends an NMI to the CPUs still in it and waits again, with no timeout for kexec (`wait=1`).',
    fns: [
      'native_machine_shutdown',
      'native_stop_other_cpus',
      'apic_send_IPI_allbutself',
      'register_stop_handler',
    ],
    evidence: 'SRC',
    see: ['reboot-ipi', 'nmi-fallback', 'stop-this-cpu', 'the-race'],
  },
  {
    id: 'ipi',
    term: 'IPI (inter-processor interrupt)',
    text: "An interrupt one CPU sends to another, or to all the others, through its local APIC. An IPI with an ordinary vector, such as `REBOOT_VECTOR`, is not taken while the receiving CPU has its interrupts disabled; one sent as an NMI is. Here: `native_stop_other_cpus()` sends the REBOOT IPI to every other CPU; KVM's `kvm_shutdown()` uses `on_each_cpu` to run its step on every online CPU, the others by IPI; and the stopping CPU's NMIs are sent the same way, with the NMI vector.",
    evidence: 'SRC',
    see: ['reboot-ipi', 'nmi', 'stop-other-cpus'],
  },
  {
    id: 'nmi',
    term: 'NMI (non-maskable interrupt)',
    text: 'An interrupt a CPU takes even with its interrupts disabled, and even with its local APIC disabled; it also wakes a CPU halted in HLT. Here it goes to each CPU still in `cpus_stop_mask` when the one-second wait ends, a late CPU that then finishes its REBOOT path anyway included (the race), and `smp_stop_nmi_callback()` runs `stop_this_cpu()` on it. kdump stops every other CPU with one NMI each (`nmi_shootdown_cpus()`). Because an NMI can arrive at any moment, `__seamcall_dirty_cache()` sets the flag *before* a SEAMCALL.',
    // The NMI send of the stop path: no other entry carries it.
    fns: ['__apic_send_IPI'],
    evidence: 'SRC',
    see: ['nmi-fallback', 'the-race', 'kdump', 'seamcall', 'ipi'],
  },
  {
    id: 'reboot-ipi',
    term: 'REBOOT IPI (REBOOT_VECTOR)',
    text: 'The interrupt the stopping CPU sends to all others. Each takes it in `sysvec_reboot`, switches virtualization off and runs `stop_this_cpu()`. A CPU does not take it while its interrupts stay disabled. One slow to report (interrupts off, so it has not taken it yet, or still inside a long WBINVD in `stop_this_cpu()`, whose report comes after the flush) can miss the one-second wait and be sent an NMI. If it reports between the end of the wait and the arrival of the NMI, the NMI wakes it from HLT and it runs `stop_this_cpu()` again while the stopping CPU, finding the mask empty, goes on to the new kernel: the race ([LIST]).',
    fns: ['sysvec_reboot', 'cpu_emergency_disable_virtualization', 'stop_this_cpu'],
    evidence: 'SRC',
    see: ['stop-other-cpus', 'nmi-fallback', 'ipi'],
  },
  {
    id: 'nmi-fallback',
    term: 'The NMI fallback',
    text: 'After the one-second wait, an NMI to each CPU still in `cpus_stop_mask` (unless `nonmi_ipi` is given). An NMI gets through with interrupts off; `smp_stop_nmi_callback()` then runs `stop_this_cpu()`, with the same WBINVD rule.',
    fns: ['register_stop_handler', 'smp_stop_nmi_callback', 'stop_this_cpu'],
    evidence: 'SRC',
    see: ['the-race', 'nmi'],
  },
  {
    id: 'stop-this-cpu',
    term: 'stop_this_cpu()',
    text: 'What a stopped CPU runs: interrupts off, mark itself offline, disable its local APIC, `mcheck_cpu_clear()`, **WBINVD if its flag is set**, then clear its bit in `cpus_stop_mask` (the report comes after the flush) and halt forever. Ordinary reboot and halt stop the other CPUs the same way (`machine_shutdown()`), so the flag decides their WBINVD there too; the model covers kexec and kdump only.',
    fns: ['stop_this_cpu', 'native_halt'],
    evidence: 'SRC',
    see: ['cache-state-incoherent', 'stop-other-cpus'],
  },
  {
    id: 'the-race',
    term: 'The race in the NMI stop path',
    text: 'A CPU still in `cpus_stop_mask` when the one-second wait ends (slow to react: inside a long WBINVD in `stop_this_cpu()`, or with interrupts off) is sent an NMI; if it finishes its REBOOT path meanwhile, it reports stopped, halts, and is then woken by the NMI it was sent anyway: it runs `stop_this_cpu()` again, with its WBINVD if its flag is set, while the kexec-ing CPU, seeing an empty mask, already goes on to the new kernel. A long WBINVD makes missing the deadline likelier; that is why skipping needless ones matters.',
    fns: ['native_stop_other_cpus', 'smp_stop_nmi_callback'],
    evidence: 'LIST',
    see: ['nmi-fallback', 'tdx-flush'],
  },
  {
    id: 'relocate-kernel',
    term: 'relocate_kernel, identity_mapped, swap_pages',
    text: "The assembly the kexec-ing CPU ends in (`relocate_kernel_64.S`): it switches to an identity-mapped page table, tests `RELOC_KERNEL_CACHE_INCOHERENT` (kept in `%r11`) and runs WBINVD if set, **then** `swap_pages` copies the new kernel into place, and it returns to `image->start`, the image's recorded entry (normally purgatory: [UNVERIFIED]). Up to v6.17 the test was of `host_mem_enc_active` in `%r8` (SME *active*), jumping to `.Lsme_off`; the series renamed that label `.Lnowbinvd`.",
    fns: ['relocate_kernel', 'identity_mapped', 'swap_pages'],
    evidence: 'SRC',
    see: ['reloc-kernel-cache-incoherent'],
  },
  {
    id: 'purgatory',
    term: 'Purgatory',
    text: '`relocate_kernel` ends by returning to `image->start`, the entry point recorded in the kexec image ([SRC]). That entry is normally the purgatory code, which then enters the new kernel ([UNVERIFIED]). The reference says nothing more of what purgatory does, and the model does not run it: its run ends at the jump to `image->start`.',
    evidence: 'UNVERIFIED',
    see: ['relocate-kernel', 'kexec'],
  },
  {
    id: 'gs',
    term: 'GS (segment register)',
    text: 'An x86 segment register, through which the kernel reaches per-CPU data: a per-CPU read such as `this_cpu_read(cache_state_incoherent)` needs GS. `load_segments()`, late in `machine_kexec()`, resets the segment registers, GS included, so `machine_kexec()` reads the flag before it and hands it to `relocate_kernel` as a bit of the flags word.',
    fns: ['load_segments'],
    evidence: 'DIFF',
    see: ['reloc-kernel-cache-incoherent', 'cache-state-incoherent'],
  },
  {
    id: 'reloc-kernel-cache-incoherent',
    term: 'RELOC_KERNEL_CACHE_INCOHERENT',
    text: "Bit 1 of the flags word `machine_kexec()` passes to `relocate_kernel` (bit 0 is `RELOC_KERNEL_PRESERVE_CONTEXT`): set iff this CPU's flag is. Read **before** `load_segments()`, which resets GS, and per-CPU data needs GS. v6.17 passed a separate `host_mem_enc_active` instead: SME *active*.",
    fns: ['machine_kexec', 'load_segments', 'relocate_kernel'],
    evidence: 'DIFF',
    see: ['relocate-kernel', 'cache-state-incoherent'],
  },
  {
    id: 'kdump',
    term: 'kdump (crash kexec)',
    text: 'After a panic, `__crash_kexec()` on the panicking CPU: no migration, no `syscore_shutdown()`. The other CPUs are stopped by one NMI each (`nmi_shootdown_cpus()`) and never run `stop_this_cpu()` or look at the flag; apart from the SEV-SNP host callback, only the panicking CPU flushes, in `relocate_kernel`, if its flag is set (up to v6.17: if SME is active).',
    fns: ['__crash_kexec', 'native_machine_crash_shutdown', 'nmi_shootdown_cpus', 'crash_nmi_callback'],
    evidence: 'SRC',
    see: ['sev-snp', 'reboot-cpu'],
  },
  {
    id: 'sev-snp',
    term: 'SEV-SNP host',
    text: 'An AMD host with SEV-SNP enabled (`CC_ATTR_HOST_SEV_SNP`). In kdump, `kdump_sev_callback()` runs WBINVD on each remote CPU as the shootdown NMI reaches it: the one remote flush of the crash path.',
    fns: ['kdump_nmi_callback', 'kdump_sev_callback'],
    // The WBINVD is quoted on the list (Kai Huang, Tom Lendacky); only the stub was seen in source.
    evidence: 'LIST',
    see: ['kdump'],
  },
  {
    id: 'offline-cpu',
    term: 'Offline CPUs',
    text: "A CPU offlined before kexec never runs `stop_this_cpu()`. Going down through `hlt_play_dead()` it ran WBINVD; on a TDX host KVM's teardown flushed it too. Whether the MWAIT offline path flushes was not checked ([UNVERIFIED]); the model offlines through `hlt_play_dead()`.",
    fns: ['hlt_play_dead', 'kvm_offline_cpu', 'smp_kick_mwait_play_dead'],
    evidence: 'SRC',
    see: ['tdx-flush'],
  },
  {
    id: 'pw-mce',
    term: 'The partial-write erratum (X86_BUG_TDX_PW_MCE)',
    text: 'On some early TDX platforms a partial write to private memory poisons it. The old kernel would have to reset private memory, but it does not track which pages are private, so loading a kexec or kdump image is refused: `machine_kexec_prepare()` returns `-EOPNOTSUPP`, at load time, never at `kexec -e` or a panic.',
    fns: ['machine_kexec_prepare'],
    evidence: 'DIFF',
    see: ['tdx'],
  },
  {
    id: 'the-series',
    term: 'The series (v6.18)',
    text: 'Seven patches posted by Kai Huang, merged for v6.18 from Paolo Bonzini\'s v8 repost; patch 2, `x86/sme: Use percpu boolean to control WBINVD during kexec` (tip `83214a775f33`), added the flag. "Before" in this app is mainline v6.17, "after" is v6.18. Patches 3 and 4 were proposed for the 6.17 stable kernels; whether 6.17.y took them is [UNVERIFIED].',
    evidence: 'LIST',
    see: ['cache-state-incoherent'],
  },
];

/**
 * The entries a step of the model names, by its function (`stop_this_cpu`, or `wbinvd` for the
 * instruction), best first: the entry named after it, then the one whose word names it, then those
 * listing it first, then the others listing it, narrowest first. Empty when no entry carries it.
 */
export function glossaryEntriesFor(fn: string): GlossaryEntry[] {
  const word = new RegExp(`(^|[^\\w])${fn.replace(/[^\w]/g, '')}([^\\w]|$)`);
  const scored: { e: GlossaryEntry; score: number }[] = [];
  for (const e of GLOSSARY) {
    const listed = (e.fns as string[] | undefined)?.indexOf(fn) ?? -1;
    const score =
      e.id === fn.replace(/_/g, '-')
        ? 0
        : word.test(e.term)
          ? 1
          : listed === 0
            ? 2
            : listed > 0
              ? 3 + (e.fns?.length ?? 0) / 100
              : Infinity;
    if (score < Infinity) scored.push({ e, score });
  }
  // A stable sort: entries scored the same keep the glossary's order.
  return scored.sort((a, b) => a.score - b.score).map((x) => x.e);
}

/** The best of them, or null. */
export function glossaryEntryFor(fn: string): GlossaryEntry | null {
  return glossaryEntriesFor(fn)[0] ?? null;
}

/** A piece of an entry's text as it is shown: plain, `code`, *emphasis*, **strong**, or an evidence tag. */
export type GlossaryRun = { kind: 'text' | 'code' | 'em' | 'strong' | 'tag'; text: string };

const RUNS = /`([^`]+)`|\*\*([^*]+)\*\*|\*([^*]+)\*|\[(SRC|DIFF|LIST|INF|UNVERIFIED|SDM)\]/g;

/**
 * An entry's text (the little Markdown it uses) as runs to show, so a view beside the model can show it
 * without a Markdown renderer and its sanitiser: the glossary is our own text, and no run is HTML.
 */
export function glossaryRuns(text: string): GlossaryRun[] {
  const out: GlossaryRun[] = [];
  let at = 0;
  for (const m of text.matchAll(RUNS)) {
    if (m.index > at) out.push({ kind: 'text', text: text.slice(at, m.index) });
    const [, code, strong, em, tag] = m;
    if (code !== undefined) out.push({ kind: 'code', text: code });
    else if (strong !== undefined) out.push({ kind: 'strong', text: strong });
    else if (em !== undefined) out.push({ kind: 'em', text: em });
    else out.push({ kind: 'tag', text: tag ?? '' });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ kind: 'text', text: text.slice(at) });
  return out;
}
