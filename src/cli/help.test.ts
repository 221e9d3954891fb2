/** `-h`/`--help` on every command prints its help on stdout (exit 0); a usage error prints usage on stderr (exit 2). */
import { describe, expect, it } from 'vitest';
import { runBin } from './run-bin.ts';

describe('flushpoint --help', () => {
  it.each([
    [['simulate', '--help'], /^usage: flushpoint simulate FILE\|- /],
    [['simulate', '-h'], /^usage: flushpoint simulate FILE\|- /],
    [['simulate', 'scenario.yaml', '--json', '--help'], /^usage: flushpoint simulate FILE\|- /],
    [['labs', '--help'], /^usage: flushpoint labs check\|keys /],
    [['labs', 'check', '--help'], /^usage: flushpoint labs check \[DIR\] \[--json\]\n/],
    [['labs', 'keys', '-h'], /^usage: flushpoint labs keys \[DIR\] /],
    [['grade', '--help'], /^usage: flushpoint grade PROGRESS\.json\.\.\. /],
    [['grade', 'a.json', '--labs', '--help'], /^usage: flushpoint grade PROGRESS\.json\.\.\. /],
    [['help', 'labs', 'keys'], /^usage: flushpoint labs keys \[DIR\] /],
    [['--help'], /^usage: flushpoint <command> \[options\]\n/],
  ])('%j prints the help on stdout and exits 0', (args, head) => {
    const r = runBin(args);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(head);
    expect(r.stdout).toMatch(/exit status|commands:|labs check/);
  });

  it('each command says its options and exit statuses', () => {
    const grade = runBin(['grade', '--help']).stdout;
    for (const o of ['--labs DIR', '--by-exercise', '--json', '--csv', 'exit status: 0'])
      expect(grade).toContain(o);
    const keys = runBin(['labs', 'keys', '--help']).stdout;
    for (const o of ['--lab ID', '--exercise ID', '--student ID', '--json', 'exit status: 0'])
      expect(keys).toContain(o);
    const sim = runBin(['simulate', '--help']).stdout;
    for (const o of ['--json', '--seed N', '--why', '--compare MODE', 'exit status: 0'])
      expect(sim).toContain(o);
  });

  it.each([[[]], [['labs']], [['labs', 'frob']], [['frob']]])(
    '%j is a usage error: usage on stderr, nothing on stdout, exit 2',
    (args) => {
      const r = runBin(args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^flushpoint[ :].*\nusage: flushpoint /);
    },
  );

  it('a bad option names the command and its usage on stderr, and points at --help', () => {
    const r = runBin(['grade', 'a.json', '--frob']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'flushpoint grade: unknown option --frob\nusage: flushpoint grade PROGRESS.json... [--labs DIR]... [--lab ID]... [--by-exercise] [--json|--csv [--wide]]\n(flushpoint grade --help says more)\n',
    );
  });
});
