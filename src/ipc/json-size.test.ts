import { describe, expect, it } from 'vitest';
import { measureJson, utf8BytesUpTo } from './json-size.ts';

const roomy = { maxBytes: 1_000_000, maxDepth: 32 };
const utf8 = (s: string) => new TextEncoder().encode(s).length;

describe('measureJson', () => {
  it.each<[string, unknown]>([
    ['an empty object', {}],
    ['an empty list', []],
    ['scalars', { a: 1, b: -0, c: 1e21, d: 1.5e-7, e: true, f: false, g: null, h: NaN, i: Infinity }],
    ['escapes', { 'q"k\\': 'line\nbreak\ttab "quoted" \\ \u0001 \u001f \b \f \r' }],
    ['non-ASCII', { name: 'José 北京 😀', ['ключ']: ['é', '\u07ff', '\u0800', '\uffff'] }],
    ['lone surrogates', { a: '\ud800', b: 'x\udc00y', c: '\udbff\udfff' }],
    ['undefined properties and list items', { a: undefined, b: [undefined, 1], c: 2, d: undefined }],
    // eslint-disable-next-line no-sparse-arrays
    ['holes', { list: [1, , 3], big: new Array(5) }],
    ['nesting', { a: [{ b: [[{}], []] }], z: { y: { x: 'w' } } }],
    ['an object without a prototype', Object.assign(Object.create(null) as object, { a: 1 })],
  ])('gives exactly the UTF-8 bytes of JSON.stringify for %s', (_, value) => {
    expect(measureJson(value, roomy)).toEqual({ ok: true, bytes: utf8(JSON.stringify(value)) });
  });

  it('accepts a value at its bound and refuses one byte more', () => {
    const value = { text: 'x'.repeat(100) };
    const bytes = utf8(JSON.stringify(value));
    expect(measureJson(value, { maxBytes: bytes, maxDepth: 1 })).toEqual({ ok: true, bytes });
    expect(measureJson(value, { maxBytes: bytes - 1, maxDepth: 1 })).toEqual({ ok: false, why: 'too-large' });
  });

  it('counts bytes, not UTF-16 units: 300 × "é" is 602 bytes as JSON', () => {
    expect(measureJson(['é'.repeat(300)], { maxBytes: 600, maxDepth: 2 })).toEqual({
      ok: false,
      why: 'too-large',
    });
  });

  it('refuses a sparse list of 200 million holes at once, without reading its holes', () => {
    // As JSON, 200 million "null"s: about 1 GB. Its length alone tells it cannot fit.
    const sparse = structuredClone({ list: new Array(2e8) });
    expect(measureJson(sparse, roomy)).toEqual({ ok: false, why: 'too-large' });
    const read: number[] = [];
    const watched = new Proxy(new Array(1e6), {
      get: (t, k, r) => {
        if (typeof k === 'string' && /^\d+$/.test(k)) read.push(Number(k));
        return Reflect.get(t, k, r) as unknown;
      },
    });
    expect(measureJson([watched], { maxBytes: 1000, maxDepth: 4 })).toEqual({ ok: false, why: 'too-large' });
    expect(read).toEqual([]);
  });

  it('stops at the bound when one small list is shared at every level (2^40 paths)', () => {
    let shared: unknown = 1;
    for (let i = 0; i < 40; i++) shared = [shared, shared];
    const value = structuredClone({ shared });
    // Reads a few hundred thousand elements, not a trillion: the call returns at all.
    expect(measureJson(value, { maxBytes: 100_000, maxDepth: 64 })).toEqual({ ok: false, why: 'too-large' });
  });

  it('counts keys whose value is left out, so they do not make a free walk', () => {
    const empty = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, undefined]));
    const value = { list: Array.from({ length: 1000 }, () => empty) };
    // As JSON only about 3 kB ({} a thousand times), but a million keys to read.
    expect(utf8(JSON.stringify(value))).toBeLessThan(4000);
    expect(measureJson(value, { maxBytes: 100_000, maxDepth: 4 })).toEqual({ ok: false, why: 'too-large' });
  });

  it('refuses a string longer than the bound before reading it', () => {
    expect(measureJson({ s: 'a'.repeat(2000) }, { maxBytes: 1000, maxDepth: 2 })).toEqual({
      ok: false,
      why: 'too-large',
    });
  });

  it('refuses nesting past the bound, and a circular value, as too deep', () => {
    expect(measureJson([[[]]], { maxBytes: 100, maxDepth: 3 })).toEqual({ ok: true, bytes: 6 });
    expect(measureJson([[[[]]]], { maxBytes: 100, maxDepth: 3 })).toEqual({ ok: false, why: 'too-deep' });
    const loop: Record<string, unknown> = { a: 1 };
    loop['self'] = loop;
    expect(measureJson(loop, roomy)).toEqual({ ok: false, why: 'too-deep' });
  });

  it.each<[string, unknown]>([
    ['a Date', { at: new Date(0) }],
    ['a Map', { m: new Map([[1, 2]]) }],
    ['a typed array', { t: new Uint8Array(4) }],
    ['a BigInt', { n: 10n }],
    ['a function', { f: () => 1 }],
    ['a symbol in a list', [Symbol('s')]],
    ['undefined alone', undefined],
  ])('refuses %s as not plain JSON data', (_, value) => {
    expect(measureJson(value, roomy)).toEqual({ ok: false, why: 'not-json' });
  });
});

describe('utf8BytesUpTo', () => {
  it('counts the UTF-8 bytes a file holds, a lone surrogate as the 3 of U+FFFD', () => {
    for (const s of ['', 'abc', 'José', '北京', '😀', 'a\ud800b', '\udc00'])
      expect(utf8BytesUpTo(s, 100)).toBe(utf8(s));
  });

  it('stops counting once past the bound', () => {
    expect(utf8BytesUpTo('€'.repeat(1000), 10)).toBeLessThanOrEqual(13);
  });
});
