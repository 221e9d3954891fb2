/** Relative paths on the command line are the user's, also through `npm run` (which runs from the checkout). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NO_ATTEMPTS, NO_LAB_TO_LIST } from '../lab/class-grade.ts';
import { PROGRESS_VERSION } from '../lab/progress/types.ts';
import { ROOT, runBin } from './run-bin.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'fp-cli-paths-'));
/** What grade says of alice.json, which it could only say having read the file in the user's folder. */
const READ_ALICE = `warning: alice.json: ${NO_LAB_TO_LIST}`;
/**
 * And lists: alice.json, with no attempts, once with no figures (this was [] before, Alice missing: no
 * lab was worked on to give her a 0 in).
 */
const ALICE_LISTED = [
  {
    file: 'alice.json',
    student: 'Alice',
    studentId: 'alice',
    lab: '',
    score: null,
    max: null,
    solved: null,
    exercises: null,
    notes: [NO_ATTEMPTS],
  },
];

function userFolder(): string {
  const dir = tmp();
  writeFileSync(
    join(dir, 'alice.json'),
    JSON.stringify({ version: PROGRESS_VERSION, profile: { name: 'Alice', id: 'alice' }, attempts: [] }),
  );
  return dir;
}

describe('relative paths', () => {
  it('npm run --prefix from another folder reads FILE from that folder', () => {
    const dir = userFolder();
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(
      npm,
      ['run', '--silent', '--prefix', ROOT, 'flushpoint', '--', 'grade', 'alice.json', '--json'],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(r.stderr.trim()).toBe(READ_ALICE);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(ALICE_LISTED);
  });

  it('as npm runs it (from the checkout, with INIT_CWD), FILE and --labs are read from INIT_CWD', () => {
    const dir = userFolder();
    const npmEnv = { INIT_CWD: dir, npm_lifecycle_script: 'node bin/flushpoint.mjs' };
    const r = runBin(['grade', 'alice.json', '--labs', 'labs', '--json'], { env: npmEnv });
    // ./labs of the user's folder, not the checkout's: it does not exist there.
    expect(r.stderr).toMatch(/^flushpoint grade: --labs labs: cannot read the labs folder \(ENOENT\)$/m);
    expect(r.status).toBe(2);
    const ok = runBin(['grade', 'alice.json', '--json'], { env: npmEnv });
    expect(ok.stderr.trim()).toBe(READ_ALICE);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual(ALICE_LISTED);
  });

  it('without DIR, labs check and labs keys read the labs this copy ships, wherever they run', () => {
    const elsewhere = tmp();
    const check = runBin(['labs', 'check', '--json'], { cwd: elsewhere });
    expect(check.status).toBe(0);
    expect((JSON.parse(check.stdout) as { labs: number }).labs).toBeGreaterThanOrEqual(6);
    const viaNpm = runBin(['labs', 'keys', '--lab', '02-sme-two-wbinvds', '--json'], {
      env: { INIT_CWD: elsewhere, npm_lifecycle_script: 'node bin/flushpoint.mjs' },
    });
    expect(viaNpm.status).toBe(0);
    expect(viaNpm.stderr).toBe('');
  });
});
