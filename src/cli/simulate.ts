/**
 * `flushpoint simulate FILE [--json] [--seed N] [--why]`: the public contract of ARCHITECTURE.md. FILE may
 * be `-`, the standard input, so a script can generate scenarios without writing files. `--why` (an
 * extension) adds, per site and CPU, whether it flushed and the trace step that decided it.
 */
import { readFileSync } from 'node:fs';
import { whyOfRun } from '../lab/why-cells.ts';
import { formatTimeline, parseScenarioText, simulate, toContractJson, type SimResult } from '../sim/index.ts';
import { cpusLabel } from '../sim/view.ts';

const USAGE = 'usage: flushpoint simulate FILE|- [--json] [--seed N] [--why]';

/** "steps 23, 30, 37" (at most four, then how many more). */
function citeSteps(steps: readonly number[]): string {
  if (!steps.length) return '';
  const shown = steps.slice(0, 4).join(', ');
  const more = steps.length > 4 ? ` and ${steps.length - 4} more` : '';
  return `${steps.length === 1 ? 'step' : 'steps'} ${shown}${more}`;
}

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

/** Exit 0 on a run, 2 on a bad argument or a bad scenario file (message on stderr, nothing on stdout). */
export function runSimulate(args: string[]): number {
  let file: string | undefined;
  let json = false;
  let seed: number | undefined;
  let why = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--json') json = true;
    else if (a === '--why') why = true;
    else if (a === '--seed') {
      const v = args[++i];
      if (v === undefined || !/^\d+$/.test(v) || Number(v) > 0xffffffff) {
        process.stderr.write(
          `flushpoint simulate: --seed needs a whole number from 0 to 4294967295 (got ${v ?? 'nothing'})\n${USAGE}\n`,
        );
        return 2;
      }
      seed = Number(v);
    } else if (a.startsWith('-') && a !== '-') {
      process.stderr.write(`flushpoint simulate: unknown option ${a}\n${USAGE}\n`);
      return 2;
    } else if (file === undefined) file = a;
    else {
      process.stderr.write(`flushpoint simulate: one scenario file only (got ${file} and ${a})\n${USAGE}\n`);
      return 2;
    }
  }
  if (file === undefined) {
    process.stderr.write(`flushpoint simulate: no scenario file given\n${USAGE}\n`);
    return 2;
  }
  let text: string;
  const stdin = file === '-';
  if (stdin) file = '<stdin>';
  try {
    text = readFileSync(stdin ? 0 : file, 'utf8');
  } catch (err) {
    process.stderr.write(`${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}\n`);
    return 2;
  }
  const parsed = parseScenarioText(text);
  if (!parsed.ok) {
    for (const issue of parsed.issues) {
      process.stderr.write(
        `${file}${issue.line ? `:${issue.line}` : ''}: ${issue.field}: ${issue.message}\n`,
      );
    }
    return 2;
  }
  const scenario = seed === undefined ? parsed.scenario : { ...parsed.scenario, seed };
  const result = simulate(scenario);
  if (json) {
    // --why adds one key; without it the object is exactly the contract's.
    const out = toContractJson(result);
    if (why)
      out['why'] = whyOfRun(result).map((g) => ({
        site: g.site,
        cpus: g.cpus,
        wbinvd: g.flushed,
        steps: g.steps,
        fn: g.fn,
        why: g.why,
      }));
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else process.stdout.write(formatTimeline(result) + (why ? formatWhy(result) : ''));
  return 0;
}
