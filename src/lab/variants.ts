/** Seeded variants: a student's seed picks one value per parameter, substituted into {{name}} places. */
import type { ParamSpec, ScenarioData } from './types.ts';

/** FNV-1a: a stable seed from a student's id and an exercise id. */
export function variantSeed(studentId: string, exerciseId: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${studentId}\u0000${exerciseId}`) {
    h ^= ch.codePointAt(0) as number;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function resolveBound(v: number | string, values: Record<string, number | string>): number {
  if (typeof v === 'number') return v;
  const m = /^\$?([a-z_]\w*)\s*([+-]\s*\d+)?$/.exec(v.trim());
  if (!m) throw new Error(`bad bound "${v}"`);
  const base = Number(values[m[1] as string]);
  return base + (m[2] ? Number(m[2].replace(/\s/g, '')) : 0);
}

/** All values of each parameter, given earlier parameters' values (ranges may depend on them). */
function domain(spec: ParamSpec, values: Record<string, number | string>): (number | string)[] {
  if ('values' in spec) return spec.values;
  const lo = resolveBound(spec.range[0], values);
  const hi = resolveBound(spec.range[1], values);
  const out: number[] = [];
  for (let i = lo; i <= hi; i++) out.push(i);
  return out;
}

/** The parameter values for a seed (mixed-radix over the domains, so seeds spread evenly). */
export function pickParams(params: Record<string, ParamSpec>, seed: number): Record<string, number | string> {
  const values: Record<string, number | string> = {};
  let s = seed >>> 0;
  for (const [name, spec] of Object.entries(params)) {
    const d = domain(spec, values);
    values[name] = d[s % d.length] as number | string;
    // Unsigned throughout: a signed XOR made some seeds negative and picked no value at all.
    s = (Math.floor(s / d.length) ^ Math.imul(s, 0x9e3779b1)) >>> 0;
  }
  return values;
}

/** Every combination of parameter values (for labs check), capped. */
export function allParams(params: Record<string, ParamSpec>, cap = 256): Record<string, number | string>[] {
  let combos: Record<string, number | string>[] = [{}];
  for (const [name, spec] of Object.entries(params)) {
    const next: Record<string, number | string>[] = [];
    for (const c of combos) for (const v of domain(spec, c)) next.push({ ...c, [name]: v });
    combos = next.slice(0, cap);
  }
  return combos;
}

/** Replaces {{name}} in strings; a string that is only "{{name}}" becomes the value itself (a number stays a number). */
export function substitute<T>(data: T, values: Record<string, number | string>): T {
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

/** A concrete scenario (and the values used) for a seed. */
export function instantiate(
  scenario: ScenarioData,
  params: Record<string, ParamSpec> | undefined,
  seed: number,
) {
  const values = params ? pickParams(params, seed) : {};
  return { values, scenario: substitute(scenario, values) };
}
