/**
 * Differences between two runs of (usually) the same scenario under two settings: which WBINVDs appear
 * in only one, how CPUs were stopped, the relocate_kernel argument, the outcome and the new kernel.
 * The sandbox's "before vs after" and the Compare view both read this.
 */
import type { SimResult, StopMethod, WbinvdRecord } from './result.ts';
import type { Scenario } from './scenario.ts';
import { cpusLabel } from './words.ts';

export interface WbinvdDiffRow {
  cpu: number;
  site: WbinvdRecord['site'];
  /** How many times this CPU flushed at this site in each run. */
  a: number;
  b: number;
  /** The trace step of the first such WBINVD in each run, for "why". */
  seqA: number | null;
  seqB: number | null;
}

export interface ResultDiff {
  /** Every (cpu, site) that flushed in either run; `changed` when the counts differ. */
  wbinvd: (WbinvdDiffRow & { changed: boolean })[];
  stopped: { cpu: number; a: StopMethod | null; b: StopMethod | null }[];
  relocateKernel: { a: string; b: string; changed: boolean };
  outcome: { a: string; b: string; changed: boolean };
  corrupted: { a: number; b: number };
  race: { a: number[]; b: number[] };
  /** True when nothing the views compare differs. */
  same: boolean;
}

/**
 * relocate_kernel's argument as the kernel writes it: v6.18's flags word (the names of its set bits) or
 * v6.17's separate host_mem_enc_active integer; "not reached" when kexec never got there.
 */
export function relocateKernelLabel(arg: SimResult['relocate_kernel']): string {
  if (arg === null) return 'not reached';
  return 'flags' in arg
    ? `flags = [${arg.flags.join(', ') || 'none'}]`
    : `host_mem_enc_active = ${arg.host_mem_enc_active ? 1 : 0}`;
}

const key = (cpu: number, site: string) => `${cpu}|${site}`;

/** Compares two results. */
export function diffResults(a: SimResult, b: SimResult): ResultDiff {
  const rows = new Map<string, WbinvdDiffRow>();
  const add = (r: SimResult, side: 'a' | 'b') => {
    for (const w of r.wbinvd) {
      const k = key(w.cpu, w.site);
      const row = rows.get(k) ?? { cpu: w.cpu, site: w.site, a: 0, b: 0, seqA: null, seqB: null };
      row[side]++;
      if (side === 'a') row.seqA ??= w.seq;
      else row.seqB ??= w.seq;
      rows.set(k, row);
    }
  };
  add(a, 'a');
  add(b, 'b');
  const wbinvd = [...rows.values()]
    .map((r) => ({ ...r, changed: r.a !== r.b }))
    .sort((x, y) => (x.seqA ?? x.seqB ?? 0) - (y.seqA ?? y.seqB ?? 0) || x.cpu - y.cpu);
  const cpus = new Set([...Object.keys(a.stopped), ...Object.keys(b.stopped)].map(Number));
  const stopped = [...cpus]
    .sort((x, y) => x - y)
    .map((cpu) => ({ cpu, a: a.stopped[String(cpu)] ?? null, b: b.stopped[String(cpu)] ?? null }))
    .filter((s) => s.a !== s.b);
  const rkA = relocateKernelLabel(a.relocate_kernel);
  const rkB = relocateKernelLabel(b.relocate_kernel);
  const relocateKernel = { a: rkA, b: rkB, changed: rkA !== rkB };
  const outcome = { a: a.outcome, b: b.outcome, changed: a.outcome !== b.outcome };
  const corrupted = { a: a.memory?.corrupted ?? 0, b: b.memory?.corrupted ?? 0 };
  const race = { a: a.race, b: b.race };
  const same =
    wbinvd.every((r) => !r.changed) &&
    stopped.length === 0 &&
    !relocateKernel.changed &&
    !outcome.changed &&
    corrupted.a === corrupted.b &&
    JSON.stringify(race.a) === JSON.stringify(race.b);
  return { wbinvd, stopped, relocateKernel, outcome, corrupted, race, same };
}

/** What became of a run's new kernel, in words: "intact", "3 lines corrupted"; null when it has none. */
export const newKernelState = (r: SimResult): string | null =>
  !r.memory
    ? null
    : r.memory.corrupted
      ? `${r.memory.corrupted} line${r.memory.corrupted === 1 ? '' : 's'} corrupted`
      : 'intact';

