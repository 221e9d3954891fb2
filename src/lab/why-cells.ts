/**
 * Why each CPU x site cell of a run is what it is, read off the trace: the decision step the kernel took
 * at that site on that CPU (the flag it read, the bit it tested), or why the CPU never reached the site.
 * A grid exercise shows it once solved or its solution shown; the sandbox ("who flushes where") and
 * `flushpoint simulate --why` show it grouped, CPUs together when their reason reads the same.
 */
import { WBINVD_SITES, type SimResult, type TraceStep, type WbinvdSite } from '../sim/view.ts';

export interface CellWhy {
  cpu: number;
  site: WbinvdSite;
  /** A WBINVD at this site on this CPU counts for the question (in its phases). */
  flushed: boolean;
  /** The step that explains the cell, and its function, when the trace has one. */
  seq: number | null;
  fn: string | null;
  why: string;
}

/** The function whose decision step says whether a site flushes (relocate_kernel tests its bit there). */
const DECIDED_IN: Partial<Record<WbinvdSite, string>> = { relocate_kernel: 'identity_mapped' };

/**
 * The step whose note says why this WBINVD ran: the decision among its causes on the same CPU (the flag
 * read, the bit tested), else the step just before it on that CPU (hlt_play_dead, kdump_nmi_callback),
 * else the WBINVD itself.
 */
function causeOf(r: SimResult, seq: number, cpu: number): TraceStep | undefined {
  const step = r.trace[seq - 1];
  const causes = (step?.because ?? []).map((s) => r.trace[s - 1]).filter((t) => t?.cpu === cpu);
  const decision = causes.filter((t) => t?.kind === 'decision').at(-1);
  const before = r.trace[seq - 2];
  return decision ?? (before?.cpu === cpu ? before : step);
}

/** The last step of this CPU that decided about the site, or said why it does nothing there. */
function deciding(
  r: SimResult,
  mine: readonly TraceStep[],
  cpu: number,
  site: WbinvdSite,
): TraceStep | undefined {
  const last = (ok: (t: TraceStep) => boolean) => mine.findLast(ok);
  return (
    last((t) => t.kind === 'wbinvd_skipped' && t.site === site) ??
    last((t) => t.kind === 'decision' && t.fn === (DECIDED_IN[site] ?? site)) ??
    // The CPU that runs kexec (or panicked) never gets here: said plainly, not by a note that mentions it.
    (cpu === r.kexec_cpu
      ? undefined
      : // e.g. kdump_nmi_callback: "kdump_sev_callback() (not a SEV-SNP host: nothing)"; not a boot note.
        last((t) => t.phase !== 'boot' && t.fn !== site && t.note.includes(`${site}()`)))
  );
}

/** Why a CPU never reaches a site, in words that hold for every CPU they are said of (rows group by them). */
function whyNotReached(r: SimResult, cpu: number, site: WbinvdSite): string {
  const stopped = r.stopped[String(cpu)];
  if (site === 'relocate_kernel')
    return r.kexec_cpu === null
      ? 'relocate_kernel never runs in this run.'
      : `Only CPU ${r.kexec_cpu}, the CPU that ${r.path === 'kdump' ? 'panicked' : 'runs machine_kexec()'}, runs relocate_kernel.`;
  if (cpu === r.kexec_cpu && (site === 'stop_this_cpu' || site === 'kdump_sev_callback'))
    return `It ${r.path === 'kdump' ? 'panicked' : 'runs kexec'}: it stops the others and runs no ${site}.`;
  if (site === 'tdx_cpu_flush_cache_for_kexec' && r.path === 'kdump')
    return "The crash path runs no kvm_shutdown(), so KVM's early TDX flush never runs.";
  if (stopped === 'offline') return 'It was offline when this began.';
  if (stopped === 'nmi_shootdown' && site === 'stop_this_cpu')
    return 'It is stopped by the crash NMI shootdown, which does not call stop_this_cpu.';
  return `It never reaches ${site} in this run.`;
}

