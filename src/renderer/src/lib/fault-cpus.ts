/**
 * Which CPUs the "skip a WBINVD" pickers offer for a site. relocate_kernel runs on one CPU only, the
 * kexec-ing CPU (the reboot= CPU migrate_to_reboot_cpu() moved to; in kdump the CPU that panicked):
 * offering the others invited a fault the simulator can only report as matching nothing. Every other
 * site is offered on every CPU, and the simulator's own reason (faults.ts) says when one misses.
 */
import type { WbinvdSite } from '../../../sim/view.ts';
import type { FormState } from './scenario-form.ts';

/** The pickers list at most this many CPUs (a 4096-CPU select is unusable). */
export const MAX_PICKED_CPUS = 256;

/** What a fault with no CPU means, as the pickers and the fault list say it. */
export const EVERY_CPU = 'on every CPU it runs on';

/**
 * The CPUs offered for a fault at `site` ('' while none is chosen) on a host of `cpus` CPUs whose kexec
 * CPUs are `kexecCpus`, at most `max` of them.
 */
export function faultCpuChoices(
  site: WbinvdSite | '',
  cpus: number,
  kexecCpus: readonly number[],
  max = MAX_PICKED_CPUS,
): number[] {
  if (site === 'relocate_kernel')
    return [...new Set(kexecCpus)]
      .filter((c) => Number.isInteger(c) && c >= 0 && c < cpus)
      .sort((a, b) => a - b)
      .slice(0, max);
  return Array.from({ length: Math.max(0, Math.min(cpus, max)) }, (_, i) => i);
}

/** The CPU a picker keeps when its site or the host changes: its own if still offered, else every CPU. */
export function keptFaultCpu(cpu: number | null, offered: readonly number[]): number | null {
  return cpu !== null && offered.includes(cpu) ? cpu : null;
}

type KexecSetting = Pick<FormState, 'path' | 'start_cpu' | 'reboot_cpu' | 'cpus' | 'events'>;

/**
 * The CPU that runs relocate_kernel for a form, as the simulator picks it: in kdump the CPU that
 * panicked; else the reboot= CPU, or, when the events leave it offline, the first CPU still online
 * (migrate_to_reboot_cpu()). Checked against the simulator's kexec_cpu in fault-cpus.test.ts.
 */
export function kexecCpuOf(f: KexecSetting): number {
  if (f.path === 'kdump') return f.start_cpu;
  const offline = new Set<number>();
  for (const e of f.events)
    if (e.type === 'offline') offline.add(e.cpu);
    else if (e.type === 'online') offline.delete(e.cpu);
  if (!offline.has(f.reboot_cpu)) return f.reboot_cpu;
  const first = Array.from({ length: f.cpus }, (_, i) => i).find((c) => !offline.has(c));
  return first ?? f.reboot_cpu;
}

/**
 * The kexec CPUs of the runs a form makes: one, or two when kexec is compared with kdump (the reboot=
 * CPU in one run, the CPU that panicked in the other).
 */
export function formKexecCpus(f: KexecSetting & Pick<FormState, 'compare'>): number[] {
  const own = kexecCpuOf(f);
  if (f.compare !== 'path') return [own];
  const other = kexecCpuOf({ ...f, path: f.path === 'kexec' ? 'kdump' : 'kexec' });
  return other === own ? [own] : [own, other].sort((a, b) => a - b);
}
