/**
 * What a scenario's faults did in a run: which WBINVD each one skipped (on which CPU, at which trace
 * step), and, for one that skipped nothing, why. A fault that names a WBINVD the run never does (a
 * relocate_kernel flush on a CPU that is not the kexec CPU, a play_dead flush with no CPU going offline)
 * is accepted by the scenario format and silently changes nothing: this says so. Pure, from the scenario
 * and its result, so the CLI and the screens say the same.
 */
import type { SimResult, TraceStep } from './result.ts';
import type { Fault, Scenario, WbinvdSite } from './scenario.ts';
import { cpusLabel } from './words.ts';

/** Whether a fault names the WBINVD at `site` on `cpu` (no CPU in the fault: every CPU). */
export function faultApplies(fault: Fault, site: WbinvdSite, cpu: number): boolean {
  const f = fault.skip_wbinvd;
  return f.site === site && (f.cpu === undefined || f.cpu === cpu);
}

/**
 * The index of the fault that skips the WBINVD at `site` on `cpu`, or -1: the first one that names it,
 * as the simulator applies them (a later fault naming the same WBINVD changes nothing).
 */
export function faultIndexFor(faults: readonly Fault[], site: WbinvdSite, cpu: number): number {
  return faults.findIndex((f) => faultApplies(f, site, cpu));
}

/** What one fault of the scenario did in a run. */
export interface FaultOutcome {
  fault: Fault;
  /** Its place in the scenario's `faults` list. */
  index: number;
  /** Each WBINVD it skipped: the CPU and the trace step (kind wbinvd_skipped), in trace order. */
  injected: { cpu: number; seq: number }[];
  /** Why it skipped nothing, in words (null when it skipped something). */
  unmatched: string | null;
}

/** "skip_wbinvd at relocate_kernel on CPU 2", or "… at play_dead" for a fault on every CPU. */
export function faultLabel(fault: Fault): string {
  const { site, cpu } = fault.skip_wbinvd;
  return `skip_wbinvd at ${site}${cpu === undefined ? '' : ` on CPU ${cpu}`}`;
}

/**
 * A fault in the words of the sandbox's and a lab's controls: "skip WBINVD in relocate_kernel on CPU 2",
 * "… on every CPU it runs on". No field path: a student set it with a list and a button, not in a file.
 */
export function faultWords(f: { site: WbinvdSite; cpu?: number | null | undefined }): string {
  return `skip WBINVD in ${f.site} ${f.cpu === undefined || f.cpu === null ? 'on every CPU it runs on' : `on CPU ${f.cpu}`}`;
}

/**
 * Who reads why a fault skipped nothing: `file`, a scenario file's author (`flushpoint simulate`), told the
 * field to set ("platform.tdx: true") and the fault by its place in the file ("faults[0]"); `screen`, a
 * student at the sandbox's or a lab's controls, told in the controls' words, which name no field.
 */
export type FaultReader = 'file' | 'screen';

type Run = Pick<Scenario, 'faults' | 'kernel' | 'path' | 'platform' | 'events' | 'mutant'>;

/** Each of the scenario's faults, in its order, with the WBINVDs it skipped in `r` or why it skipped none. */
export function faultOutcomes(s: Run, r: SimResult, reader: FaultReader = 'file'): FaultOutcome[] {
  const out: FaultOutcome[] = s.faults.map((fault, index) => ({
    fault,
    index,
    injected: [],
    unmatched: null,
  }));
  const skipped = r.trace.filter(
    (t): t is Skipped => t.kind === 'wbinvd_skipped' && t.cpu !== null && t.site !== undefined,
  );
  for (const t of skipped)
    out[faultIndexFor(s.faults, t.site, t.cpu)]?.injected.push({ cpu: t.cpu, seq: t.seq });
  for (const o of out) if (!o.injected.length) o.unmatched = whyUnmatched(s, r, o.fault, skipped, reader);
  return out;
}

type Skipped = TraceStep & { cpu: number; site: WbinvdSite };

/** A run that did not jump, in words for a screen (the file's reader gets the outcome's own name). */
const OUTCOME_WORDS: Record<SimResult['outcome'], string> = {
  jumped: 'it jumped',
  not_buildable: 'the kernel cannot be built',
  load_refused: 'the kexec load was refused',
};

/**
 * Why a fault skipped nothing: the first reason that holds, from the run's shape (the site never runs
 * there) to its flags (it runs, but does no WBINVD to skip). Said only where the model's rules make it
 * true; else the plain fact that no such WBINVD ran.
 */
