/** Scenario text as it comes from editors and terminals: its line ends, its keys, its control characters. */
import { Buffer } from 'node:buffer';
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

describe('a file that holds no scenario at all', () => {
  /** Bytes as a file holds them, read as UTF-8 as the CLI and the sandbox read a scenario. */
  const read = (bytes: number[] | string) =>
    Buffer.from(typeof bytes === 'string' ? bytes : Uint8Array.from(bytes)).toString('utf8');

  it.each([
    ['an ELF executable', [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0], 'byte 0x7f at offset 0'],
    ['a gzip archive', [0x1f, 0x8b, 8, 8, 0xaf, 2, 0x0a, 0x6b, 0, 3], 'byte 0x1f at offset 0'],
    [
      'a PNG image',
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d],
      'a byte that is not UTF-8 at offset 0',
    ],
    ['random bytes', [0x2e, 0x89, 0x17, 0xcc, 0x60, 0x81], 'a byte that is not UTF-8 at offset 1'],
    ['text with a NUL in it', 'kernel: after\n\u00e9\0', 'byte 0x00 at offset 16'],
  ])('%s is said to be no text, with its first such byte, before YAML reads it', (_, bytes, where) => {
    expect(issuesOf(read(bytes))).toEqual([
      { field: '(file)', message: `is not a text file (${where}): a scenario is YAML or JSON text` },
    ]);
  });

  it('a file saved as UTF-16, or in Latin-1, is not called binary', () => {
    const yaml = `${SCENARIO.join('\n')}\n`;
    for (const bom of ['\uFEFF', ''])
      expect(issuesOf(Buffer.from(`${bom}${yaml}`, 'utf16le').toString('utf8'))[0]?.message).toMatch(
        /^is not UTF-8 text \(it looks like UTF-16/,
      );
    // "# café" in Latin-1: a byte that is no UTF-8, in a comment, and no control character.
    expect(parseScenarioText(read([...Buffer.from('# caf'), 0xe9, 0x0a, ...Buffer.from(yaml)])).ok).toBe(
      true,
    );
  });

  it.each([
    ['an empty file', ''],
    ['blank lines', '\n\n  \n'],
    ['only comments', '# a scenario, one day\n# kernel: after\n'],
  ])('%s is said to be empty, with what a scenario needs', (_, text) => {
    expect(issuesOf(text)).toEqual([
      {
        field: '(file)',
        message: 'is empty: a scenario needs at least kernel and platform, with its vendor and cpus',
      },
    ]);
  });
});
