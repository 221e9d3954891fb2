/**
 * The size of a value as JSON, measured without building the JSON. A message of a few bytes can hold
 * what JSON.stringify would make hundreds of megabytes of: a sparse `new Array(2e8)` (structured clone
 * keeps the holes, each one "null"), or one small list referenced from itself thirty times over (clone
 * keeps shared references, stringify writes each path out). Stringifying such a value first, then
 * checking its length, froze main for seconds, and in Node 20 aborted it. This walk stops as soon as the
 * bound is passed, so its cost is bounded by the bound, whatever the value. Imports nothing: the
 * contract, which the preload bundles, uses it.
 */

/** Why a value was refused, or its size: the UTF-8 bytes of JSON.stringify(value). */
export type JsonSize =
  { ok: true; bytes: number } | { ok: false; why: 'too-large' | 'too-deep' | 'not-json' };

export interface JsonBounds {
  /** Most UTF-8 bytes its JSON text may have. */
  maxBytes: number;
  /** Most levels of lists and objects; the value itself, when one, is the first. */
  maxDepth: number;
}

class Refused extends Error {
  constructor(readonly why: 'too-large' | 'too-deep' | 'not-json') {
    super(why);
  }
}

/**
 * The UTF-8 bytes of the character starting at unit `i` of `s`: 1 to 3, or 4 for a surrogate pair (which
 * takes two units); 0 for a lone surrogate, which each caller writes its own way.
 */
function utf8Width(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c < 0x80) return 1;
  if (c < 0x800) return 2;
  if (c >= 0xd800 && c <= 0xdbff) {
    const next = s.charCodeAt(i + 1);
    return next >= 0xdc00 && next <= 0xdfff ? 4 : 0;
  }
  return c >= 0xdc00 && c <= 0xdfff ? 0 : 3;
}

/** UTF-8 bytes of a string as JSON writes it: quotes, escapes, and a lone surrogate as \uXXXX. */
function quotedBytes(s: string): number {
  let n = 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22 || c === 0x5c || c === 0x08 || c === 0x0c || c === 0x0a || c === 0x0d || c === 0x09)
      n += 2;
    else if (c < 0x20) n += 6;
    else {
      const w = utf8Width(s, i);
      n += w || 6;
      if (w === 4) i++;
    }
  }
  return n;
}

/**
 * UTF-8 bytes of a text as a file holds it (a lone surrogate as U+FFFD, three bytes), counting no
 * further than `max + 1`: enough to tell whether it fits.
 */
export function utf8BytesUpTo(s: string, max: number): number {
  let n = 0;
  for (let i = 0; i < s.length && n <= max; i++) {
    const w = utf8Width(s, i);
    n += w || 3;
    if (w === 4) i++;
  }
  return n;
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Measures `value` as JSON. Only plain data passes: text, finite or not numbers, true/false, null, lists
 * and plain objects (undefined is left out of objects and written null in lists, as JSON.stringify
 * does). Anything else (a Date, a Map, a typed array, a BigInt) is 'not-json'; a circular value is
 * 'too-deep'. Every key and element read counts towards the bound, so neither holes nor keys whose value
 * is left out let the walk run on for free.
 */
export function measureJson(value: unknown, bounds: JsonBounds): JsonSize {
  let bytes = 0;
  // Keys and elements read, whether or not they add bytes (an undefined property adds none).
  let steps = 0;
  const spend = (n: number, read = 0) => {
    bytes += n;
    steps += read;
    if (bytes > bounds.maxBytes || steps > bounds.maxBytes) throw new Refused('too-large');
  };

  const walk = (v: unknown, depth: number): void => {
    switch (typeof v) {
      case 'string':
        // Each unit is at least one byte: refused before reading a string that cannot fit.
        spend(v.length + 2);
        spend(quotedBytes(v) - v.length - 2);
        return;
      case 'number':
        spend(Number.isFinite(v) ? String(v).length : 4);
        return;
      case 'boolean':
        spend(v ? 4 : 5);
        return;
      case 'object':
        break;
      default:
        throw new Refused('not-json');
    }
    if (v === null) return spend(4);
    if (depth > bounds.maxDepth) throw new Refused('too-deep');
    if (Array.isArray(v)) {
      // Brackets, commas, and at least one byte an element (a hole is "null"): checked before the walk.
      const length = v.length;
      spend(length === 0 ? 2 : 2 * length + 1, length);
      bytes -= length; // the elements' own bytes are counted as each is read
      for (let i = 0; i < length; i++) {
        const item: unknown = v[i];
        if (item === undefined) spend(4);
        else walk(item, depth + 1);
      }
      return;
    }
    if (!isPlainObject(v)) throw new Refused('not-json');
    spend(2);
    let first = true;
    for (const key of Object.keys(v)) {
      spend(0, 1);
      const item = (v as Record<string, unknown>)[key];
      if (item === undefined) continue;
      spend((first ? 0 : 1) + key.length + 3);
      spend(quotedBytes(key) - key.length - 2);
      first = false;
      walk(item, depth + 1);
    }
  };

  try {
    walk(value, 1);
    return { ok: true, bytes };
  } catch (err) {
    if (err instanceof Refused) return { ok: false, why: err.why };
    throw err;
  }
}
