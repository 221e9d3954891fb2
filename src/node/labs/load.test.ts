import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadLabFolder } from './load.ts';

const LAB = '02-sme-two-wbinvds';
const made: string[] = [];

/** A copy of a shipped lab whose first step's prose is replaced by what `make` puts at its path. */
function labWithProse(make: (prose: string, dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'fp-load-'));
  made.push(dir);
  cpSync(resolve(import.meta.dirname, '../../../labs', LAB), join(dir, LAB), { recursive: true });
  const prose = join(dir, LAB, 'steps', '01-the-sme-host.md');
  rmSync(prose);
  make(prose, dir);
  return dir;
}

/** A copy of a shipped lab whose first step's prose is replaced by a link to `target`. */
const labWithLinkedProse = (target: (dir: string) => string): string =>
  labWithProse((prose, dir) => symlinkSync(target(dir), prose));

/** The errors loading the lab copied in `dir`, as [field, message]. */
async function errorsIn(dir: string): Promise<[string, string][]> {
  const r = await loadLabFolder(dir, LAB);
  return r.ok ? [] : r.errors.map((e) => [e.field, e.message]);
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
      [
        'steps[0].prose',
        'steps/01-the-sme-host.md is a link to a file outside the lab folder, which is never read (the lab is handed out without it): put the file itself in the lab folder',
      ],
    ]);
    expect(JSON.stringify(r.errors)).not.toContain('not part of the lab');
  });

  it('reads prose that is a link to another file inside the lab folder', async () => {
    const dir = labWithLinkedProse((d) => join(d, LAB, 'steps', '02-stop-this-cpu.md'));
    const r = await loadLabFolder(dir, LAB);
    expect(r.ok && r.lab.steps[0]?.prose).toContain('stop_this_cpu');
  });

  it('says why prose of that name is not read: a link to nothing, a folder, a pipe', async () => {
    const dangling = labWithLinkedProse((d) => join(d, 'gone.md'));
    expect(await errorsIn(dangling)).toEqual([
      [
        'steps[0].prose',
        'steps/01-the-sme-host.md is a link to a file that does not exist: put the file itself in the lab folder',
      ],
    ]);
    const folder = labWithProse((prose) => mkdirSync(prose));
    expect(await errorsIn(folder)).toEqual([
      [
        'steps[0].prose',
        'steps/01-the-sme-host.md is a folder, not a file: name the Markdown file inside it',
      ],
    ]);
    if (process.platform !== 'win32') {
      // Read, it would block for ever.
      const pipe = labWithProse((prose) => execFileSync('mkfifo', [prose]));
      expect(await errorsIn(pipe)).toEqual([
        ['steps[0].prose', 'steps/01-the-sme-host.md is not a regular file: make it a Markdown file'],
      ]);
    }
  });

  it('names a step’s prose file by its full path, as it names lab.yaml', async () => {
    const dir = labWithProse((prose) => writeFileSync(prose, 'Some <b>bold</b> text.\n'));
    const r = await loadLabFolder(dir, LAB);
    expect(r.ok ? [] : r.errors).toEqual([
      expect.objectContaining({
        file: join(dir, LAB, 'steps', '01-the-sme-host.md'),
        line: 1,
        field: 'steps[0].prose',
      }),
    ]);
  });
});
