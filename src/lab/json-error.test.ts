import { describe, expect, it } from 'vitest';
import { describeJsonError } from './json-error.ts';

/** Only bad JSON is described: each case is checked to be bad first. */
function explain(text: string): string {
  expect(() => JSON.parse(text), text).toThrow();
  return describeJsonError(text);
}

describe('describeJsonError', () => {
  it('names the line and column of the first character that cannot be JSON', () => {
    expect(explain('{\n  "a": 1\n  "b": 2\n}')).toBe('line 3, column 3: unexpected "\\""');
    expect(explain('{"a":1,}')).toBe('line 1, column 8: unexpected "}"');
    expect(explain('{\n  "version": 2,\n  "attempts": [}\n')).toBe('line 3, column 16: unexpected "}"');
    expect(explain('{"a": tru}')).toBe('line 1, column 10: unexpected "}"');
    expect(explain('{"a": "x\\q"}')).toBe('line 1, column 10: unexpected "q"');
    expect(explain('{"a": 1} x')).toBe('line 1, column 10: unexpected "x"');
    expect(explain('{a: 1}')).toBe('line 1, column 2: unexpected "a"');
  });

  it('says a text cut short is cut short', () => {
    expect(explain('{"version": 2, "attempts": [')).toBe('it ends too soon (cut short?)');
    expect(explain('{"version":1,"profile":{"name":"A"\n')).toBe('it ends too soon (cut short?)');
    expect(explain('{"note": "unfinished')).toBe('it ends too soon (cut short?)');
    expect(explain('   ')).toBe('it ends too soon (cut short?)');
  });

  it('finds nothing wrong in valid JSON of every kind (so it never blames a good part)', () => {
    const good = '{"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"], "b": {}, "c": []}';
    expect(() => JSON.parse(good)).not.toThrow();
    expect(describeJsonError(`${good} !`)).toBe(`line 1, column ${good.length + 2}: unexpected "!"`);
  });
});
