import { Buffer } from 'node:buffer';
import { describe, expect, it, vi } from 'vitest';
import { parseScenarioText, TOO_DEEP } from './parse.ts';
import { validateScenario } from './validate.ts';

const issuesOf = (text: string) => {
  const r = parseScenarioText(text);
  return r.ok ? [] : r.issues;
};

describe('scenario validation', () => {
  it('fills the documented defaults', () => {
    const r = validateScenario({ kernel: 'after', platform: { vendor: 'amd', cpus: 2 } });
    expect(r.ok && r.scenario).toMatchObject({
      path: 'kexec',
      start_cpu: 0,
      stop: {},
      events: [],
      seed: 1,
      platform: { sme: 'none', snp_host: false, tdx: false, tdx_host_kernel: false, tdx_pw_mce: false },
    });
  });

  it.each([
    [
      'an unknown top-level key',
      'kernel: after\nplatform: {vendor: amd, cpus: 2}\ncolour: red\n',
      'colour',
      3,
    ],
    [
      'an unknown platform key',
      'kernel: after\nplatform:\n  vendor: amd\n  cpus: 2\n  smt: on\n',
      'platform.smt',
      5,
    ],
    [
      'a SEAMCALL on AMD',
      'kernel: after\nplatform: {vendor: amd, cpus: 4}\nevents:\n  - seamcall: 2\n',
      'events[0].seamcall',
      4,
    ],
    [
      'a CPU out of range',
      'kernel: after\nplatform: {vendor: intel, cpus: 4, tdx: true}\nevents:\n  - seamcall: 9\n',
      'events[0].seamcall',
      4,
    ],
    [
      'an offline start CPU',
      'kernel: after\nplatform: {vendor: amd, cpus: 4}\nstart_cpu: 3\nevents:\n  - offline: 3\n',
      'start_cpu',
      3,
    ],
    [
      'the default start CPU taken offline',
      'kernel: after\nplatform: {vendor: amd, cpus: 4}\nevents:\n  - offline: 0\n',
      'events[0].offline',
      4,
    ],
    ['too many CPUs', 'kernel: after\nplatform: {vendor: amd, cpus: 5000}\n', 'platform.cpus', 2],
    ['a bad kernel', 'kernel: v6.18\nplatform: {vendor: amd, cpus: 2}\n', 'kernel', 1],
    ['SME on Intel', 'kernel: after\nplatform: {vendor: intel, cpus: 2, sme: active}\n', 'platform.sme', 2],
    [
      'the erratum without TDX',
      'kernel: after\nplatform: {vendor: intel, cpus: 2, tdx_pw_mce: true}\n',
      'platform.tdx_pw_mce',
      2,
    ],
    [
      'TDX initialised in a kernel without TDX host support',
      'kernel: after\nplatform: {vendor: intel, cpus: 2, tdx: true, tdx_host_kernel: false}\n',
      'platform.tdx_host_kernel',
      2,
    ],
    [
      'TDX host support on AMD',
      'kernel: after\nplatform: {vendor: amd, cpus: 2, tdx_host_kernel: true}\n',
      'platform.tdx_host_kernel',
      2,
    ],
    [
      'SNP without SME',
      'kernel: after\nplatform: {vendor: amd, cpus: 2, snp_host: true}\n',
      'platform.snp_host',
      2,
    ],
    [
      'a bad stop behaviour',
      'kernel: after\nplatform: {vendor: amd, cpus: 4}\nstop:\n  2: sleepy\n',
      'stop.2',
      4,
    ],
    [
      'a stop entry for the kexec CPU',
      'kernel: after\nplatform: {vendor: amd, cpus: 4}\nstop:\n  0: late\n',
      'stop.0',
      4,
    ],
    [
      'an unknown event',
      'kernel: after\nplatform: {vendor: amd, cpus: 4}\nevents:\n  - reboot: 1\n',
      'events[0].reboot',
      4,
    ],
    [
      'offlining the last CPU',
      'kernel: after\nplatform: {vendor: amd, cpus: 1}\nevents:\n  - offline: 0\n',
      'events[0].offline',
      4,
    ],
    ['a missing platform', 'kernel: after\n', 'platform', 1],
  ])('rejects %s, naming the field and its line', (_name, text, field, line) => {
    const issues = issuesOf(text);
    const issue = issues.find((i) => i.field === field);
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(issue?.line).toBe(line);
    expect(issue?.message.length).toBeGreaterThan(5);
  });

  it('reports YAML syntax errors and duplicate keys with a line', () => {
    const bad = issuesOf('kernel: after\nplatform: {vendor: amd, cpus: 2\n');
    expect(bad[0]?.field).toBe('(syntax)');
    expect(bad[0]?.line).toBeGreaterThan(0);
    const dup = issuesOf('kernel: after\nkernel: before\nplatform: {vendor: amd, cpus: 2}\n');
    expect(dup[0]?.line).toBe(2);
  });

  it.each([
    ['1e400', 'platform.cpus', '(got .inf, not a finite number)'],
    ['.inf', 'platform.cpus', '(got .inf, not a finite number)'],
    ['-.inf', 'platform.cpus', '(got -.inf, not a finite number)'],
    ['.nan', 'platform.cpus', '(got .nan, not a number)'],
  ])('says what %s was, not "null"', (written, field, said) => {
    const issues = issuesOf(`kernel: after\nplatform: {vendor: amd, cpus: ${written}}\n`);
    expect(issues).toEqual([expect.objectContaining({ field, line: 2 })]);
    expect(issues[0]?.message).toContain(said);
  });

  it('echoes at most 80 characters of a long bad value, and of a long unknown key', () => {
    const long = 'a'.repeat(300_000);
    // A key past 1024 characters is written as an explicit key (?): an implicit one is a syntax error.
    const issues = issuesOf(`kernel: ${long}\nplatform: {vendor: amd, cpus: 2}\n? ${long}\n: 1\n`);
    // In the order of the file.
    expect(issues.map((i) => [i.field.slice(0, 3), i.line])).toEqual([
      ['ker', 1],
      ['aaa', 3],
    ]);
    for (const i of issues) expect(i.field.length + i.message.length).toBeLessThan(300);
    expect(issues[0]?.message).toMatch(/\(got "a{78}…\)$/);
  });

  it('a second document is named at its line, in the words of a scenario file', () => {
    const issues = issuesOf('kernel: after\nplatform: {vendor: amd, cpus: 2}\n---\nkernel: before\n');
    expect(issues).toEqual([
      {
        field: '(file)',
        line: 3,
        message: expect.stringMatching(
          /^a scenario file holds one YAML document, and a second one starts at line 3/,
        ),
      },
    ]);
    expect(issues[0]?.message).not.toMatch(/parseAllDocuments/);
  });

  it.each([
    ['YAML', `kernel: after\nx: ${'['.repeat(5000)}${']'.repeat(5000)}\n`],
    ['JSON', `{"kernel": "after", "x": ${'['.repeat(20000)}${']'.repeat(20000)}}`],
  ])('%s nested too deeply is said so, not "Maximum call stack size exceeded"', (_kind, text) => {
    const issues = issuesOf(text);
    expect(issues).toEqual([expect.objectContaining({ field: '(file)', message: TOO_DEEP })]);
  });

  it('accepts JSON text as well as YAML', () => {
    const r = parseScenarioText(
      '{"kernel":"before","platform":{"vendor":"amd","cpus":3,"sme":"active"},"path":"kdump"}',
    );
    expect(r.ok && r.scenario.path).toBe('kdump');
  });

  it('accepts the extensions: seed, reboot_cpu, faults and mutant', () => {
    const r = validateScenario({
      kernel: 'after',
      platform: { vendor: 'amd', cpus: 4, sme: 'active' },
      seed: 7,
      reboot_cpu: 2,
      faults: [{ skip_wbinvd: { site: 'stop_this_cpu', cpu: 1 } }],
      mutant: 'global_flag',
    });
    expect(r.ok).toBe(true);
    const bad = validateScenario({
      kernel: 'after',
      platform: { vendor: 'amd', cpus: 4 },
      faults: [{ skip_wbinvd: { site: 'nowhere' } }],
      mutant: 'x',
    });
    expect(bad.ok ? [] : bad.issues.map((i) => i.field)).toEqual(['faults[0].skip_wbinvd.site', 'mutant']);
  });
});

describe('problems an author can act on', () => {
  it('a wrong platform.cpus is said once: CPU numbers are not held to a count that was never given', () => {
    const text =
      'kernel: after\nplatform:\n  vendor: amd\n  cpus: "8"\nstart_cpu: 3\nstop:\n  5: late\nevents:\n  - offline: 6\n';
    expect(issuesOf(text)).toEqual([
      {
        field: 'platform.cpus',
        line: 4,
        message: 'must be a whole number from 1 to 4096 (got "8", a text: write it without quotes)',
      },
    ]);
    // Past the largest platform, a CPU is out of range whatever the count.
    const none = issuesOf('kernel: after\nplatform:\n  vendor: amd\nstart_cpu: 5000\n');
    expect(none).toEqual([
      expect.objectContaining({ field: 'platform.cpus', line: 2 }),
      {
        field: 'start_cpu',
        line: 4,
        message: 'CPU 5000 is out of range: a platform has at most 4096 CPUs (0..4095)',
      },
    ]);
  });

  it('issues come in the order of the file, not of the checks', () => {
    // Checked start_cpu, then events, then stop.
    const text =
      'kernel: after\nplatform:\n  vendor: amd\n  cpus: 4\nstart_cpu: 7\nstop:\n  5: late\nevents:\n  - offline: 6\n';
    expect(issuesOf(text).map((i) => [i.field, i.line])).toEqual([
      ['start_cpu', 5],
      ['stop.5', 7],
      ['events[0].offline', 9],
    ]);
  });

  it('a file saved as UTF-16 is named as such, not as a scenario that is no mapping', () => {
    const utf16 = Buffer.from('\uFEFFkernel: after\nplatform: {vendor: amd, cpus: 2}\n', 'utf16le').toString(
      'utf8',
    );
    expect(issuesOf(utf16)).toEqual([
      {
        field: '(file)',
        message: expect.stringMatching(/^is not UTF-8 text \(it looks like UTF-16, .*: save it as UTF-8/),
      },
    ]);
  });

  it('a tab that indents a line is named at that line, once, not as the errors that follow it', () => {
    expect(
      issuesOf(
        'kernel: after\nplatform:\n  vendor: amd\n  cpus: 2\nevents:\n  - offline: 1\n\t- online: 1\n',
      ),
    ).toEqual([
      {
        field: '(syntax)',
        line: 7,
        message:
          'this line is indented with a tab: YAML indents with spaces only; replace the tab with spaces',
      },
    ]);
  });

  it("a tab under the line above's list, where the library first errs at that line, is still named as the tab", () => {
    expect(
      issuesOf('kernel: after\nplatform:\n  vendor: amd\n  cpus: 2\nevents:\n\t  - offline: 1\n'),
    ).toEqual([
      {
        field: '(syntax)',
        line: 6,
        message:
          'this line is indented with a tab: YAML indents with spaces only; replace the tab with spaces',
      },
    ]);
  });

  it('a key written as a mapping ({{c}}: …) is refused at its line, with no warning of the library printed', () => {
    const warn = vi.spyOn(process, 'emitWarning');
    try {
      expect(issuesOf('kernel: after\nplatform:\n  vendor: amd\n  cpus: {{c}}: 2\n')).toEqual([
        {
          field: '(syntax)',
          line: 4,
          message:
            'a key here is written as a mapping or a list (YAML reads a text that starts with { or [ so): if it is text, put the whole text in quotes',
        },
      ]);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('a key written twice is named', () => {
    expect(issuesOf('kernel: after\nkernel: before\nplatform: {vendor: amd, cpus: 2}\n')).toEqual([
      {
        field: '(syntax)',
        line: 2,
        message: 'key "kernel" is written twice in this mapping: keep one of them',
      },
    ]);
    expect(issuesOf('{"kernel": "after", "platform": {"vendor": "amd", "cpus": 2, "cpus": 3}}')).toEqual([
      expect.objectContaining({ message: 'key "cpus" is written twice in this mapping: keep one of them' }),
    ]);
  });
});
