/**
 * `flushpoint simulate FILE [--json] [--seed N]`: the public contract of ARCHITECTURE.md. FILE may be
 * `-`, the standard input, so a script can generate scenarios without writing files.
 */
import { readFileSync } from 'node:fs';
import { formatTimeline, parseScenarioText, simulate, toContractJson } from '../sim/index.ts';

const USAGE = 'usage: flushpoint simulate FILE|- [--json] [--seed N]';

/** Exit 0 on a run, 2 on a bad argument or a bad scenario file (message on stderr, nothing on stdout). */
export function runSimulate(args: string[]): number {
  let file: string | undefined;
  let json = false;
  let seed: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--json') json = true;
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
  process.stdout.write(
    json ? `${JSON.stringify(toContractJson(result), null, 2)}\n` : formatTimeline(result),
  );
  return 0;
}
