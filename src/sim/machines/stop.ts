/**
 * The stop protocol of native_stop_other_cpus(wait=1) (§2b K3-K6, §5) and, for kdump,
 * nmi_shootdown_cpus() (§6). The mask itself (cpus_stop_mask) is kept by the simulator; this machine
 * holds the phase and decides, from what the simulator reports, what the stopping CPU does next.
 */
import { setup } from 'xstate';

export type StopEvent =
  | { type: 'stop.begin' }
  | { type: 'stop.reboot_ipi_sent' }
  | { type: 'stop.mask_empty' }
  | { type: 'stop.wait_expired' }
  | { type: 'stop.nmi_sent' }
  | { type: 'stop.finish' }
  | { type: 'crash.shootdown_begin' }
  | { type: 'crash.all_checked_in' };

export const stopMachine = setup({
  types: { events: {} as StopEvent },
}).createMachine({
  id: 'stop',
  initial: 'idle',
  states: {
    idle: {
      on: { 'stop.begin': 'sendingRebootIpi', 'crash.shootdown_begin': 'nmiShootdown' },
    },
    /** stopping_cpu claimed with cmpxchg; cpus_stop_mask = online CPUs minus this one. */
    sendingRebootIpi: { on: { 'stop.reboot_ipi_sent': 'waitingForRebootIpi' } },
    /** Up to USEC_PER_SEC iterations of udelay(1): about one second. */
    waitingForRebootIpi: {
      on: { 'stop.mask_empty': 'stopped', 'stop.wait_expired': 'nmiFallback' },
    },
    /** register_stop_handler(), "Shutting down cpus with NMI", an NMI to each CPU still in the mask. */
    nmiFallback: { on: { 'stop.nmi_sent': 'waitingForNmi' } },
    /** wait=1 (kexec, reboot): no timeout here; the 10 ms limit applies only when wait==0. */
    waitingForNmi: { on: { 'stop.mask_empty': 'stopped' } },
    /** The stopping CPU disables its own APIC, mcheck_cpu_clear(), cpumask_clear(&cpus_stop_mask). */
    stopped: { on: { 'stop.finish': 'done' } },
    /** kdump: one NMI to all other CPUs, then wait at most 1000 x 1 ms for them to check in. */
    nmiShootdown: { on: { 'crash.all_checked_in': 'done' } },
    done: { type: 'final' },
  },
});
