/**
 * Where each kernel function the model mirrors lives. Names are facts from
 * shared/domain/kexec-wbinvd.md, spelled exactly as there, and so are the paths wherever it names the
 * file. The others (syscore.c, printk.c, panic.c, crash_core.c, vmcore_info.c, apic/ipi.c, svm/sev.c...)
 * are where the mainline tree keeps them, from outside the reference (FROM_MAINLINE): shown beside a
 * step, never graded.
 */
import type { WbinvdSite } from './scenario.ts';

export const KERNEL_FILES = {
  early_init_amd: 'arch/x86/kernel/cpu/amd.c',
  early_detect_mem_encrypt: 'arch/x86/kernel/cpu/amd.c',
  __seamcall_dirty_cache: 'arch/x86/include/asm/tdx.h',
  seamcall_prerr: 'arch/x86/virt/vmx/tdx/tdx.c',
  tdx_cpu_enable: 'arch/x86/virt/vmx/tdx/tdx.c',
  tdx_disable_virtualization_cpu: 'arch/x86/kvm/vmx/tdx.c',
  tdx_cpu_flush_cache_for_kexec: 'arch/x86/virt/vmx/tdx/tdx.c',
  kvm_shutdown: 'virt/kvm/kvm_main.c',
  kvm_disable_virtualization_cpu: 'virt/kvm/kvm_main.c',
  kvm_enable_virtualization_cpu: 'virt/kvm/kvm_main.c',
  kvm_offline_cpu: 'virt/kvm/kvm_main.c',
  kvm_online_cpu: 'virt/kvm/kvm_main.c',
  kvm_disable_virtualization: 'virt/kvm/kvm_main.c',
  hlt_play_dead: 'arch/x86/kernel/smpboot.c',
  machine_kexec_prepare: 'arch/x86/kernel/machine_kexec_64.c',
  kernel_kexec: 'kernel/kexec_core.c',
  kernel_restart_prepare: 'kernel/reboot.c',
  migrate_to_reboot_cpu: 'kernel/reboot.c',
  syscore_shutdown: 'drivers/base/syscore.c',
  cpu_hotplug_enable: 'kernel/cpu.c',
  machine_shutdown: 'arch/x86/kernel/reboot.c',
  native_machine_shutdown: 'arch/x86/kernel/reboot.c',
  native_stop_other_cpus: 'arch/x86/kernel/smp.c',
  smp_kick_mwait_play_dead: 'arch/x86/kernel/smpboot.c',
  apic_send_IPI_allbutself: 'arch/x86/kernel/apic/ipi.c',
  register_stop_handler: 'arch/x86/kernel/smp.c',
  __apic_send_IPI: 'arch/x86/include/asm/apic.h',
  sysvec_reboot: 'arch/x86/kernel/smp.c',
  smp_stop_nmi_callback: 'arch/x86/kernel/smp.c',
  cpu_emergency_disable_virtualization: 'arch/x86/kernel/reboot.c',
  stop_this_cpu: 'arch/x86/kernel/process.c',
  native_halt: 'arch/x86/include/asm/irqflags.h',
  kmsg_dump: 'kernel/printk/printk.c',
  machine_kexec: 'arch/x86/kernel/machine_kexec_64.c',
  load_segments: 'arch/x86/kernel/machine_kexec_64.c',
  relocate_kernel: 'arch/x86/kernel/relocate_kernel_64.S',
  identity_mapped: 'arch/x86/kernel/relocate_kernel_64.S',
  swap_pages: 'arch/x86/kernel/relocate_kernel_64.S',
  panic: 'kernel/panic.c',
  __crash_kexec: 'kernel/crash_core.c',
  crash_setup_regs: 'arch/x86/include/asm/kexec.h',
  // Since v6.9 in its own file (kernel/vmcore_info.c), split out of crash_core.c.
  crash_save_vmcoreinfo: 'kernel/vmcore_info.c',
  native_machine_crash_shutdown: 'arch/x86/kernel/crash.c',
  kdump_nmi_shootdown_cpus: 'arch/x86/kernel/crash.c',
  nmi_shootdown_cpus: 'arch/x86/kernel/reboot.c',
  crash_nmi_callback: 'arch/x86/kernel/reboot.c',
  kdump_nmi_callback: 'arch/x86/kernel/crash.c',
  // Called from kdump_nmi_callback() (crash.c); the reference does not say which file defines it. Since
  // v6.10 it is in arch/x86/virt/svm/sev.c (moved there from arch/x86/kernel/sev.c), before and after
  // the series alike.
  kdump_sev_callback: 'arch/x86/virt/svm/sev.c',
  Kconfig: 'arch/x86/Kconfig',
  new_kernel: '(the new kernel)',
  cache_model: '(cache model)',
} as const;

export type KernelFn = keyof typeof KERNEL_FILES;

/**
 * The functions whose file the reference does not name (its §11 lists the files read and what in them):
 * their paths are where the mainline tree keeps them, and the screens say so beside the path.
 */
const FROM_MAINLINE: ReadonlySet<string> = new Set<KernelFn>([
  'kvm_disable_virtualization_cpu',
  'kvm_enable_virtualization_cpu',
  'kvm_offline_cpu',
  'kvm_online_cpu',
  'kvm_disable_virtualization',
  'machine_kexec_prepare',
  'kernel_restart_prepare',
  'syscore_shutdown',
  'cpu_hotplug_enable',
  'machine_shutdown',
  'smp_kick_mwait_play_dead',
  'apic_send_IPI_allbutself',
  '__apic_send_IPI',
  'cpu_emergency_disable_virtualization',
  'native_halt',
  'kmsg_dump',
  // §2b K7 says machine_kexec() calls it, not where it is defined (a static helper of the same file in
  // mainline); what it does (resets GS) is the reference's, its file is the tree's.
  'load_segments',
  'panic',
  '__crash_kexec',
  'crash_setup_regs',
  'crash_save_vmcoreinfo',
  'kdump_sev_callback',
  'Kconfig',
]);

/**
 * The function each WBINVD site is in: a WBINVD step (fn "wbinvd", the instruction) has the file of the
 * function that executes it. play_dead's is hlt_play_dead() (smpboot.c, the reference's §11).
 */
export const WBINVD_SITE_FNS: Readonly<Record<WbinvdSite, KernelFn>> = {
  stop_this_cpu: 'stop_this_cpu',
  relocate_kernel: 'relocate_kernel',
  tdx_cpu_flush_cache_for_kexec: 'tdx_cpu_flush_cache_for_kexec',
  play_dead: 'hlt_play_dead',
  kdump_sev_callback: 'kdump_sev_callback',
};

/**
 * Whether a function's path (KERNEL_FILES) comes from the mainline tree rather than the reference. A
 * WBINVD step's fn is the instruction ("wbinvd"): give its site, whose function's file the step has.
 */
export function pathFromMainline(fn: string, site?: WbinvdSite): boolean {
  return FROM_MAINLINE.has(fn === 'wbinvd' && site ? WBINVD_SITE_FNS[site] : fn);
}
