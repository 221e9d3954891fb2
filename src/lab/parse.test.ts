/** lab.yaml's syntax as an author meets it: each mistake named once, at its line, with what to do. */
import { Buffer } from 'node:buffer';
import { describe, expect, it, vi } from 'vitest';
import { edit, FIXTURE_YAML, lineWith } from '../node/test-lab-fixture.ts';
import { parseLabYaml } from './parse.ts';

const errorsOf = (text: string) => {
  const r = parseLabYaml(text);
  return r.ok ? [] : r.errors;
};

/** The problems of a text YAML could read, but not as written: none when it could not read it at all. */
const problemsOf = (text: string) => {
  const r = parseLabYaml(text);
  if (!r.ok) throw new Error(`not read: ${JSON.stringify(r.errors)}`);
  return r.problems;
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
        message:
          'this line is indented with a tab: YAML indents with spaces only; replace the tab with spaces',
      },
    ]);
  });

  it("a hint's - line indented with a tab under hints: is named as a tab at its line, not as 0 spaces against another line", () => {
    const text = edit(
      FIXTURE_YAML,
      '    hints:\n      - Look at syscore_shutdown',
      '    hints:\n\t  - Look at syscore_shutdown',
    );
    expect(errorsOf(text)).toEqual([
      {
        line: lineWith(text, '\t  - Look at'),
        message:
          'this line is indented with a tab: YAML indents with spaces only; replace the tab with spaces',
      },
    ]);
  });

  it.each([
    ['explain: {{c}}', "explain: '{{c}}'"],
    ['explain: {{c}}: the CPU that runs kexec', "explain: '{{c}}: the CPU that runs kexec'"],
  ])(
    '%s (a key {c} inside a key) is one message at its line, quoting the whole text, and no library warning',
    (written, quoted) => {
      const explain = "explain: KVM's shutdown runs the TDX flush on each CPU and clears the flag.";
      const text = edit(FIXTURE_YAML, explain, written);
      const warn = vi.spyOn(process, 'emitWarning');
      try {
        expect(errorsOf(text)).toEqual([
          {
            line: lineWith(text, written),
            message: `this line's text starts with {, which YAML reads as the start of a mapping: put the whole text in quotes (${quoted}; inside '…' write ' as '')`,
          },
        ]);
        expect(warn).not.toHaveBeenCalled();
      } finally {
        warn.mockRestore();
      }
    },
  );

  it('a lab.yaml saved as Latin-1 is refused at the line of its first stray byte, not shown with U+FFFD', () => {
    const latin1 = Buffer.from(
      edit(FIXTURE_YAML, 'points: 3', 'points: 3\n    # Qui ex\u00e9cute relocate_kernel'),
      'latin1',
    ).toString('utf8');
    expect(errorsOf(latin1)).toEqual([
      {
        line: lineWith(latin1, 'Qui ex'),
        message: expect.stringMatching(
          /^is not UTF-8 text \(a byte that is no character, U\+FFFD, first at this line; Latin-1/,
        ),
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

describe('an indentation slip is one message, at the line that slipped', () => {
  it('a key indented past the one above: that line, against the line above, and no ": " tip', () => {
    const text = edit(FIXTURE_YAML, '    points: 2\n    params:', '    points: 2\n      params:');
    expect(errorsOf(text)).toEqual([
      {
        line: lineWith(text, '      params:'),
        message: `check this line's indentation against the line above: it starts after 6 spaces, and on line ${lineWith(text, 'points: 2')} ("points: 2") after 4 spaces (the keys of one mapping start in one column, and so do the "- " of one list)`,
      },
    ]);
  });

  it('a "- " entry indented differently from the entries before it: one message, not a cascade', () => {
    for (const slipped of ['     - text: In stop_this_cpu()', '        - text: In stop_this_cpu()']) {
      const text = edit(FIXTURE_YAML, '      - text: In stop_this_cpu()', slipped);
      expect(errorsOf(text)).toEqual([
        {
          line: lineWith(text, slipped),
          message: expect.stringMatching(
            /^check this line's indentation against the line above: its "- " starts after \d spaces, and on line \d+ \("- text: In tdx_cpu_flush_cache_for_kexe…"\) after 6 spaces/,
          ),
        },
      ]);
    }
  });

  it('a key with no ": ", a { left open, a "-" with no space: each said as what it is, at its line', () => {
    const colonless = edit(FIXTURE_YAML, '    points: 2\n    params:', '    points 2\n    params:');
    expect(errorsOf(colonless)).toEqual([
      {
        line: lineWith(colonless, 'points 2'),
        message: 'this line has no ": " after its key: write points: 2',
      },
    ]);
    const open = edit(
      FIXTURE_YAML,
      'platform: { vendor: intel, cpus: 4, tdx: true }\n    actions',
      'platform: { vendor: intel, cpus: 4, tdx: true\n    actions',
    );
    expect(errorsOf(open)).toEqual([
      {
        line: open.split('\n').findIndex((l) => l.endsWith('tdx: true')) + 1,
        message: 'the { on this line is not closed: end it with }',
      },
    ]);
    const dash = edit(FIXTURE_YAML, '      - text: In stop_this_cpu()', '      -text: In stop_this_cpu()');
    expect(errorsOf(dash)).toEqual([
      {
        line: lineWith(dash, '-text: In'),
        message: 'a list entry needs a space after its "-": write "- text: In stop_this_cpu()"',
      },
    ]);
  });

  it('the ": " tip only where a text holds ": ", at that line', () => {
    const text = edit(
      FIXTURE_YAML,
      '      - text: In stop_this_cpu()',
      '      - text: In stop_this_cpu(),\n          once: the flag is read',
    );
    expect(errorsOf(text)).toEqual([
      {
        line: lineWith(text, 'once: the flag'),
        message:
          'this line, read as more of the text above it, holds ": ": quote text that contains ": " (e.g. prompt: \'Order: put these steps in order\')',
      },
    ]);
  });
});

describe('inline Markdown first in a text is YAML syntax: said as such, with the text quoted', () => {
  const label = '      - label: swap_pages copies the new kernel';
  it('`code`, *emphasis*, [INF] or {{param}} first: the line, what YAML reads, and the quoted text', () => {
    for (const [start, read] of [
      ['`swap_pages`', 'a reserved character'],
      ['*Then* swap_pages', 'an alias (*name)'],
      ['**Then** swap_pages', 'an alias (*name)'],
      ['[INF] swap_pages', 'the start of a list'],
      ['{{c}} swap_pages', 'the start of a mapping'],
    ] as const) {
      const text = edit(FIXTURE_YAML, label, `      - label: ${start} copies the new kernel`);
      expect(errorsOf(text)).toEqual([
        {
          line: lineWith(text, `${start} copies`),
          message: `this line's text starts with ${start[0]}, which YAML reads as ${read}: put the whole text in quotes (- label: '${start} copies the new kernel'; inside '…' write ' as '')`,
        },
      ]);
    }
  });

  it('a text that is all *emphasis* reads as an alias to no anchor: at its line, not line 1', () => {
    const text = edit(FIXTURE_YAML, label, '      - label: *swap_pages*');
    expect(errorsOf(text)).toEqual([
      {
        line: lineWith(text, '*swap_pages*'),
        message:
          "*swap_pages* reads as a YAML alias (*name), and no &swap_pages* is set: if it is text, put it in quotes: '*swap_pages*'",
      },
    ]);
    // Quoted, each reads as the text it is.
    expect(errorsOf(edit(FIXTURE_YAML, label, "      - label: '*swap_pages* copies it'"))).toEqual([]);
    expect(errorsOf(edit(FIXTURE_YAML, label, "      - label: '`swap_pages` copies it'"))).toEqual([]);
  });
});

describe('a "- " line folded into the unquoted text above it is named at that line, with the field', () => {
  it('is a problem of a text YAML could read: the data is still given, to be validated (the lab refused all the same)', () => {
    const objective = '  - Say where a TDX host flushes at kexec in v6.18.';
    const r = parseLabYaml(edit(FIXTURE_YAML, objective, `${objective}\n    - Say why it flushes there.`));
    expect(r.ok && (r.data as { objectives: string[] }).objectives).toEqual([
      'Say where a TDX host flushes at kexec in v6.18. - Say why it flushes there.',
    ]);
    expect(r.ok && r.problems).toHaveLength(1);
    expect(problemsOf(FIXTURE_YAML)).toEqual([]);
  });

  it('an entry indented under the one above: the two merged, the column to start it in', () => {
    const objective = '  - Say where a TDX host flushes at kexec in v6.18.';
    const text = edit(FIXTURE_YAML, objective, `${objective}\n    - Say why it flushes there.`);
    expect(problemsOf(text)).toEqual([
      {
        line: lineWith(text, '- Say why'),
        field: 'objectives[0]',
        message:
          'this line ("- Say why it flushes there.") was read as more of the entry above it, not as an entry of its own (the entry reads "Say where a TDX host flushes at kexec in v6.18. - Say why it flushes there."): the indentation merged two list entries. Its "- " starts after 4 spaces, the list\'s after 2 spaces: start it after 2 spaces to make it an entry of its own, or, if the dash belongs to the text, put the whole text in quotes',
      },
    ]);
  });

  it('a "- " line under a key’s text: read as more of it, said so', () => {
    const prompt = 'prompt: Put these steps in the order the kernel runs them.';
    const text = edit(FIXTURE_YAML, prompt, `${prompt}\n      - kvm_shutdown() first`);
    expect(problemsOf(text)).toEqual([
      {
        line: lineWith(text, '- kvm_shutdown() first'),
        field: 'exercises[2].prompt',
        message: expect.stringMatching(
          /^this line \("- kvm_shutdown\(\) first"\) was read as more of the text above it, not as a list entry \(the text reads "Put these steps in the order the kernel runs them\. - kvm_shutdown\(\) first"\): .*put the whole text in quotes$/,
        ),
      },
    ]);
  });
});