function whyUnmatched(
  s: Run,
  r: SimResult,
  fault: Fault,
  skipped: readonly Skipped[],
  reader: FaultReader,
): string {
  const { site, cpu } = fault.skip_wbinvd;
  const on = cpu === undefined ? '' : ` on CPU ${cpu}`;
  const none = `no ${site} WBINVD${on} ran in this run, so there was nothing to skip`;
  // What to set, for a file's author: the field and its value.
  const set = (field: string) => (reader === 'file' ? ` (${field})` : '');
  const earlier = skipped.find((t) => faultApplies(fault, t.site, t.cpu));
  if (earlier) {
    const by = faultIndexFor(s.faults, earlier.site, earlier.cpu);
    const first = s.faults[by];
    return reader === 'file' || !first
      ? `faults[${by}] already skips the WBINVD it names (step ${earlier.seq}): only the first fault naming a WBINVD applies`
      : `the fault above it, ${faultWords(first.skip_wbinvd)}, already skips that WBINVD (CPU ${earlier.cpu}'s, step ${earlier.seq}): only the first fault naming a WBINVD applies`;
  }
  const k = r.kexec_cpu;
  const kdump = s.path === 'kdump';
  const kexecSites: readonly WbinvdSite[] = ['relocate_kernel', 'stop_this_cpu', 'kdump_sev_callback'];
  if (r.outcome !== 'jumped' && kexecSites.includes(site))
    return `the run ended before kexec (${reader === 'file' ? r.outcome : OUTCOME_WORDS[r.outcome]}), so ${site} never ran`;
  const offline = cpu !== undefined && r.stopped[String(cpu)] === 'offline';
  switch (site) {
    case 'relocate_kernel': {
      if (cpu !== undefined && cpu !== k)
        return `relocate_kernel runs only on the ${kdump ? 'CPU that panicked' : 'kexec CPU'} (CPU ${k})`;
      const rk = r.relocate_kernel;
      if (rk && 'flags' in rk && !rk.flags.includes('RELOC_KERNEL_CACHE_INCOHERENT'))
        return `RELOC_KERNEL_CACHE_INCOHERENT is clear in this run, so relocate_kernel does no WBINVD to skip`;
      if (rk && 'host_mem_enc_active' in rk && !rk.host_mem_enc_active)
        return `host_mem_enc_active is false in this run (SME is not active), so relocate_kernel does no WBINVD to skip`;
      return none;
    }
    case 'stop_this_cpu':
      if (kdump)
        return 'in kdump the other CPUs are stopped by the shootdown NMI (crash_nmi_callback()), never by stop_this_cpu()';
      if (cpu !== undefined && cpu === k)
        return `stop_this_cpu() runs on the other CPUs, not on the kexec CPU (CPU ${k})`;
      if (offline) return `CPU ${cpu} is offline when kexec starts: it never runs stop_this_cpu()`;
      if (s.kernel === 'before' && s.platform.sme === 'none')
        return 'before the series stop_this_cpu() flushes only when CPUID reports SME, and it does not here';
      if (s.kernel === 'after' && s.mutant === null)
        return `stop_this_cpu() flushes only a CPU whose cache_state_incoherent is set, and ${cpu === undefined ? "no other CPU's was" : `CPU ${cpu}'s was not`} when it stopped`;
      return none;
    case 'kdump_sev_callback':
      if (!kdump) return `kdump_sev_callback() runs only in kdump${set('path: kdump')}`;
      if (!s.platform.snp_host)
        return `kdump_sev_callback() flushes only on a SEV-SNP host${set('platform.snp_host: true')}`;
      if (cpu !== undefined && cpu === k)
        return `kdump_sev_callback() runs on the other CPUs, not on the CPU that panicked (CPU ${k})`;
      if (offline) return `CPU ${cpu} is offline at the panic: the shootdown NMI does not reach it`;
      return none;
    case 'play_dead': {
      const offlined = s.events.flatMap((e) => ('offline' in e ? [e.offline] : []));
      if (!offlined.length) return 'the play_dead WBINVD runs only on a CPU going offline (an offline event)';
      return `the play_dead WBINVD runs only on a CPU going offline, and only ${cpusLabel(offlined)} ${offlined.length === 1 ? 'goes' : 'go'} offline here`;
    }
    case 'tdx_cpu_flush_cache_for_kexec':
      if (s.platform.vendor !== 'intel' || !s.platform.tdx)
        return `tdx_cpu_flush_cache_for_kexec() runs only on an Intel TDX host${set('platform.tdx: true')}`;
      return `${none} (tdx_cpu_flush_cache_for_kexec() flushes only a CPU whose cache_state_incoherent is set)`;
  }
}
