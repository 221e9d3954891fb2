/** lab.yaml's syntax as an author meets it: each mistake named once, at its line, with what to do. */
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { edit, FIXTURE_YAML, lineWith } from '../node/test-lab-fixture.ts';
import { parseLabYaml } from './parse.ts';

const errorsOf = (text: string) => {
  const r = parseLabYaml(text);
  return r.ok ? [] : r.errors;
};

describe('lab.yaml that YAML cannot read', () => {
  it('a tab indenting the line after a >- text is named at its line, not as ten errors that never say tab', () => {
    const prompt = 'prompt: Put these steps in the order the kernel runs them.\n    points: 3';
    const text = edit(
      FIXTURE_YAML,
      prompt,
      'prompt: >-\n      Put these steps in the order\n      the kernel runs them.\n\tpoints: 3',
    );
    expect(errorsOf(text)).toEqual([
      {
        line: lineWith(text, '\tpoints: 3'),
        message: 'Tabs are not allowed as indentation: this line starts with a tab; indent it with spaces',
      },
    ]);
  });

  it('a lab.yaml saved as UTF-16 is named as such, of the whole file', () => {
    const utf16 = Buffer.from(`\uFEFF${FIXTURE_YAML}`, 'utf16le').toString('utf8');
    expect(errorsOf(utf16)).toEqual([
      {
        field: '(file)',
        message: expect.stringMatching(
          /^is not UTF-8 text \(it looks like UTF-16, .*: save it as UTF-8 \(in Notepad/,
        ),
      },
    ]);
  });
});
