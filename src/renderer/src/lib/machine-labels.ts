/**
 * Every state of the three drawn machines in words (the function or step it stands for), for the
 * statecharts, their text and the text view: a screen reader reads "virtualizationDisabled" as one long
 * unknown word. The CPU grid's shorter words for a CPU's state are in snapshot.ts (stateLabel); the CPU's
 * words here begin with them, so the chart and the grid say the same thing.
 */
/** Where both machines start, before a run's first step (held equal to the machines by a test). */
export const FLOW_START = 'idle';

const KEXEC: Record<string, string> = {
  idle: 'before the kernel is built',
  built: 'kernel built with kexec',
  loaded: 'image loaded (kexec_load or kexec_file_load: a normal image, or a crash image for kdump)',
  kernelKexec: 'kernel_kexec(), for kexec -e',
  'kernelKexec.kernelRestartPrepare': 'kernel_kexec(): kernel_restart_prepare()',
  'kernelKexec.migrateToRebootCpu': 'kernel_kexec(): migrate_to_reboot_cpu()',
  'kernelKexec.syscoreShutdown': 'kernel_kexec(): syscore_shutdown()',
  'kernelKexec.machineShutdown': 'kernel_kexec(): machine_shutdown(), stopping the other CPUs',
  'kernelKexec.kmsgDump': 'kernel_kexec(): kmsg_dump()',
  crashKexec: '__crash_kexec(), for kdump after a panic',
  'crashKexec.crashSetupRegs': '__crash_kexec(): crash_setup_regs()',
  'crashKexec.crashSaveVmcoreinfo': '__crash_kexec(): crash_save_vmcoreinfo()',
  'crashKexec.machineCrashShutdown': '__crash_kexec(): machine_crash_shutdown(), the NMI shootdown',
  machineKexec: "machine_kexec(): preparing relocate_kernel's arguments",
  loadSegments: 'machine_kexec(): load_segments()',
  relocateKernel: 'relocate_kernel, the assembly that copies the new kernel into place',
  'relocateKernel.entry': 'relocate_kernel: entry, switching to the identity-mapped page table',
  'relocateKernel.identityMapped': 'relocate_kernel: identity_mapped',
  'relocateKernel.swapPages': 'relocate_kernel: swap_pages',
  'relocateKernel.returnToStart': 'relocate_kernel: ret to image->start',
  jumped: 'in the new kernel',
  notBuildable: 'cannot be built (INTEL_TDX_HOST depends on !KEXEC_CORE)',
  loadRefused: 'load refused (-EOPNOTSUPP)',
};

const STOP: Record<string, string> = {
  idle: 'not started',
  sendingRebootIpi: 'native_stop_other_cpus(): sending the REBOOT IPI',
  waitingForRebootIpi: 'waiting up to about 1 s for cpus_stop_mask to empty',
  nmiFallback: 'NMI fallback: register_stop_handler(), an NMI to each CPU still in the mask',
  waitingForNmi: 'waiting for cpus_stop_mask to empty (no timeout with wait=1)',
  stopped: 'every CPU reported; its own APIC off, cpus_stop_mask cleared',
  nmiShootdown: 'kdump: nmi_shootdown_cpus(), waiting for CPUs to check in',
  done: 'done: every other CPU has reported; the kexec CPU goes on',
};

// KVM enables virtualization only on an Intel TDX host in the model (simulate.ts: kvmLoaded): VMX.
const CPU: Record<string, string> = {
  offline: 'offline: not brought up yet, or gone offline',
  bringUp: 'bring-up: early_detect_mem_encrypt() on an AMD CPU',
  online: 'online: brought up, in the old kernel',
  'online.virtualizationDisabled': 'without VMX: KVM not using virtualization on this CPU',
  'online.virtualizationDisabled.running': 'running, VMX off',
  'online.virtualizationDisabled.seamcall':
    'in SEAMCALL, VMX off: __seamcall_dirty_cache() sets the flag first',
  'online.virtualizationDisabled.seamcallNoFlag': 'in SEAMCALL, VMX off, no flag to set (before the series)',
  'online.virtualizationEnabled': 'with VMX: KVM using virtualization on this CPU',
  'online.virtualizationEnabled.running': 'running, VMX on',
  'online.virtualizationEnabled.seamcall':
    'in SEAMCALL, VMX on: __seamcall_dirty_cache() sets the flag first',
  'online.virtualizationEnabled.seamcallNoFlag': 'in SEAMCALL, VMX on, no flag to set (before the series)',
  'online.disablingVirtualization': 'disabling VMX: kvm_disable_virtualization_cpu()',
  'online.tdxCpuFlushCacheForKexec':
    'TDX flush: tdx_disable_virtualization_cpu() has flushed the TD vCPUs (TDH.VP.FLUSH)',
  'online.tdxFlushDecision':
    'TDX flush: tdx_cpu_flush_cache_for_kexec(), WBINVD and the flag cleared if it is set',
  'online.virtualizationDone': 'VMX off: back to running, or on to going offline',
  playDead: 'going offline: hlt_play_dead(), WBINVD, then halt',
  stopping: 'stopping: stop_this_cpu(), after the REBOOT IPI or the stop NMI',
  halted: 'halted in stop_this_cpu(); an NMI still wakes it',
  crashStopping: "crash stop: kdump's NMI, crash_nmi_callback() (no stop_this_cpu())",
  crashHalted: 'halted (crash): stopped by the kdump NMI',
  panicked: 'panicked: the CPU that runs __crash_kexec()',
  machineKexec: 'machine_kexec: the kexec CPU, in machine_kexec() and relocate_kernel',
  newKernel: 'new kernel: relocate_kernel returned to image->start',
};

const WORDS = { cpu: CPU, kexec: KEXEC, stop: STOP } as const;

/** A state of a drawn machine in words; the raw value when it has none (a test holds every state to words). */
export function machineStateLabel(machine: keyof typeof WORDS, value: string): string {
  return WORDS[machine][value] ?? value;
}
