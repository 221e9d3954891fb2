/**
 * The sandbox's form as typed data, turned into a scenario of the public contract (so what a student
 * builds here can be saved as YAML and run with `flushpoint simulate`), plus the presets a newcomer
 * starts from.
 */
import type { StopBehaviour, WbinvdSite } from '../../../sim/view.ts';

export type EventType = 'seamcall' | 'kvm_disable' | 'offline' | 'online' | 'kvm_unload';
export type CompareMode = 'none' | 'kernel' | 'sme' | 'path';

export interface FormState {
  kernel: 'before' | 'after';
  vendor: 'amd' | 'intel' | 'hygon';
  cpus: number;
  sme: 'none' | 'supported' | 'active';
  snp_host: boolean;
  /** KVM with TDX, the module initialised (implies tdx_host_kernel). */
  tdx: boolean;
  /** The kernel is built with TDX host support, TDX initialised or not (row 4 of the reference's table). */
  tdx_host_kernel: boolean;
  tdx_pw_mce: boolean;
  path: 'kexec' | 'kdump';
  start_cpu: number;
  /** The `reboot=` CPU that migrate_to_reboot_cpu() moves a kexec to (kdump has no such move). */
  reboot_cpu: number;
  seed: number;
  stop: { cpu: number; how: StopBehaviour }[];
  events: { type: EventType; cpu: number }[];
  faults: { site: WbinvdSite; cpu: number | null }[];
  compare: CompareMode;
}

export function defaultForm(): FormState {
  return {
    kernel: 'after',
    vendor: 'amd',
    cpus: 4,
    sme: 'supported',
    snp_host: false,
    tdx: false,
    tdx_host_kernel: false,
    tdx_pw_mce: false,
    path: 'kexec',
    start_cpu: 0,
    reboot_cpu: 0,
    seed: 1,
    stop: [],
    events: [],
    faults: [],
    compare: 'none',
  };
}

/** The scenario (contract format) for a form. */
export function toScenario(f: FormState): Record<string, unknown> {
  const platform: Record<string, unknown> = { vendor: f.vendor, cpus: f.cpus };
  if (f.vendor === 'amd') {
    platform['sme'] = f.sme;
    if (f.snp_host) platform['snp_host'] = true;
  } else if (f.vendor === 'hygon') {
    platform['sme'] = f.sme;
  } else {
    if (f.tdx) platform['tdx'] = true;
    else if (f.tdx_host_kernel) platform['tdx_host_kernel'] = true;
    if ((f.tdx || f.tdx_host_kernel) && f.tdx_pw_mce) platform['tdx_pw_mce'] = true;
  }
  const s: Record<string, unknown> = {
    kernel: f.kernel,
    platform,
    path: f.path,
    start_cpu: f.start_cpu,
    seed: f.seed,
  };
  // Written only when it is not the kernel's default, CPU 0, and only for kexec: kdump does not migrate.
  if (f.path === 'kexec' && f.reboot_cpu !== 0) s['reboot_cpu'] = f.reboot_cpu;
  if (f.stop.length) s['stop'] = Object.fromEntries(f.stop.map((x) => [String(x.cpu), x.how]));
  if (f.events.length)
    s['events'] = f.events.map((e) => (e.type === 'kvm_unload' ? { kvm_unload: true } : { [e.type]: e.cpu }));
  if (f.faults.length)
    s['faults'] = f.faults.map((x) => ({
      skip_wbinvd: x.cpu === null ? { site: x.site } : { site: x.site, cpu: x.cpu },
    }));
  return s;
}

/** The second setting of a comparison, or null. */
export function compareVariant(f: FormState): { a: string; b: string; form: FormState } | null {
  switch (f.compare) {
    case 'kernel':
      return {
        a: f.kernel === 'before' ? 'before (v6.17)' : 'after (v6.18)',
        b: f.kernel === 'before' ? 'after (v6.18)' : 'before (v6.17)',
        form: { ...f, kernel: f.kernel === 'before' ? 'after' : 'before' },
      };
    case 'sme':
      if (f.vendor === 'intel') return null;
      return {
        a: `SME ${f.sme}`,
        b: `SME ${f.sme === 'active' ? 'supported' : 'active'}`,
        form: { ...f, sme: f.sme === 'active' ? 'supported' : 'active' },
      };
    case 'path':
      return {
        a: f.path,
        b: f.path === 'kexec' ? 'kdump' : 'kexec',
        form: { ...f, path: f.path === 'kexec' ? 'kdump' : 'kexec' },
      };
    default:
      return null;
  }
}

export interface Preset {
  id: string;
  label: string;
  /**
   * What the preset's runs show, in a sentence or two under the preset picker (whose closed text is cut
   * at the panel's edge). Each claim is checked against the model in scenario-form.test.ts.
   */
  shows: string;
  form: Partial<FormState>;
}

