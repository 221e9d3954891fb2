/**
 * `flushpoint simulate FILE [--json] [--seed N] [--why] [--compare kernel|sme|path]`: the public contract
 * of ARCHITECTURE.md. FILE may be `-`, the standard input, so a script can generate scenarios without
 * writing files. Extensions: `--why` adds, per site and CPU, whether it flushed and the trace step that
 * decided it; `--compare` runs the scenario again with one setting flipped and says what differs. Every
 * run says its broken model (mutant) and what each of its faults did, in the text and the JSON.
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import { readCapped } from '../node/read-capped.ts';
import { MUTANT_RULES } from '../lab/mutants.ts';
import { whyOfRun } from '../lab/why-cells.ts';
import {
  COMPARE_MODES,
  compareVariant,
  diffResults,
  EMPTY_SCENARIO,
  faultOutcomes,
  formatTimeline,
  newKernelSummary,
  parseScenarioText,
  sameRowsSummary,
  simulate,
  smeSupportedNotShown,
  toContractJson,
  validateScenario,
  type CompareMode,
  type FaultOutcome,
  type MutantId,
  type ResultDiff,
  type Scenario,
  type ScenarioIssue,
  type SimResult,
} from '../sim/index.ts';
import { MAX_SCENARIO_BYTES } from '../sim/limits.ts';
import { citeSteps, cpusLabel } from '../sim/view.ts';
import { errorWords } from './error-words.ts';
import { SIMULATE } from './usage.ts';
import { writeErr, writeOut } from './out.ts';

const USAGE = `usage: ${SIMULATE.usage}\n(flushpoint simulate --help says more)`;

/**
 * The first line of a broken model's timeline. Said here, not in the steps' notes: the app shows a find-
 * the-bug exercise's run with those notes, and naming the mutant there would give the answer away.
 */
export const mutantLine = (m: MutantId): string =>
  `Broken model: ${m} — ${MUTANT_RULES[m].option}; not the kernel's behaviour\n\n`;

/** The JSON of what each fault did: the scenario's fault, then the WBINVDs it skipped or why none. */
const faultJson = (f: FaultOutcome) => ({
  skip_wbinvd: f.fault.skip_wbinvd,
  injected: f.injected,
  unmatched: f.unmatched,
});

