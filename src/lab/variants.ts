/** Seeded variants: a student's seed picks one value per parameter, substituted into {{name}} places. */
import type { ParamSpec, ScenarioData } from './types.ts';

export type ParamValues = Record<string, number | string>;

/** FNV-1a: a stable seed from a student's id and an exercise id. */
export function variantSeed(studentId: string, exerciseId: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${studentId}\u0000${exerciseId}`) {
    h ^= ch.codePointAt(0) as number;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A range bound: a whole number, or an earlier parameter plus or minus one (`n`, `n-1`, `$n + 2`). */
const BOUND = /^\$?([a-z_]\w*)\s*([+-]\s*\d+)?$/;

/**
 * What is wrong with one bound of parameter `self`'s range, given the parameters declared before it (in
 * `earlier`) and after it (in `later`); null when it is sound. Validation asks this before any variant is
 * built, so a bad bound is the params entry's problem, never a crash or a scenario that "got undefined".
 */
export function boundProblem(v: unknown, self: string, earlier: string[], later: string[]): string | null {
  if (typeof v === 'number') return Number.isInteger(v) ? null : `bound ${v} must be a whole number`;
  const shown = JSON.stringify(v);
  const m = typeof v === 'string' ? BOUND.exec(v.trim()) : null;
  if (!m)
    return `bound ${shown} is neither a whole number nor an earlier parameter plus or minus a whole number: write e.g. 3, n or n-1`;
  const name = m[1] as string;
  if (earlier.includes(name)) return null;
  if (name === self)
    return `bound ${shown} names ${self} itself: use a number or a parameter declared before it`;
  if (later.includes(name))
    return `bound ${shown} names ${name}, which is declared after ${self}: declare ${name} before ${self} in params`;
  return `bound ${shown} names no parameter of this exercise (${name}): declare ${name} before ${self} in params, or write a number${
    earlier.length ? ` (parameters declared before ${self}: ${earlier.join(', ')})` : ''
  }`;
}

/** A bound's value given earlier parameters' values: NaN when it is not a number (validation says why). */
function resolveBound(v: number | string, values: ParamValues): number {
  if (typeof v === 'number') return v;
  const m = BOUND.exec(String(v).trim());
  if (!m) return NaN;
  const base = Number(values[m[1] as string]);
  return base + (m[2] ? Number(m[2].replace(/\s/g, '')) : 0);
}

/** The values of a parameter given earlier parameters' values, without listing them (a range may be long). */
interface Domain {
  size: number;
  at: (i: number) => number | string;
  /** A range's bounds, as resolved. */
  lo?: number;
  hi?: number;
}

function domain(spec: ParamSpec, values: ParamValues): Domain {
  if ('values' in spec) return { size: spec.values.length, at: (i) => spec.values[i] as number | string };
  const lo = resolveBound(spec.range[0], values);
  const hi = resolveBound(spec.range[1], values);
  const size = Number.isFinite(lo) && Number.isFinite(hi) && hi >= lo ? hi - lo + 1 : 0;
  return { size, at: (i) => lo + i, lo, hi };
}

/** The parameter values for a seed (mixed-radix over the domains, so seeds spread evenly). */
export function pickParams(params: Record<string, ParamSpec>, seed: number): ParamValues {
  const values: ParamValues = {};
  let s = seed >>> 0;
  for (const [name, spec] of Object.entries(params)) {
    const d = domain(spec, values);
    values[name] = d.at(s % d.size);
    // Unsigned throughout: a signed XOR made some seeds negative and picked no value at all.
    s = (Math.floor(s / d.size) ^ Math.imul(s, 0x9e3779b1)) >>> 0;
  }
  return values;
}

/** How many combinations labs check builds per exercise at most; past it, it says how many it left out. */
export const MAX_COMBINATIONS = 1000;

/** Past this many partial combinations, counting stops: the total is then given as Infinity. */
const COUNT_LIMIT = 1_000_000;

export interface Combinations {
  /** The first `limit` combinations, in order (each parameter's values in the order written). */
  list: ParamValues[];
  /** How many combinations there are in all; Infinity when past a million. */
  total: number;
  /** The first parameter whose range is empty for some earlier values (it then has no variant there). */
  empty?: { param: string; given: ParamValues; lo: number; hi: number };
}

/** Every combination of parameter values (for labs check and labs keys): the first `limit`, and the count. */
export function combinations(params: Record<string, ParamSpec>, limit = MAX_COMBINATIONS): Combinations {
  const names = Object.keys(params);
  const out: Combinations = { list: [], total: 0 };
  let nodes = 0;
  // One record of the values so far, set in place: only the combinations kept are copied.
  const values: ParamValues = {};
  const walk = (i: number): void => {
    if (++nodes > COUNT_LIMIT) {
      out.total = Infinity;
      return;
    }
    if (i === names.length) {
      out.total++;
      if (out.list.length < limit) out.list.push({ ...values });
      return;
    }
    const name = names[i] as string;
    const d = domain(params[name] as ParamSpec, values);
    if (d.size === 0) {
      out.empty ??= { param: name, given: { ...values }, lo: d.lo ?? NaN, hi: d.hi ?? NaN };
      return;
    }
    // Once the list is full, the last parameter's values are counted, not built.
    if (i === names.length - 1 && out.list.length >= limit) {
      out.total += d.size;
      return;
    }
    for (let k = 0; k < d.size && out.total !== Infinity; k++) {
      values[name] = d.at(k);
      walk(i + 1);
    }
    delete values[name];
  };
  walk(0);
  return out;
}

/** The names a text uses as {{name}}. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] as string);
}

/** Replaces {{name}} in strings; a string that is only "{{name}}" becomes the value itself (a number stays a number). */
export function substitute<T>(data: T, values: ParamValues): T {
  if (typeof data === 'string') {
    const whole = /^\{\{\s*(\w+)\s*\}\}$/.exec(data);
    if (whole && (whole[1] as string) in values) return values[whole[1] as string] as T;
    return data.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, n: string) => (n in values ? String(values[n]) : m)) as T;
  }
  if (Array.isArray(data)) return data.map((d) => substitute(d, values)) as T;
  if (data && typeof data === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(data)) out[substitute(k, values)] = substitute(v, values);
    return out as T;
  }
  return data;
}

/** A concrete scenario (and the values used) for a seed, or for the values given. */
export function instantiate(
  scenario: ScenarioData,
  params: Record<string, ParamSpec> | undefined,
  seed: number,
  given?: ParamValues,
) {
  const values = given ?? (params ? pickParams(params, seed) : {});
  return { values, scenario: substitute(scenario, values) };
}