/**
 * What became of the new kernel in two runs, in words: "intact in both", "intact in A, 3 lines corrupted
 * in B" (each run named: an arrow between two counts read as an improvement either way), or,
 * when a run never jumps (not buildable, load refused), that it has none.
 */
export function newKernelSummary(a: SimResult, b: SimResult, labelA: string, labelB: string): string {
  const [sa, sb] = [newKernelState(a), newKernelState(b)];
  if (sa === null && sb === null) return 'no new kernel in either run';
  if (sa === null) return `new kernel: ${sb} in ${labelB}; ${labelA} never jumps to one`;
  if (sb === null) return `new kernel: ${sa} in ${labelA}; ${labelB} never jumps to one`;
  const [ca, cb] = [a.memory?.corrupted ?? 0, b.memory?.corrupted ?? 0];
  if (ca === cb) return ca ? `new kernel corrupted in both (${ca} lines)` : 'new kernel intact in both';
  return `new kernel: ${sa} in ${labelA}, ${sb} in ${labelB}`;
}

/** The rows the same in both runs, one part per site in the order the sites first appear: "stop_this_cpu on CPUs 1–3". */
export function sameRowsSummary(rows: readonly Pick<WbinvdDiffRow, 'cpu' | 'site'>[]): string[] {
  const bySite = new Map<string, number[]>();
  for (const r of rows) bySite.set(r.site, [...(bySite.get(r.site) ?? []), r.cpu]);
  return [...bySite].map(([site, cpus]) => `${site} on ${cpusLabel(cpus)}`);
}

/** The settings a comparison can flip: the kernel, SME (active vs supported, else vs active), kexec vs kdump. */
export const COMPARE_MODES = ['kernel', 'sme', 'path'] as const;
export type CompareMode = (typeof COMPARE_MODES)[number];

/** The two sides of a comparison: the scenario as given (A) and with one setting flipped (B). */
export interface CompareVariant {
  labelA: string;
  labelB: string;
  /** B's scenario data, for the caller to validate and run like any scenario. */
  b: Scenario;
}

/**
 * The same scenario with one setting flipped, labelled as the sandbox labels its comparisons; or why it
 * cannot be flipped (SME on an Intel host).
 */
export function compareVariant(s: Scenario, mode: CompareMode): CompareVariant | { error: string } {
  switch (mode) {
    case 'kernel':
      return s.kernel === 'before'
        ? { labelA: 'before (v6.17)', labelB: 'after (v6.18)', b: { ...s, kernel: 'after' } }
        : { labelA: 'after (v6.18)', labelB: 'before (v6.17)', b: { ...s, kernel: 'before' } };
    case 'sme': {
      if (s.platform.vendor === 'intel') return { error: 'an Intel host has no SME to compare' };
      const other = s.platform.sme === 'active' ? 'supported' : 'active';
      return {
        labelA: `SME ${s.platform.sme}`,
        labelB: `SME ${other}`,
        b: { ...s, platform: { ...s.platform, sme: other } },
      };
    }
    case 'path':
      return {
        labelA: s.path,
        labelB: s.path === 'kexec' ? 'kdump' : 'kexec',
        b: { ...s, path: s.path === 'kexec' ? 'kdump' : 'kexec' },
      };
  }
}

/**
 * What a comparison leaves out of SME, when it leaves out the case the series changed for it: SME
 * *supported* but not active (§8, "side effect to SME": the kexec CPU's new relocate_kernel WBINVD, in
 * kexec and in kdump). Null when either run has it, or off AMD (Intel has no SME; Hygon sets no flag). The
 * sandbox's "SME supported vs active" compares none with active on a host with no SME: said, not hidden.
 */
export function smeSupportedNotShown(
  a: Pick<Scenario, 'platform'>,
  b: Pick<Scenario, 'platform'>,
): string | null {
  // Hygon's flag is never set after the series (§8, [INF]): the case would show no new WBINVD there.
  if (a.platform.vendor !== 'amd' || b.platform.vendor !== 'amd') return null;
  if (a.platform.sme === 'supported' || b.platform.sme === 'supported') return null;
  const sides =
    a.platform.sme === b.platform.sme
      ? `both runs have SME ${a.platform.sme}`
      : `this compares SME ${a.platform.sme} with SME ${b.platform.sme}`;
  return `SME supported (in CPUID, not active) is not shown: ${sides}. That is the case the series changed for SME, a new relocate_kernel WBINVD on the kexec CPU; set sme: supported to see it.`;
}