export const PRESETS: Preset[] = [
  {
    id: 'amd-sme-supported-compare',
    label: 'AMD, SME supported: before vs after the series',
    shows:
      'SME supported but off (mem_encrypt=off). Both kernels flush the remote CPUs in stop_this_cpu(); only v6.18 also flushes the kexec CPU, in relocate_kernel: the one WBINVD the series added to a normal kexec on AMD.',
    form: { vendor: 'amd', sme: 'supported', kernel: 'after', compare: 'kernel' },
  },
  {
    id: 'amd-sme-active',
    label: 'AMD, SME active',
    shows:
      'SME active: each remote CPU flushes in stop_this_cpu(), and the kexec CPU in relocate_kernel, before swap_pages copies the new kernel.',
    form: { vendor: 'amd', sme: 'active' },
  },
  {
    id: 'amd-skip-flush',
    label: 'AMD, SME active, relocate_kernel WBINVD skipped (fault)',
    shows:
      "SME active, with the relocate_kernel WBINVD taken out: the kexec CPU's old dirty lines (C=1) stay in its cache; written back after the copy, in no fixed order, some land on the new kernel's pages, and it reads them corrupt.",
    form: { vendor: 'amd', sme: 'active', faults: [{ site: 'relocate_kernel', cpu: null }] },
  },
  {
    id: 'intel-tdx',
    label: 'Intel TDX host: SEAMCALLs, then the early flush',
    shows:
      "With KVM and TDX loaded, the model has every CPU make a SEAMCALL (module initialisation on each CPU: the model's reading of the code, not something the reference says), so each CPU's flag is set; CPUs 1 and 2 also run TDs. KVM's shutdown flushes every CPU early and clears its flag, so neither stop_this_cpu() nor relocate_kernel flushes again.",
    form: {
      vendor: 'intel',
      sme: 'none',
      tdx: true,
      events: [
        { type: 'seamcall', cpu: 1 },
        { type: 'seamcall', cpu: 2 },
      ],
    },
  },
  {
    id: 'intel-tdx-before',
    label: 'Intel TDX host: before vs after the series',
    shows:
      "The same TDX host under both kernels: v6.17 cannot be built with TDX host support and kexec at once (INTEL_TDX_HOST depends on !KEXEC_CORE); v6.18 flushes early, in KVM's shutdown.",
    form: { vendor: 'intel', sme: 'none', tdx: true, compare: 'kernel' },
  },
  {
    id: 'intel-tdx-uninitialised',
    label: 'Intel, TDX built in but never initialised: before vs after',
    shows:
      'A kernel with TDX host support whose TDX was never initialised: v6.17 cannot have kexec at all (INTEL_TDX_HOST depends on !KEXEC_CORE); v6.18 can, and with no SEAMCALL no CPU sets its flag, so kexec runs no WBINVD.',
    form: { vendor: 'intel', sme: 'none', tdx_host_kernel: true, compare: 'kernel' },
  },
  {
    id: 'irqs-off',
    label: 'A CPU with IRQs off: the NMI fallback',
    shows:
      'CPU 2 has IRQs off and misses the REBOOT IPI: after about a second native_stop_other_cpus() sends NMIs, and CPU 2 flushes in stop_this_cpu() from the NMI handler.',
    form: { vendor: 'amd', sme: 'active', stop: [{ cpu: 2, how: 'irqs_off' }] },
  },
  {
    id: 'late-ipi',
    label: 'A late REBOOT IPI: the race',
    shows:
      'CPU 3 takes the REBOOT IPI late: the wait ends first, so an NMI follows and runs stop_this_cpu() on it again, WBINVD included, while the kexec CPU, finding the mask empty, goes on to the new kernel.',
    form: { vendor: 'amd', sme: 'active', stop: [{ cpu: 3, how: 'late' }] },
  },
  {
    id: 'kdump-sme',
    label: 'kdump on an SME host: kexec vs kdump',
    shows:
      'A panic on CPU 2 with SME active: nmi_shootdown_cpus() stops the others without a flush, and only the panicking CPU flushes, in relocate_kernel. A kexec -e flushes every remote CPU in stop_this_cpu().',
    form: { vendor: 'amd', sme: 'active', path: 'kdump', start_cpu: 2, compare: 'path' },
  },
  {
    id: 'snp-kdump',
    label: 'SEV-SNP host, kdump',
    shows:
      'A panic on CPU 1 of an SEV-SNP host: the other CPUs flush in kdump_sev_callback() during the NMI shootdown, and the panicking CPU in relocate_kernel.',
    form: { vendor: 'amd', sme: 'active', snp_host: true, path: 'kdump', start_cpu: 1 },
  },
  {
    id: 'pw-mce',
    label: 'TDX with the partial-write erratum',
    shows:
      'With the TDX partial-write erratum, loading the kexec image is refused (machine_kexec_prepare() returns -EOPNOTSUPP): there is no kexec to flush for.',
    form: { vendor: 'intel', sme: 'none', tdx: true, tdx_pw_mce: true },
  },
  {
    id: 'intel-plain',
    label: 'Intel without TDX',
    shows: 'An Intel host without TDX: no CPU ever sets its flag, so kexec runs no WBINVD at all.',
    form: { vendor: 'intel', sme: 'none', tdx: false },
  },
  {
    id: 'hygon-sme-active-compare',
    // The domain notes read this from the code only: the run carries the [INF]/[UNVERIFIED] caveats.
    label: 'Hygon, SME active: before vs after (inferred from code)',
    shows:
      'Read from the code only: after the series only amd.c sets the flag, so a Hygon host with SME active flushes nowhere at kexec, where v6.17 flushed in stop_this_cpu() and relocate_kernel. Whether real Hygon parts report SME is not verified.',
    form: { vendor: 'hygon', sme: 'active', compare: 'kernel' },
  },
];

