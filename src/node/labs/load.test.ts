import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LAB_YAML_OUTSIDE, loadLabFolder, loadLabs, MAX_LAB_FILE_BYTES } from './load.ts';

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

/** A copy of a shipped lab whose lab.yaml is replaced by what `make` puts at its path. */
function labWithYaml(make: (file: string, dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'fp-load-'));
  made.push(dir);
  cpSync(resolve(import.meta.dirname, '../../../labs', LAB), join(dir, LAB), { recursive: true });
  const file = join(dir, LAB, 'lab.yaml');
  rmSync(file);
  make(file, dir);
  return dir;
}

describe('lab.yaml is read only when it is a regular file of at most MAX_LAB_FILE_BYTES', () => {
  it.runIf(process.platform !== 'win32')(
    'a pipe is refused at once (read, it blocked for ever), and so is a link to /dev/zero (850 MB, then a crash)',
    async () => {
      const pipe = labWithYaml((file) => execFileSync('mkfifo', [file]));
      // A link to outside the lab folder, whatever it is, is refused before it is looked at.
      const zero = labWithYaml((file) => symlinkSync('/dev/zero', file));
      const started = Date.now();
      for (const [dir, message] of [
        [pipe, 'lab.yaml is not a regular file (a pipe or a device): make it the text file of the lab'],
        [zero, LAB_YAML_OUTSIDE],
      ] as const)
        expect(await loadLabFolder(dir, LAB)).toEqual({
          ok: false,
          errors: [{ lab: LAB, file: join(dir, LAB, 'lab.yaml'), field: '(file)', message }],
        });
      expect(Date.now() - started).toBeLessThan(5000);
    },
    10_000,
  );

  it('a file past the cap is refused with its size, unread; a folder, and a link to nothing, are named', async () => {
    const big = labWithYaml((file) => {
      writeFileSync(file, '');
      truncateSync(file, MAX_LAB_FILE_BYTES + 1);
    });
    expect(await errorsIn(big)).toEqual([
      [
        '(file)',
        "lab.yaml is too big for a lab's file (1,048,577 bytes; at most 1 MB, and a lab's files are a few kB): is it the right file?",
      ],
    ]);
    expect(await errorsIn(labWithYaml((file) => mkdirSync(file)))).toEqual([
      ['(file)', 'lab.yaml is a folder, not a file: the lab is written in a file named lab.yaml'],
    ]);
    expect(await errorsIn(labWithYaml((file, dir) => symlinkSync(join(dir, 'gone.yaml'), file)))).toEqual([
      ['(file)', 'lab.yaml is a link to a file that does not exist: put the file itself in the lab folder'],
    ]);
  });

  it('a link to a file outside the lab folder is refused unread, its keys and lines never shown', async () => {
    // Any YAML of the student's: its unknown keys would be listed, a valid lab elsewhere loaded.
    const secret = labWithYaml((file, dir) => {
      writeFileSync(join(dir, 'notes.yaml'), 'secret_token: hunter2\n');
      symlinkSync(join(dir, 'notes.yaml'), file);
    });
    const r = await loadLabFolder(secret, LAB);
    expect(r).toEqual({
      ok: false,
      errors: [{ lab: LAB, file: join(secret, LAB, 'lab.yaml'), field: '(file)', message: LAB_YAML_OUTSIDE }],
    });
    expect(JSON.stringify(r)).not.toContain('secret_token');
    const elsewhere = labWithYaml((file, dir) => {
      cpSync(resolve(import.meta.dirname, '../../../labs', LAB, 'lab.yaml'), join(dir, 'lab.yaml'));
      symlinkSync(join(dir, 'lab.yaml'), file);
    });
    expect(await errorsIn(elsewhere)).toEqual([['(file)', LAB_YAML_OUTSIDE]]);
  });

  it('a link to a file inside the lab folder is read, and so is a lab folder that is itself a link', async () => {
    const inside = labWithYaml((file, dir) => {
      cpSync(resolve(import.meta.dirname, '../../../labs', LAB, 'lab.yaml'), join(dir, LAB, 'lab.src.yaml'));
      symlinkSync('lab.src.yaml', file);
    });
    expect(await loadLabFolder(inside, LAB)).toMatchObject({ ok: true, lab: { id: LAB } });
    // An instructor's checkout linked into the labs folder: its files are confined to where it points.
    const labs = mkdtempSync(join(tmpdir(), 'fp-load-'));
    made.push(labs);
    symlinkSync(join(inside, LAB), join(labs, LAB));
    expect(await loadLabFolder(labs, LAB)).toMatchObject({ ok: true, lab: { id: LAB } });
  });

  it('a prose file past the cap is refused at its step', async () => {
    const dir = labWithProse((prose) => {
      writeFileSync(prose, '');
      truncateSync(prose, MAX_LAB_FILE_BYTES + 1);
    });
    expect(await errorsIn(dir)).toEqual([
      [
        'steps[0].prose',
        "steps/01-the-sme-host.md is too big for a lab's file (1,048,577 bytes; at most 1 MB, and a lab's files are a few kB): is it the right file?",
      ],
    ]);
  });

  it('the shipped labs are well under the cap', () => {
    const labs = resolve(import.meta.dirname, '../../../labs');
    for (const lab of readdirSync(labs).filter((n) => /^\d/.test(n)))
      expect(statSync(join(labs, lab, 'lab.yaml')).size).toBeLessThan(MAX_LAB_FILE_BYTES / 10);
  });
});

describe('a folder with no lab.yaml is said, not skipped', () => {
  const labsDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'fp-load-'));
    made.push(dir);
    return dir;
  };

  it('a lab one level too deep: move its contents up', async () => {
    const dir = labsDir();
    mkdirSync(join(dir, LAB));
    cpSync(resolve(import.meta.dirname, '../../../labs', LAB), join(dir, LAB, LAB), { recursive: true });
    expect(await loadLabFolder(dir, LAB)).toEqual({
      ok: false,
      errors: [
        {
          lab: LAB,
          file: join(dir, LAB),
          field: '(folder)',
          message: `holds no lab.yaml, but ${LAB}/${LAB} does, one level deeper (the lab was copied or unzipped into a folder of its own): move the contents of ${LAB}/${LAB} up into ${LAB}, then delete the empty ${LAB}/${LAB}`,
        },
      ],
      missing: 'nested',
    });
  });

  it('an empty folder is no lab; loadLabs lists it, and leaves hidden folders and __MACOSX alone', async () => {
    const dir = labsDir();
    for (const name of ['08-empty', '.git', '__MACOSX']) mkdirSync(join(dir, name));
    const { labs, errors } = await loadLabs(dir);
    expect(labs).toEqual([]);
    expect(errors).toEqual([
      {
        lab: '08-empty',
        file: join(dir, '08-empty'),
        field: '(folder)',
        message:
          "holds no lab.yaml, so it is no lab: a lab's folder holds its lab.yaml and its steps (put the lab's files in it, or remove the folder)",
      },
    ]);
  });
});
