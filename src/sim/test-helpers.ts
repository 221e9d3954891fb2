/** Helpers for the simulator's tests: build scenarios tersely and read results as facts. */
import type { SimResult } from './result.ts';
import type { WbinvdSite } from './scenario.ts';
import { simulate } from './simulate.ts';
import { validateScenario } from './validate.ts';

/** Validates and runs a scenario given as plain data (the same path a YAML file takes). */
export function run(input: Record<string, unknown>): SimResult {
  const parsed = validateScenario(input);
  if (!parsed.ok) throw new Error(`test scenario invalid: ${JSON.stringify(parsed.issues)}`);
  return simulate(parsed.scenario);
}

/** CPUs that executed WBINVD at a site, in order. */
export function flushers(r: SimResult, site: WbinvdSite): number[] {
  return r.wbinvd.filter((w) => w.site === site).map((w) => w.cpu);
}

/** Seq of the first trace step matching a predicate (Infinity when absent, so comparisons fail loudly). */
export function seqOf(r: SimResult, pred: (t: SimResult['trace'][number]) => boolean): number {
  return r.trace.find(pred)?.seq ?? Infinity;
}

export const amd = (sme: 'none' | 'supported' | 'active', cpus = 4, extra: Record<string, unknown> = {}) => ({
  vendor: 'amd',
  cpus,
  sme,
  ...extra,
});
export const intel = (tdx: boolean, cpus = 4, extra: Record<string, unknown> = {}) => ({
  vendor: 'intel',
  cpus,
  tdx,
  ...extra,
});

/**
 * A few lines of YAML whose aliases stand for 9^5 nodes ("billion laughs"): more than the yaml library
 * will expand, so a reader must refuse it as bad input.
 */
export function aliasBombYaml(): string {
  const rows = ['a: &a [x, x, x, x, x, x, x, x, x]'];
  const names = ['a', 'b', 'c', 'd', 'e'];
  for (let i = 1; i < names.length; i++)
    rows.push(
      `${names[i]}: &${names[i]} [${Array(9)
        .fill(`*${names[i - 1]}`)
        .join(', ')}]`,
    );
  return `${rows.join('\n')}\n`;
}