export function applyPreset(p: Preset): FormState {
  return { ...defaultForm(), ...structuredClone(p.form) };
}

/**
 * Whether a form is still the scenario a preset loads, comparison included: what the preset "shows"
 * holds only until the student changes it. Compared as the scenario it runs, so a field the scenario
 * leaves out (SEV-SNP ticked on Intel) changes nothing.
 */
export function isPresetForm(f: FormState, p: Preset): boolean {
  const q = applyPreset(p);
  return f.compare === q.compare && JSON.stringify(toScenario(f)) === JSON.stringify(toScenario(q));
}

/** A YAML rendering of a scenario, for copying into a file for `flushpoint simulate`. */
export function toYaml(s: Record<string, unknown>, indent = ''): string {
  const out: string[] = [];
  for (const [k, v] of Object.entries(s)) {
    if (Array.isArray(v)) {
      out.push(`${indent}${k}:`);
      for (const item of v)
        out.push(
          `${indent}  - ${JSON.stringify(item)
            .replace(/"(\w+)":/g, '$1: ')
            .replace(/,/g, ', ')}`,
        );
    } else if (v && typeof v === 'object') {
      out.push(`${indent}${k}:`);
      out.push(toYaml(v as Record<string, unknown>, `${indent}  `));
    } else out.push(`${indent}${k}: ${String(v)}`);
  }
  return out.join('\n');
}

/** The form for a scenario (a lab step's, say), so the student can take it to the sandbox and edit it. */
export function fromScenario(s: Record<string, unknown>): FormState {
  const f = defaultForm();
  const p = (s['platform'] ?? {}) as Record<string, unknown>;
  if (s['kernel'] === 'before' || s['kernel'] === 'after') f.kernel = s['kernel'];
  if (p['vendor'] === 'amd' || p['vendor'] === 'intel' || p['vendor'] === 'hygon') f.vendor = p['vendor'];
  if (typeof p['cpus'] === 'number') f.cpus = p['cpus'];
  f.sme = p['sme'] === 'supported' || p['sme'] === 'active' ? p['sme'] : 'none';
  f.snp_host = p['snp_host'] === true;
  f.tdx = p['tdx'] === true;
  f.tdx_host_kernel = f.tdx || p['tdx_host_kernel'] === true;
  f.tdx_pw_mce = p['tdx_pw_mce'] === true;
  if (s['path'] === 'kdump') f.path = 'kdump';
  if (typeof s['start_cpu'] === 'number') f.start_cpu = s['start_cpu'];
  if (typeof s['reboot_cpu'] === 'number') f.reboot_cpu = s['reboot_cpu'];
  if (typeof s['seed'] === 'number') f.seed = s['seed'];
  const stop = (s['stop'] ?? {}) as Record<string, unknown>;
  f.stop = Object.entries(stop)
    .filter(([, how]) => how === 'irqs_off' || how === 'late')
    .map(([cpu, how]) => ({ cpu: Number(cpu), how: how as StopBehaviour }));
  const events = Array.isArray(s['events']) ? (s['events'] as Record<string, unknown>[]) : [];
  f.events = events.flatMap((e) => {
    const [type, cpu] = Object.entries(e)[0] ?? [];
    if (type === 'kvm_unload') return [{ type: 'kvm_unload' as const, cpu: 0 }];
    return type && typeof cpu === 'number' ? [{ type: type as EventType, cpu }] : [];
  });
  const faults = Array.isArray(s['faults'])
    ? (s['faults'] as { skip_wbinvd?: { site: WbinvdSite; cpu?: number } }[])
    : [];
  f.faults = faults.flatMap((x) =>
    x.skip_wbinvd ? [{ site: x.skip_wbinvd.site, cpu: x.skip_wbinvd.cpu ?? null }] : [],
  );
  return f;
}
