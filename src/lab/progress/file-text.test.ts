/** A progress file's text: its size limit, and a key written twice in one object (which JSON.parse hides). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  findRepeatedKey,
  MAX_PROGRESS_BYTES,
  megabytes,
  repeatedKeyText,
  textProblem,
  tooLargeText,
} from './file-text.ts';

/** The repeated key found in a text, in words, or null. */
const said = (text: string) => {
  const r = findRepeatedKey(text);
  return r && repeatedKeyText(text, r);
};

describe('findRepeatedKey', () => {
  it('a second "attempts" list pasted in (two machines merged) is named, with both places', () => {
    const a = '{"id":"a0","labId":"02-sme-two-wbinvds"}';
    const text = `{"version":2,"profile":null,"attempts":[${a},${a}],"attempts":[]}`;
    expect(JSON.parse(text)).toEqual({ version: 2, profile: null, attempts: [] });
    expect(findRepeatedKey(text)).toEqual({
      key: 'attempts',
      path: '',
      first: text.indexOf('"attempts"'),
      again: text.lastIndexOf('"attempts"'),
    });
    expect(said(text)).toBe(
      `the key "attempts" is written twice in the same object (at the top level), at line 1, column 29 and at line 1, column ${text.lastIndexOf('"attempts"') + 1}`,
    );
  });

  it('names the object deep down by its path, and the lines of an indented file', () => {
    const text = JSON.stringify(
      { version: 2, profile: null, attempts: [{ id: 'a0' }, { id: 'a1', answer: { kind: 'choose' } }] },
      null,
      1,
    ).replace('"kind": "choose"', '"kind": "choose",\n    "kind": "grid"');
    expect(findRepeatedKey(text)?.path).toBe('attempts[1].answer');
    expect(said(text)).toBe(
      'the key "kind" is written twice in the same object (in attempts[1].answer), at line 11, column 5 and at line 12, column 5',
    );
  });

  it('the same key in different objects, as values, or inside strings is no repeat', () => {
    const text = JSON.stringify({
      id: 'id',
      attempts: [
        { id: 'a', answer: { id: '{"id":1,"id":2}', 'x"y': '\\', list: [{ id: 1 }, { id: 2 }] } },
        { id: 'b', note: 'a string with "id": and , } ] in it' },
      ],
      profile: { id: 'p', name: 'id' },
    });
    expect(findRepeatedKey(text)).toBeNull();
    expect(findRepeatedKey('[]')).toBeNull();
    expect(findRepeatedKey('"a"')).toBeNull();
    expect(findRepeatedKey('{}')).toBeNull();
  });

  it('keys are compared as JSON.parse reads them: escapes, and a quote or backslash in a key', () => {
    expect(findRepeatedKey('{"a":1,"\\u0061":2}')?.key).toBe('a');
    expect(findRepeatedKey('{"a\\"b":1,"a\\u0022b":2}')?.key).toBe('a"b');
    expect(findRepeatedKey('{"a\\\\":1,"a\\\\":2}')?.key).toBe('a\\');
    expect(findRepeatedKey('{"a\\\\":1,"a":2}')).toBeNull();
    expect(findRepeatedKey('{"__proto__":1,"__proto__":2}')?.key).toBe('__proto__');
  });

  it('a key that would rewrite the terminal or the table it is shown in is shown escaped, and cut', () => {
    const text = JSON.stringify({ x: 1 }).replace('"x":1', '"a\\n\\u202eb":1,"a\\n\\u202eb":2');
    expect(said(text)).toMatch(/^the key "a\\n\\u202eb" is written twice/);
    const long = 'k'.repeat(500);
    expect(said(`{"${long}":1,"${long}":2}`)).toMatch(/^the key "k{60}…" is written twice/);
    const nested = '{"a b":{"x":1,"x":2}}';
    expect(findRepeatedKey(nested)?.path).toBe('["a b"]');
  });

  it('ends on any text, JSON or not', () => {
    for (const text of ['{"a', '{"a":"\\', '}}}]]', '{"a":1,"a', '"\\"', ',,,{,,"a","a"'])
      expect(() => findRepeatedKey(text)).not.toThrow();
  });

  // One pass: a scan that went back over the text per key or per quote would take minutes here.
  it('scans a progress file of the largest size allowed, and strings of backslashes and quotes, in one pass', () => {
    const attempt = JSON.stringify({
      id: 'a',
      labId: '02-sme-two-wbinvds',
      exerciseId: 'who-runs-relocate',
      variantSeed: 3351810338,
      answer: { kind: 'grid', cells: ['0:relocate_kernel', '2:stop_this_cpu'] },
      note: 'a \\"quoted\\" {text}, with [brackets]',
      at: '2026-11-27T10:12:03.000Z',
    });
    const n = Math.floor(MAX_PROGRESS_BYTES / (attempt.length + 2));
    const text = `{"version":2,"profile":null,"attempts":[\n${Array(n).fill(attempt).join(',\n')}\n],"attempts":[]}`;
    expect(text.length).toBeGreaterThan(MAX_PROGRESS_BYTES * 0.9);
    const start = performance.now();
    const r = findRepeatedKey(text);
    expect(r?.path).toBe('');
    expect(said(text)).toMatch(new RegExp(`at line ${n + 2}, column 3$`));
    const tricky = `{"a":"${'\\\\'.repeat(2e6)}\\"${'\\\\\\"'.repeat(1e6)}","a":1}`;
    expect(Object.keys(JSON.parse(tricky) as object)).toEqual(['a']);
    expect(findRepeatedKey(tricky)?.key).toBe('a');
    // JSON.parse alone takes about half a second here; far less than a quadratic scan, on any machine.
    expect(performance.now() - start).toBeLessThan(10_000);
  });

  /** A JSON value built for the test, which knows its own first repeated key. */
  type Value =
    | { kind: 'object'; entries: [string, Value][] }
    | { kind: 'array'; items: Value[] }
    | { kind: 'leaf'; json: string };
  // Few keys, so that repeats are common; some that need escapes, some written with \u escapes.
  const keys = fc.constantFrom('a', 'b', 'id', 'x"y', 'back\\slash', '{', ',', 'é', '');
  const leaf = fc.oneof(
    fc.constantFrom('null', 'true', '-1.5e3', '0'),
    fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s)),
    keys.map((k) => JSON.stringify(k)),
  );
  const { value } = fc.letrec<{ value: Value }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf.map((json): Value => ({ kind: 'leaf', json })),
      fc
        .array(fc.tuple(keys, tie('value')), { maxLength: 4 })
        .map((entries): Value => ({ kind: 'object', entries })),
      fc.array(tie('value'), { maxLength: 4 }).map((items): Value => ({ kind: 'array', items })),
    ),
  }));
  const keyJson = (key: string, unicode: boolean) =>
    unicode
      ? `"${[...key].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`
      : JSON.stringify(key);
  const gap = fc.constantFrom('', ' ', '\n', '\n  ', '\t');

  it('finds the first repeat in the text, key and path, as a reading of the whole value does', () => {
    fc.assert(
      fc.property(value, fc.infiniteStream(fc.tuple(gap, fc.boolean())), (v, style) => {
        const it = style[Symbol.iterator]();
        const next = () => it.next().value as [string, boolean];
        const expected: { first: { key: string; path: string } | null } = { first: null };
        const write = (val: Value, path: string): string => {
          if (val.kind === 'leaf') return val.json;
          if (val.kind === 'array')
            return `[${val.items.map((x, i) => `${next()[0]}${write(x, `${path}[${i}]`)}`).join(',')}]`;
          const seen = new Set<string>();
          const parts = val.entries.map(([key, x]) => {
            if (seen.has(key)) expected.first ??= { key, path };
            seen.add(key);
            const [space, unicode] = next();
            const sub = /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
            return `${space}${keyJson(key, unicode)}${space}:${write(x, `${path}${sub}`)}`;
          });
          return `{${parts.join(',')}${next()[0]}}`;
        };
        const text = write(v, '');
        JSON.parse(text);
        const found = findRepeatedKey(text);
        expect(found && { key: found.key, path: found.path.replace(/^\./, '') }).toEqual(
          expected.first && { ...expected.first, path: expected.first.path.replace(/^\./, '') },
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe('tooLargeText', () => {
  it('says the size and the limit', () => {
    expect(tooLargeText(600 * 2 ** 20)).toBe(
      'too large for a progress file (600 MB, 629145600 bytes; a progress file is at most 20 MB, 20971520 bytes)',
    );
  });

  it('says a size near the limit to two decimals, so that one just over it does not read as the limit', () => {
    expect(tooLargeText(21_067_238)).toBe(
      'too large for a progress file (20.09 MB, 21067238 bytes; a progress file is at most 20 MB, 20971520 bytes)',
    );
    expect(tooLargeText(20_971_911)).toMatch(/^too large for a progress file \(20\.00 MB, 20971911 bytes; /);
    expect(megabytes(19.5 * 2 ** 20)).toBe('19.50 MB');
    expect(megabytes(18.25 * 2 ** 20)).toBe('18.3 MB');
  });
});

describe('textProblem', () => {
  const json = `${JSON.stringify({ version: 2, profile: null, attempts: [] }, null, 1)}\n`;

  it('names a blank file, and one saved as UTF-16 (as Notepad\'s "Unicode" is)', () => {
    expect(textProblem(json)).toBeNull();
    expect(textProblem('')).toBe('is empty or blank (zero-filled)');
    expect(textProblem(' \n')).toBe('is empty or blank (zero-filled)');
    expect(textProblem('\0'.repeat(4096))).toBe('is empty or blank (zero-filled)');
    const utf16 = Buffer.from(`\ufeff${json}`, 'utf16le').toString('utf8');
    expect(textProblem(utf16)).toMatch(/^is not UTF-8 text \(it looks like UTF-16, /);
    expect(textProblem(Buffer.from(json, 'utf16le').toString('utf8'))).toMatch(/UTF-16/);
  });

  it('zeros where a save stopped are no encoding: left for the JSON reader to place', () => {
    expect(textProblem(json.slice(0, 20) + '\0'.repeat(3000))).toBeNull();
    expect(textProblem('\0'.repeat(3000) + json)).toBeNull();
  });
});