function groupBy<T, K>(xs: readonly T[], key: (x: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}

/** Every cell of the grid, in CPU then site order. */
export function whyCells(r: SimResult, sites: readonly WbinvdSite[], phases?: readonly string[]): CellWhy[] {
  const out: CellWhy[] = [];
  // Indexed by CPU once: a 4096-CPU run has some 60,000 steps.
  const stepsOf = groupBy(r.trace, (t) => t.cpu);
  const flushesOf = groupBy(r.wbinvd, (w) => w.cpu);
  for (let cpu = 0; cpu < r.cpus; cpu++) {
    for (const site of sites) {
      const here = (flushesOf.get(cpu) ?? []).filter((w) => w.site === site);
      const counted = here.filter((w) => !phases || phases.includes(w.phase));
      const first = counted[0];
      if (first) {
        const cause = causeOf(r, first.seq, cpu);
        const more =
          counted.length > 1
            ? ` It flushes ${counted.length} times here: steps ${counted.map((w) => w.seq).join(', ')}.`
            : '';
        out.push({
          cpu,
          site,
          flushed: true,
          seq: cause?.seq ?? first.seq,
          fn: cause?.fn ?? null,
          why: `${cause?.note ?? ''}${more}`,
        });
        continue;
      }
      const elsewhere = here[0];
      if (elsewhere) {
        out.push({
          cpu,
          site,
          flushed: false,
          seq: elsewhere.seq,
          fn: site,
          why: `It flushes here in the ${elsewhere.phase} phase, which this question does not count.`,
        });
        continue;
      }
      const step = deciding(r, stepsOf.get(cpu) ?? [], cpu, site);
      out.push(
        step
          ? { cpu, site, flushed: false, seq: step.seq, fn: step.fn, why: step.note }
          : { cpu, site, flushed: false, seq: null, fn: null, why: whyNotReached(r, cpu, site) },
      );
    }
  }
  return out;
}

/** Cells that say the same for several CPUs, as one: "stop_this_cpu on CPUs 1–3: WBINVD, because …". */
export interface WhyGroup {
  site: WbinvdSite;
  cpus: number[];
  flushed: boolean;
  /** The step cited for each CPU of the group (those that have one), in CPU order. */
  steps: number[];
  fn: string | null;
  why: string;
}

/** Groups cells site by site (in the order given), CPUs together when their reason reads the same. */
function groupWhy(cells: readonly CellWhy[], sites: readonly WbinvdSite[]): WhyGroup[] {
  const out: WhyGroup[] = [];
  for (const site of sites) {
    const bySame = new Map<string, WhyGroup>();
    for (const c of cells) {
      if (c.site !== site) continue;
      const key = `${c.flushed}\u0000${c.fn}\u0000${c.why}`;
      const g = bySame.get(key) ?? { site, cpus: [], flushed: c.flushed, steps: [], fn: c.fn, why: c.why };
      g.cpus.push(c.cpu);
      if (c.seq !== null) g.steps.push(c.seq);
      bySame.set(key, g);
    }
    // Flushing CPUs first, then the rest, each group in order of its first CPU.
    out.push(
      ...[...bySame.values()].sort(
        (a, b) => Number(b.flushed) - Number(a.flushed) || (a.cpus[0] ?? 0) - (b.cpus[0] ?? 0),
      ),
    );
  }
  return out;
}

/** The sites worth explaining for a run: where it flushed, and where kexec or kdump decides to. */
function sitesOfRun(r: SimResult): WbinvdSite[] {
  const wanted = new Set<WbinvdSite>(r.wbinvd.map((w) => w.site));
  if (r.kexec_cpu !== null) wanted.add('relocate_kernel');
  if (r.path === 'kexec' && r.kexec_cpu !== null) wanted.add('stop_this_cpu');
  if (r.path === 'kdump' && r.kexec_cpu !== null) wanted.add('kdump_sev_callback');
  return WBINVD_SITES.filter((s) => wanted.has(s));
}

/** A whole run explained site by site (the sandbox's "who flushes where", `simulate --why`). */
export function whyOfRun(r: SimResult): WhyGroup[] {
  const sites = sitesOfRun(r);
  return groupWhy(whyCells(r, sites), sites);
}
