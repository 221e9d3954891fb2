/** Scenario text as it comes from editors and terminals: its line ends, its keys, its control characters. */
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from './parse.ts';
import { escapeControls, normalizeLineEnds } from './text-encoding.ts';

const SCENARIO = ['kernel: after', 'platform:', '  vendor: amd', '  cpus: 4', 'path: kexec'];

const issuesOf = (text: string) => {
  const r = parseScenarioText(text);
  return r.ok ? [] : r.issues;
};

describe('line ends', () => {
  it('a CRLF file whose last line ends in a lone CR reads as the same scenario', () => {
    const r = parseScenarioText(`${SCENARIO.join('\r\n')}\r`);
    expect(r.ok && r.scenario).toMatchObject({ path: 'kexec', platform: { cpus: 4 } });
    const last = parseScenarioText(`${SCENARIO.slice(0, 4).join('\r\n')}\r`);
    expect(last.ok && last.scenario.platform.cpus).toBe(4);
  });

  it('an old Mac file (CR alone between lines) reads as its lines, each problem at its own line', () => {
    expect(parseScenarioText(SCENARIO.join('\r')).ok).toBe(true);
    expect(issuesOf([...SCENARIO.slice(0, 4), 'path: kexce'].join('\r'))).toEqual([
      expect.objectContaining({ field: 'path', line: 5 }),
    ]);
  });

  it('keeps the line numbers of a CRLF file', () => {
    expect(issuesOf([...SCENARIO, 'seed: -1'].join('\r\n'))).toEqual([
      expect.objectContaining({ field: 'seed', line: 6 }),
    ]);
    expect(normalizeLineEnds('a\r\nb\rc\n\rd').split('\n')).toEqual(['a', 'b', 'c', '', 'd']);
  });
});

describe('a key holding the separators of a field path', () => {
  it.each([
    ['"a.b": 1', 'a.b'],
    ['"x[1]": 1', 'x[1]'],
    ['"platform.vendor": amd', 'platform.vendor'],
  ])('%s is named at its own line', (line, field) => {
    expect(issuesOf([...SCENARIO, 'seed: 3', line].join('\n'))).toEqual([
      expect.objectContaining({ field, line: 7, message: expect.stringMatching(/^unknown key/) }),
    ]);
  });

  it('inside a list and a mapping too', () => {
    const text = [...SCENARIO, 'events:', '  - offline: 1', '  - {"seam.call": 1}', 'stop:', '  "1.0": late'];
    expect(issuesOf(text.join('\n'))).toEqual([
      expect.objectContaining({ field: 'events[1].seam.call', line: 8 }),
      expect.objectContaining({ field: 'stop.1.0', line: 10 }),
    ]);
  });
});

describe('control characters from the file are escaped where a message echoes them', () => {
  it('a value, after "got"', () => {
    const text = SCENARIO.join('\n').replace('vendor: amd', 'vendor: "amd\\e]0;pwned\\a"');
    expect(issuesOf(text)).toEqual([
      expect.objectContaining({
        field: 'platform.vendor',
        line: 3,
        message: 'must be one of amd, intel, hygon (got "amd\\x1b]0;pwned\\x07")',
      }),
    ]);
  });

  it('an unknown key, at its line', () => {
    expect(issuesOf([...SCENARIO, '"\\e[31mred\\e[0m": 1'].join('\n'))).toEqual([
      expect.objectContaining({ field: '\\x1b[31mred\\x1b[0m', line: 6 }),
    ]);
  });

  it('escapes C0, DEL and C1, a tab and line ends by name, and leaves other text alone', () => {
    expect(escapeControls('a\tb\nc\rd\u0000e\u007ff\u009bg é ✓')).toBe('a\\tb\\nc\\rd\\x00e\\x7ff\\x9bg é ✓');
  });
});
