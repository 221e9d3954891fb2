/**
 * Why each cell of a "which CPUs flush where" grid is what it is, read off the run that graded it: the
 * decision step the kernel took at that site on that CPU (the flag it read, the bit it tested), or why
 * the CPU never reached the site. Shown once an exercise is solved or its solution shown, so the
 * answer comes with the model's reasons, not only a list of cells.
 */
import type { SimResult, TraceStep, WbinvdSite } from '../sim/view.ts';

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

/** The step whose note says why this WBINVD ran: its last cause on the same CPU, else the WBINVD. */
function causeOf(r: SimResult, seq: number, cpu: number): TraceStep | undefined {
  const step = r.trace[seq - 1];
  const causes = (step?.because ?? []).map((s) => r.trace[s - 1]).filter((t) => t?.cpu === cpu);
  return causes[causes.length - 1] ?? step;
}

/** The last step of this CPU that decided about the site, or said why it does nothing there. */
function deciding(r: SimResult, cpu: number, site: WbinvdSite): TraceStep | undefined {
  const mine = r.trace.filter((t) => t.cpu === cpu);
  const last = (ok: (t: TraceStep) => boolean) => [...mine].reverse().find(ok);
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

function whyNotReached(r: SimResult, cpu: number, site: WbinvdSite): string {
  const stopped = r.stopped[String(cpu)];
  const who = r.path === 'kdump' ? 'panicked' : 'runs kexec';
  if (site === 'relocate_kernel')
    return r.kexec_cpu === null
      ? 'relocate_kernel never runs in this run.'
      : `Only CPU ${r.kexec_cpu}, the CPU that ${r.path === 'kdump' ? 'panicked' : 'runs machine_kexec()'}, runs relocate_kernel.`;
  if (cpu === r.kexec_cpu && (site === 'stop_this_cpu' || site === 'kdump_sev_callback'))
    return `CPU ${cpu} ${who}: it stops the others and runs no ${site}.`;
  if (site === 'tdx_cpu_flush_cache_for_kexec' && r.path === 'kdump')
    return "The crash path runs no kvm_shutdown(), so KVM's early TDX flush never runs.";
  if (stopped === 'offline') return `CPU ${cpu} was offline when this began.`;
  if (stopped === 'nmi_shootdown' && site === 'stop_this_cpu')
    return `CPU ${cpu} is stopped by the crash NMI shootdown, which does not call stop_this_cpu.`;
  return `CPU ${cpu} never reaches ${site} in this run.`;
}

/** Every cell of the grid, in CPU then site order. */
export function whyCells(r: SimResult, sites: readonly WbinvdSite[], phases?: readonly string[]): CellWhy[] {
  const out: CellWhy[] = [];
  for (let cpu = 0; cpu < r.cpus; cpu++) {
    for (const site of sites) {
      const here = r.wbinvd.filter((w) => w.cpu === cpu && w.site === site);
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
      const step = deciding(r, cpu, site);
      out.push(
        step
          ? { cpu, site, flushed: false, seq: step.seq, fn: step.fn, why: step.note }
          : { cpu, site, flushed: false, seq: null, fn: null, why: whyNotReached(r, cpu, site) },
      );
    }
  }
  return out;
}
