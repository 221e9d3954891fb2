/** The two outputs of `flushpoint simulate`: the contract JSON object and a timeline a person can read. */
import { attrLabel } from './cache.ts';
import { relocateKernelLabel } from './compare.ts';
import { faultLabel, type FaultOutcome } from './faults.ts';
import { tdxCorruptionInferred } from './tdx-corruption.ts';
import { citeSteps, count, cpusLabel } from './words.ts';
import type { CacheEffect, CacheLine, SimResult, StopMethod, TraceStep } from './result.ts';

/** A cache line as the JSON writes it: the address in hex, the attribute as the timeline says it. */
const lineJson = (l: CacheLine) => ({
  addr: `0x${l.addr.toString(16)}`,
  attr: attrLabel(l.attr),
  dirty: l.dirty,
  data: l.data,
});

/** What a step did to the caches, in the JSON's words. */
const effectJson = (e: CacheEffect) =>
  e.op === 'invalidate'
    ? { op: e.op, cpu: e.cpu, addr: `0x${e.addr.toString(16)}`, attr: attrLabel(e.attr) }
    : { op: e.op, cpu: e.cpu, line: lineJson(e.line) };

/**
 * The contract object of ARCHITECTURE.md, keys in the documented order; extensions come after `trace`
 * (kernel, path, seed, cpus, caches_at_boot, memory, caveats) and after each item's contract keys, so
 * scripts written against the contract keep working. README.md lists every extension.
 */
export function toContractJson(r: SimResult): Record<string, unknown> {
  return {
    outcome: r.outcome,
    reason: r.reason,
    kexec_cpu: r.kexec_cpu,
    wbinvd: r.wbinvd.map((w) => ({
      cpu: w.cpu,
      site: w.site,
      phase: w.phase,
      via: w.via,
      seq: w.seq,
      lines_written_back: w.lines_written_back,
    })),
    stopped: r.stopped,
    race: r.race,
    flags_at_start: r.flags_at_start,
    relocate_kernel: r.relocate_kernel,
    trace: r.trace.map((t) => ({
      seq: t.seq,
      cpu: t.cpu,
      fn: t.fn,
      file: t.file,
      evidence: t.evidence,
      note: t.note,
      phase: t.phase,
      kind: t.kind,
      ...(t.cpu_state ? { cpu_state: t.cpu_state } : {}),
      ...(t.cpu_rest ? { cpu_rest: t.cpu_rest } : {}),
      ...(t.kexec_state ? { kexec_state: t.kexec_state } : {}),
      ...(t.stop_state ? { stop_state: t.stop_state } : {}),
      ...(t.to ? { to: t.to } : {}),
      ...(t.flag ? { flag: t.flag } : {}),
      ...(t.site ? { site: t.site } : {}),
      ...(t.cache && t.cache.length ? { cache: t.cache.map(effectJson) } : {}),
      ...(t.because && t.because.length ? { because: t.because } : {}),
    })),
    kernel: r.kernel,
    path: r.path,
    seed: r.seed,
    cpus: r.cpus,
    caches_at_boot: Object.fromEntries(
      Object.entries(r.caches_at_boot).map(([cpu, lines]) => [cpu, lines.map(lineJson)]),
    ),
    memory: r.memory
      ? {
          image_attr: attrLabel(r.memory.image_attr),
          corrupted: r.memory.corrupted,
          at_risk: r.memory.at_risk,
          lines: r.memory.lines.map((l) => ({
            addr: `0x${l.addr.toString(16)}`,
            status: l.status,
            read: l.read,
            culprit: l.culprit,
            culprit_attr: l.culprit_attr ? attrLabel(l.culprit_attr) : null,
          })),
        }
      : null,
    caveats: r.caveats,
  };
}

const PHASE_TITLES: Record<string, string> = {
  boot: 'Boot',
  events: 'Events before kexec',
  load: 'Loading the image',
  kernel_kexec: 'kernel_kexec()',
  syscore_shutdown: 'syscore_shutdown()',
  stop_other_cpus: 'Stopping the other CPUs',
  panic: 'Panic',
  crash_shutdown: 'Crash shutdown',
  machine_kexec: 'machine_kexec() and relocate_kernel',
  new_kernel: 'In the new kernel',
};

/**
 * A readable timeline: phases as headings, one line per step, WBINVDs marked, then a summary. `faults`:
 * what the scenario's faults did (faultOutcomes), each said in the summary, one that skipped nothing too.
 */
