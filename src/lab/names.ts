/**
 * The simulator's names a lab may write in a claim, a step match or a grid's `phases`, as lists that
 * validation checks them against. Where src/sim exports a list it is used as it is; where it has only a
 * type, the list here is checked against that type by tsc: a name the type gains and the list lacks (or a
 * name the type does not have) fails the type check, so the two cannot drift apart.
 */
import {
  KERNEL_FILES,
  RELOC_KERNEL_CACHE_INCOHERENT,
  RELOC_KERNEL_PRESERVE_CONTEXT,
  type Outcome,
  type Phase,
  type StepKind,
  type StopMethod,
  type Via,
} from '../sim/index.ts';

/** A list of every member of the union T, each once: tsc refuses a list with one missing. */
const everyOf =
  <T>() =>
  <const L extends readonly T[]>(
    list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> }),
  ): L =>
    list;

/** Where a WBINVD record's phase comes from: the part of the kexec or kdump flow it ran in. */
export const PHASES = everyOf<Phase>()([
  'events',
  'syscore_shutdown',
  'stop_other_cpus',
  'crash_shutdown',
  'machine_kexec',
]);
/** How the CPU of a WBINVD record had been reached: null for a WBINVD no stop IPI or NMI led to. */
export const VIAS = everyOf<Via>()(['reboot_ipi', 'nmi', null]);
export const STOP_METHODS = everyOf<StopMethod>()(['reboot_ipi', 'nmi', 'nmi_shootdown', 'offline']);
export const OUTCOMES = everyOf<Outcome>()(['jumped', 'load_refused', 'not_buildable']);
export const STEP_KINDS = everyOf<StepKind>()([
  'step',
  'wbinvd',
  'wbinvd_skipped',
  'flag',
  'seamcall',
  'ipi',
  'nmi',
  'report',
  'halt',
  'decision',
  'copy',
  'jump',
  'writeback',
  'refused',
  'note',
]);
/** The bits of relocate_kernel's flags word (after the series) the model names. */
export const RELOCATE_FLAGS: readonly string[] = [
  RELOC_KERNEL_PRESERVE_CONTEXT,
  RELOC_KERNEL_CACHE_INCOHERENT,
];
/**
 * The `fn` of trace steps: the kernel functions the model mirrors (KERNEL_FILES), and the two steps
 * src/sim/simulate.ts names otherwise: `wbinvd` (the instruction) and `event` (a scenario's event).
 */
export const STEP_FNS: readonly string[] = [...Object.keys(KERNEL_FILES), 'wbinvd', 'event'];

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    prev = row;
  }
  return prev[b.length] as number;
}

/** The name of `names` closest to a mistyped one, when it looks like a typo or a word left out. */
export function closest(got: string, names: readonly string[]): string | undefined {
  const words = (s: string) =>
    s
      .toLowerCase()
      .split(/[-_\s]+/)
      .filter(Boolean);
  const mine = words(got);
  let best: string | undefined;
  let bestD = Infinity;
  for (const n of names) {
    const d = distance(got.toLowerCase(), n.toLowerCase());
    const theirs = words(n);
    // `tdx-from-stc` for `tdx-flush-from-stc`: every word of it is a word of the name.
    const near =
      d <= Math.max(2, Math.floor(got.length / 4)) ||
      (mine.length > 1 && mine.every((w) => theirs.includes(w)));
    if (near && d < bestD) [best, bestD] = [n, d];
  }
  return best;
}

/** An id's words, a plural's s aside (`kdump-remotes-flush`: kdump, remote, flush). */
const stems = (s: string): string[] =>
  s
    .toLowerCase()
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((w) => (w.length > 3 ? w.replace(/s$/, '') : w));

/**
 * Up to `n` names of `names` near a mistyped one, nearest first: most words in common, then fewest
 * edits; a name with no word in common and more than a typo away is none. For a message that shows a
 * few candidates with what each means, when all of them would be too many to read.
 */
export function nearest(got: string, names: readonly string[], n: number): string[] {
  const mine = stems(got);
  const typo = Math.max(2, Math.floor(got.length / 4));
  return names
    .map((name) => ({
      name,
      shared: stems(name).filter((w) => mine.includes(w)).length,
      d: distance(got.toLowerCase(), name.toLowerCase()),
    }))
    .filter((x) => x.shared > 0 || x.d <= typo)
    .sort((a, b) => b.shared - a.shared || a.d - b.d)
    .slice(0, n)
    .map((x) => x.name);
}

/** `must be one of a, b, c (got "x"; did you mean y?)`; `is required: one of a, b, c` when missing. */
export function oneOf(got: unknown, names: readonly (string | null)[], source = ''): string {
  // Missing, as the other required fields say it (JSON.stringify would print "got undefined").
  if (got === undefined)
    return `is required: one of ${names.map(String).join(', ')}${source ? ` (${source})` : ''}`;
  const near =
    typeof got === 'string'
      ? closest(
          got,
          names.filter((n) => n !== null),
        )
      : undefined;
  return `must be one of ${names.map(String).join(', ')}${source ? ` (${source})` : ''} (got ${JSON.stringify(got)}${
    near ? `; did you mean ${near}?` : ''
  })`;
}
