import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadLabFolder } from './load.ts';

const LAB = '02-sme-two-wbinvds';
const made: string[] = [];

/** A copy of a shipped lab whose first step's prose is replaced by a link to `target`. */
function labWithLinkedProse(target: (dir: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'fp-load-'));
  made.push(dir);
  cpSync(resolve(import.meta.dirname, '../../../labs', LAB), join(dir, LAB), { recursive: true });
  const prose = join(dir, LAB, 'steps', '01-the-sme-host.md');
  rmSync(prose);
  symlinkSync(target(dir), prose);
  return dir;
}

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadLabFolder', () => {
  it('refuses prose that is a link to a file outside the lab folder, naming the step', async () => {
    const dir = labWithLinkedProse((d) => {
      writeFileSync(join(d, 'secret.md'), 'a file of the student that is not part of the lab');
      return join(d, 'secret.md');
    });
    const r = await loadLabFolder(dir, LAB);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.field, e.message])).toEqual([
      ['steps[0].prose', 'no such file inside the lab folder: steps/01-the-sme-host.md'],
    ]);
    expect(JSON.stringify(r.errors)).not.toContain('not part of the lab');
  });

  it('reads prose that is a link to another file inside the lab folder', async () => {
    const dir = labWithLinkedProse((d) => join(d, LAB, 'steps', '02-stop-this-cpu.md'));
    const r = await loadLabFolder(dir, LAB);
    expect(r.ok && r.lab.steps[0]?.prose).toContain('stop_this_cpu');
  });
});
