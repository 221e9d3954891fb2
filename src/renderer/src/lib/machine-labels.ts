/**
 * The kexec flow's and the stop protocol's states in the kernel's words (the function or step they stand
 * for), for the statecharts and the text view. The CPU machine's are in snapshot.ts (stateLabel).
 */
/** Where both machines start, before a run's first step (held equal to the machines by a test). */
export const FLOW_START = 'idle';

const KEXEC: Record<string, string> = {
  idle: 'before the kernel is built',
  built: 'kernel built with kexec',
  loaded: 'image loaded (kexec -l or -p)',
  'kernelKexec.kernelRestartPrepare': 'kernel_kexec(): kernel_restart_prepare()',
  'kernelKexec.migrateToRebootCpu': 'kernel_kexec(): migrate_to_reboot_cpu()',
  'kernelKexec.syscoreShutdown': 'kernel_kexec(): syscore_shutdown()',
  'kernelKexec.machineShutdown': 'kernel_kexec(): machine_shutdown(), stopping the other CPUs',
  'kernelKexec.kmsgDump': 'kernel_kexec(): kmsg_dump()',
  'crashKexec.crashSetupRegs': '__crash_kexec(): crash_setup_regs()',
  'crashKexec.crashSaveVmcoreinfo': '__crash_kexec(): crash_save_vmcoreinfo()',
  'crashKexec.machineCrashShutdown': '__crash_kexec(): machine_crash_shutdown(), the NMI shootdown',
  machineKexec: "machine_kexec(): preparing relocate_kernel's arguments",
  loadSegments: 'machine_kexec(): load_segments()',
  'relocateKernel.entry': 'relocate_kernel',
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
  done: 'done: every other CPU has reported; K goes on',
};

/** A state of the kexec flow or the stop protocol in words; the raw value when it has none. */
export function machineStateLabel(machine: 'kexec' | 'stop', value: string): string {
  return (machine === 'kexec' ? KEXEC : STOP)[value] ?? value;
}