/** The text section of --why: each site, its CPUs grouped by the reason the trace gives. */
export function formatWhy(r: SimResult): string {
  if (r.kexec_cpu === null)
    return `\n== Why, per site and CPU ==\nNo kexec ran (${r.outcome}): nothing to explain.\n`;
  const lines = ['', '== Why, per site and CPU =='];
  let site = '';
  for (const g of whyOfRun(r)) {
    if (g.site !== site) lines.push((site = g.site));
    const cited = citeSteps(g.steps);
    lines.push(
      `  ${cpusLabel(g.cpus)}: ${g.flushed ? 'WBINVD' : 'no WBINVD'}. ${cited ? `${cited}${g.fn ? ` (${g.fn})` : ''}: ` : ''}${g.why}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A comparison: its two labels, what differs, and the second run. */
interface Compared {
  mode: CompareMode;
  labelA: string;
  labelB: string;
  diff: ResultDiff;
  b: SimResult;
  /** The second run's scenario: its broken model and faults are said with its run, as the first's are. */
  bScenario: Scenario;
  /** What the comparison leaves out of SME (smeSupportedNotShown), or null. */
  smeNote: string | null;
}

const cpuList = (cpus: readonly number[]) => (cpus.length ? cpusLabel(cpus) : 'none');

/** The text section of --compare: what differs between the two runs, then what is the same. */
export function formatCompare(c: Compared, a: SimResult): string {
  const { diff, labelA, labelB } = c;
  const lines = ['', `== Compare: ${labelA} vs ${labelB} ==`];
  if (c.smeNote) lines.push(`Note: ${c.smeNote}`);
  lines.push(diff.same ? 'Nothing differs.' : `Values are ${labelA} / ${labelB}.`);
  const changed = diff.wbinvd.filter((r) => r.changed);
  if (changed.length) {
    lines.push('WBINVDs that differ (how many times, per CPU and site):');
    for (const r of changed) lines.push(`  CPU ${r.cpu} ${r.site}: ${r.a} / ${r.b}`);
  }
  const same = sameRowsSummary(diff.wbinvd.filter((x) => !x.changed));
  if (same.length) lines.push(`WBINVDs the same in both: ${same.join('; ')}`);
  for (const s of diff.stopped)
    lines.push(`CPU ${s.cpu} stopped by: ${s.a ?? 'not stopped'} / ${s.b ?? 'not stopped'}`);
  lines.push(`relocate_kernel: ${diff.relocateKernel.a} / ${diff.relocateKernel.b}`);
  lines.push(`outcome: ${diff.outcome.a} / ${diff.outcome.b}`);
  lines.push(newKernelSummary(a, c.b, labelA, labelB));
  lines.push(`race: ${cpuList(diff.race.a)} / ${cpuList(diff.race.b)}`);
  return `${lines.join('\n')}\n`;
}

/**
 * A run as the JSON prints it: the contract's keys and its documented extensions, then the scenario's
 * broken model and faults (a script must not take a mutant's run for the kernel's). The same for a
 * --compare's second run.
 */
function runJson(scenario: Scenario, result: SimResult): Record<string, unknown> {
  const out = toContractJson(result);
  out['mutant'] = scenario.mutant;
  out['faults'] = faultOutcomes(scenario, result).map(faultJson);
  return out;
}

/** The JSON key of --compare: the labels, what differs, and the second run as the contract writes a run. */
function compareJson(c: Compared): Record<string, unknown> {
  const { diff } = c;
  return {
    mode: c.mode,
    a: c.labelA,
    b: c.labelB,
    same: diff.same,
    wbinvd: diff.wbinvd.map((r) => ({ cpu: r.cpu, site: r.site, a: r.a, b: r.b, changed: r.changed })),
    stopped: diff.stopped,
    relocate_kernel: diff.relocateKernel,
    outcome: diff.outcome,
    corrupted: diff.corrupted,
    race: diff.race,
    sme_supported_not_shown: c.smeNote,
    run_b: runJson(c.bScenario, c.b),
  };
}

/** "8.7 MB", "300 kB": a size as a message says it. */
const sizeSaid = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} kB`;

/**
 * A scenario file's text (a path, or 0 for the standard input), or what is wrong. Read a piece at a time
 * and refused past MAX_SCENARIO_BYTES, as the sandbox refuses it: a file of hundreds of thousands of
 * events took a minute and gigabytes to run, and a pipe or a device (/dev/zero) has no size to look at
 * first.
 */
function readScenario(from: string | 0): string | { problem: string } {
  const tooBig = (size: string) => ({
    problem: `is too big for a scenario file (${size}; a scenario is a few hundred bytes): if it was generated, give it fewer events`,
  });
  const most = `${MAX_SCENARIO_BYTES / 1024} kB`;
  let fd: number | undefined;
  try {
    fd = from === 0 ? 0 : openSync(from, 'r');
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { problem: 'cannot read: it is a folder, not a scenario file' };
    if (stat.isFile() && stat.size > MAX_SCENARIO_BYTES)
      return tooBig(`${sizeSaid(stat.size)}, at most ${most}`);
    const read = readCapped(fd, MAX_SCENARIO_BYTES);
    return 'text' in read ? read.text : tooBig(`more than the ${most} at most`);
  } catch (err) {
    return { problem: `cannot read: ${errorWords(err)}` };
  } finally {
    if (fd !== undefined && fd !== 0) closeSync(fd);
  }
}

/**
 * A problem of the scenario file as one line: the file, the line and the field it is at. One about the
 * whole file (binary, empty, UTF-16) is said of the file alone.
 */
function issueLine(file: string, issue: ScenarioIssue): string {
  if (issue.field === '(file)' && !issue.line)
    return `${file}: ${issue.message}${issue.message === EMPTY_SCENARIO ? ' (see flushpoint simulate --help)' : ''}`;
  return `${file}${issue.line ? `:${issue.line}` : ''}: ${issue.field}: ${issue.message}`;
}

/** Exit 0 on a run, 2 on a bad argument or a bad scenario file (message on stderr, nothing on stdout). */
export function runSimulate(args: string[]): number {
  let file: string | undefined;
  let json = false;
  let seed: number | undefined;
  let why = false;
  let compare: CompareMode | null = null;
  // Options that take a value, as given: a second one would silently replace the first.
  const given = new Map<string, string>();
  // After "--", the argument is the scenario file, one named "-x.yaml" too (the usual convention).
  let operands = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!operands && a === '--') {
      operands = true;
      continue;
    }
    if (operands) {
      if (a === '') {
        writeErr(
          `flushpoint simulate: the path is empty: name a scenario file, or - for the standard input\n${USAGE}\n`,
        );
        return 2;
      }
      if (file !== undefined) {
        writeErr(`flushpoint simulate: one scenario file only (got ${file} and ${a})\n${USAGE}\n`);
        return 2;
      }
      file = a;
      continue;
    }
    if ((a === '--seed' || a === '--compare') && given.has(a)) {
      const v = args[i + 1];
      writeErr(
        `flushpoint simulate: ${a} is given twice (${given.get(a)} and ${v ?? 'nothing'}): give it once\n${USAGE}\n`,
      );
      return 2;
    }
    if (a === '--seed' || a === '--compare') given.set(a, args[i + 1] ?? 'nothing');
    if (a === '--json') json = true;
    else if (a === '--why') why = true;
    else if (a === '--compare') {
      const v = args[++i];
      if (!COMPARE_MODES.includes(v as CompareMode)) {
        writeErr(
          `flushpoint simulate: --compare needs one of ${COMPARE_MODES.join(', ')} (got ${v ?? 'nothing'})\n${USAGE}\n`,
        );
        return 2;
      }
      compare = v as CompareMode;
    } else if (a === '--seed') {
      const v = args[++i];
      if (v === undefined || !/^\d+$/.test(v) || Number(v) > 0xffffffff) {
        writeErr(
          `flushpoint simulate: --seed needs a whole number from 0 to 4294967295 (got ${v ?? 'nothing'})\n${USAGE}\n`,
        );
        return 2;
      }
      seed = Number(v);
    } else if (a.startsWith('-') && a !== '-') {
      writeErr(`flushpoint simulate: unknown option ${a}\n${USAGE}\n`);
      return 2;
    } else if (a === '') {
      // Opened, it would say "cannot read: ENOENT" after a path of nothing: a bad argument, not a bad file.
      writeErr(
        `flushpoint simulate: the path is empty: name a scenario file, or - for the standard input\n${USAGE}\n`,
      );
      return 2;
    } else if (file === undefined) file = a;
    else {
      writeErr(`flushpoint simulate: one scenario file only (got ${file} and ${a})\n${USAGE}\n`);
      return 2;
    }
  }
  if (file === undefined) {
    writeErr(`flushpoint simulate: no scenario file given\n${USAGE}\n`);
    return 2;
  }
  const stdin = file === '-';
  if (stdin) file = '<stdin>';
  const read = readScenario(stdin ? 0 : file);
  if (typeof read !== 'string') {
    writeErr(`${file}: ${read.problem}\n`);
    return 2;
  }
  const text = read;
  const parsed = parseScenarioText(text);
  if (!parsed.ok) {
    for (const issue of parsed.issues) writeErr(`${issueLine(file, issue)}\n`);
    return 2;
  }
  const scenario = seed === undefined ? parsed.scenario : { ...parsed.scenario, seed };
  const result = simulate(scenario);
  let compared: Compared | null = null;
  if (compare) {
    const v = compareVariant(scenario, compare);
    const checked = 'error' in v ? null : validateScenario(v.b);
    if ('error' in v || !checked?.ok) {
      const why =
        'error' in v
          ? v.error
          : (checked?.ok === false ? checked.issues : []).map((i) => `${i.field}: ${i.message}`).join('; ');
      writeErr(`${file}: --compare ${compare}: ${why}\n`);
      return 2;
    }
    const b = simulate(checked.scenario);
    compared = {
      mode: compare,
      labelA: v.labelA,
      labelB: v.labelB,
      diff: diffResults(result, b),
      b,
      bScenario: checked.scenario,
      smeNote: smeSupportedNotShown(scenario, checked.scenario),
    };
  }
  if (json) {
    // --why and --compare add one key each to the run.
    const out = runJson(scenario, result);
    if (why)
      out['why'] = whyOfRun(result).map((g) => ({
        site: g.site,
        cpus: g.cpus,
        wbinvd: g.flushed,
        steps: g.steps,
        fn: g.fn,
        why: g.why,
      }));
    if (compared) out['compare'] = compareJson(compared);
    writeOut(`${JSON.stringify(out, null, 2)}\n`);
  } else
    writeOut(
      (scenario.mutant ? mutantLine(scenario.mutant) : '') +
        formatTimeline(result, { faults: faultOutcomes(scenario, result) }) +
        (why ? formatWhy(result) : '') +
        (compared ? formatCompare(compared, result) : ''),
    );
  return 0;
}