export function formatTimeline(
  r: SimResult,
  opts: { maxBootCpus?: number; faults?: readonly FaultOutcome[] } = {},
): string {
  const maxBoot = opts.maxBootCpus ?? 8;
  const out: string[] = [];
  let phase = '';
  let hiddenBoot = 0;
  for (const t of r.trace) {
    if (t.phase !== phase) {
      if (hiddenBoot) out.push(`   … ${hiddenBoot} more bring-up steps on other CPUs`);
      hiddenBoot = 0;
      phase = t.phase;
      out.push('', `== ${PHASE_TITLES[phase] ?? phase} ==`);
    }
    if (t.phase === 'boot' && t.cpu !== null && t.cpu >= maxBoot) {
      hiddenBoot++;
      continue;
    }
    out.push(formatStep(t));
  }
  out.push('', '== Summary ==');
  out.push(`outcome: ${r.outcome}${r.reason ? ` (${r.reason})` : ''}`);
  if (r.kexec_cpu !== null) out.push(`kexec CPU: ${r.kexec_cpu}`);
  const stopped = stoppedLine(r);
  if (stopped) out.push(stopped);
  const flags = flagsLine(r);
  if (flags) out.push(flags);
  out.push(`WBINVDs: ${r.wbinvd.length === 0 ? 'none' : r.wbinvd.length}`);
  for (const w of r.wbinvd) {
    out.push(`  CPU ${w.cpu}: ${w.site} (phase ${w.phase}${w.via ? `, via ${w.via}` : ''}), step ${w.seq}`);
  }
  for (const f of opts.faults ?? []) out.push(faultLine(f));
  // In the kernel's own words (as the compare view has it); --json keeps the contract's object.
  if (r.relocate_kernel) out.push(`relocate_kernel argument: ${relocateKernelLabel(r.relocate_kernel)}`);
  if (r.race.length)
    out.push(
      `race: ${r.race.length === 1 ? 'CPU' : 'CPUs'} ${r.race.join(', ')} still ran old-kernel code when the kexec CPU went on`,
    );
  if (r.memory) {
    out.push(
      r.memory.corrupted
        ? `new kernel: ${count(r.memory.corrupted, 'corrupted line')}${tdxCorruptionInferred(r) ? ' [INF on TDX: the effect is inferred, see the caveat]' : ''}: ` +
            r.memory.lines
              .filter((l) => l.status === 'corrupted')
              .map(
                (l) =>
                  `0x${l.addr.toString(16)} (by CPU ${l.culprit ?? '?'}${l.culprit_attr ? `, ${attrLabel(l.culprit_attr)}` : ''})`,
              )
              .join(', ')
        : `new kernel: intact${r.memory.at_risk ? ` (but ${count(r.memory.at_risk, 'stale alias line was', 'stale alias lines were')} left: another write-back order could corrupt it${tdxCorruptionInferred(r) ? '; on TDX that effect is inferred [INF], see the caveat' : ''})` : ''}`,
    );
  }
  for (const c of r.caveats) out.push(`[${c.evidence}] ${c.text}`);
  return out.join('\n').trimStart() + '\n';
}

/** How each stop method reads in the summary, in the order the stop protocol tries them. */
const STOPPED_BY: readonly [StopMethod, string][] = [
  ['reboot_ipi', 'by the REBOOT IPI'],
  ['nmi', 'by the NMI fallback'],
  ['nmi_shootdown', 'by the shootdown NMI'],
  ['offline', 'offline already'],
];

/** "stopped: CPUs 1, 3 by the REBOOT IPI; CPU 2 by the NMI fallback", CPUs as ranges (CPUs 1–255). */
function stoppedLine(r: SimResult): string | null {
  const parts = STOPPED_BY.flatMap(([method, words]) => {
    const cpus = Object.keys(r.stopped)
      .filter((c) => r.stopped[c] === method)
      .map(Number);
    return cpus.length ? [`${cpusLabel(cpus)} ${words}`] : [];
  });
  return parts.length ? `stopped: ${parts.join('; ')}` : null;
}

/** "cache_state_incoherent when it began: set on CPUs 0–2; clear on CPU 3" (after the series only). */
function flagsLine(r: SimResult): string | null {
  const cpus = Object.keys(r.flags_at_start).map(Number);
  if (!cpus.length) return null;
  const set = cpus.filter((c) => r.flags_at_start[String(c)]);
  const clear = cpus.filter((c) => !r.flags_at_start[String(c)]);
  const parts = [
    ...(set.length ? [`set on ${cpusLabel(set)}`] : []),
    ...(clear.length ? [`clear on ${cpusLabel(clear)}`] : []),
  ];
  return `cache_state_incoherent when ${r.path === 'kdump' ? 'the panic' : 'kexec'} began: ${parts.join('; ')}`;
}

/** "Fault injected: skip_wbinvd at stop_this_cpu on CPUs 1–3 (steps 24, 31, 38)", or why it did nothing. */
function faultLine(f: FaultOutcome): string {
  if (f.unmatched !== null) return `Fault matched nothing: ${faultLabel(f.fault)} — ${f.unmatched}`;
  const cpus = cpusLabel(f.injected.map((x) => x.cpu));
  return `Fault injected: skip_wbinvd at ${f.fault.skip_wbinvd.site} on ${cpus} (${citeSteps(f.injected.map((x) => x.seq))})`;
}

function formatStep(t: TraceStep): string {
  const who = t.cpu === null ? '     ' : `CPU ${String(t.cpu).padEnd(2)}`;
  const mark = t.kind === 'wbinvd' ? '** WBINVD ** ' : t.kind === 'wbinvd_skipped' ? '(skipped WBINVD) ' : '';
  const flag = t.flag ? ` [flag ${t.flag.from} -> ${t.flag.to}]` : '';
  return `${String(t.seq).padStart(5)}  ${who}  ${mark}${t.fn}: ${t.note}${flag}  [${t.evidence}]`;
}
