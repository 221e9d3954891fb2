/** `flushpoint labs check` and `labs keys` on an instructor's folder with one broken lab in it. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { edit, FIXTURE_ID, FIXTURE_YAML, lineWith, writeFixture } from '../node/test-lab-fixture.ts';
import { runBin } from './run-bin.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'fp-cli-check-'));

describe('a lab that cannot be loaded never stops the others', () => {
  it('a bad range bound is a problem at the params entry, not a crash of labs check or labs keys', () => {
    const dir = tmp();
    const broken = writeFixture(dir, (t) => edit(t, 'c: { range: [1, 3] }', "c: { range: [1, 'c*2'] }"));
    writeFixture(dir, undefined, 'lab.yaml', '08-sound');
    const line = lineWith(FIXTURE_YAML, 'c: { range: [1, 3] }');

    const check = runBin(['labs', 'check', dir, '--json']);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(1);
    const out = JSON.parse(check.stdout) as {
      labs: number;
      exercises: number;
      problems: { message: string }[];
    };
    expect(out.labs).toBe(2);
    expect(out.exercises).toBe(6);
    expect(out.problems.map((p) => p.message)).toEqual([
      `${broken}:${line}: exercises[0].params.c: bound "c*2" is neither a whole number nor an earlier parameter plus or minus a whole number: write e.g. 3, n or n-1`,
    ]);

    const keys = runBin(['labs', 'keys', dir]);
    expect(keys.status).toBe(1);
    expect(keys.stderr).toMatch(
      new RegExp(
        `^error: lab ${FIXTURE_ID} cannot be loaded: .*lab\\.yaml:${line}: exercises\\[0\\]\\.params\\.c: bound "c\\*2"`,
      ),
    );
    expect(keys.stdout).toMatch(/^08-sound \/ where-flush: /);
  });

  it('a lab folder holding lab.yml instead of lab.yaml is reported, whole folder or the lab’s own', () => {
    const dir = tmp();
    const misnamed = writeFixture(dir, undefined, 'lab.yml');
    writeFixture(dir, undefined, 'lab.yaml', '08-sound');
    const message = `${misnamed}: (file): a lab's file must be named lab.yaml, so this folder is not loaded: rename lab.yml to lab.yaml`;
    const all = runBin(['labs', 'check', dir, '--json']);
    expect(all.status).toBe(1);
    const out = JSON.parse(all.stdout) as {
      labs: number;
      exercises: number;
      problems: { lab: string; message: string }[];
    };
    expect(out.labs).toBe(2);
    expect(out.exercises).toBe(6);
    expect(out.problems).toEqual([expect.objectContaining({ lab: FIXTURE_ID, message })]);
    const one = runBin(['labs', 'check', join(dir, FIXTURE_ID)]);
    expect(one.status).toBe(1);
    expect(one.stdout).toContain(`${FIXTURE_ID}: ${message}`);
  });
});
