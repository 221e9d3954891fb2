/** Reads lab folders from disk. One broken lab never stops the others from loading. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, normalize, relative } from 'node:path';
import { parseLabYaml } from '../../lab/parse.ts';
import type { Lab, LabError } from '../../lab/types.ts';
import { validateLab, type ProseUnread } from '../../lab/validate.ts';

/** Loads one lab folder. */
export async function loadLabFolder(
  dir: string,
  folder: string,
): Promise<{ ok: true; lab: Lab } | { ok: false; errors: LabError[] }> {
  const labDir = join(dir, folder);
  const file = join(labDir, 'lab.yaml');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return {
      ok: false,
      errors: [
        {
          lab: folder,
          file,
          field: '(file)',
          message: `cannot read lab.yaml: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
        },
      ],
    };
  }
  return labFromText(dir, folder, text);
}

/**
 * A lab file under another name (`lab.yml`, `Lab.yaml`): the loader reads only `lab.yaml`, so the folder
 * would be skipped without a word. Returns the name found, or null.
 */
export async function misnamedLabFile(labDir: string): Promise<string | null> {
  const names = await readdir(labDir).catch(() => [] as string[]);
  if (names.includes('lab.yaml')) return null;
  return names.find((n) => /^lab\.ya?ml$/i.test(n)) ?? null;
}

/** The problem of a folder whose lab file is misnamed: named, with what to do. */
export function misnamedLabError(dir: string, folder: string, name: string): LabError {
  return {
    lab: folder,
    file: join(dir, folder, name),
    field: '(file)',
    message: `a lab's file must be named lab.yaml, so this folder is not loaded: rename ${name} to lab.yaml`,
  };
}

/** Loads every lab under `dir` (folders holding a lab.yaml), sorted by `order`. */
export async function loadLabs(dir: string): Promise<{ labs: Lab[]; errors: LabError[] }> {
  let entries: string[];
  try {
    entries = (await readdir(dir)).sort();
  } catch (err) {
    return {
      labs: [],
      errors: [
        {
          lab: '(all)',
          file: dir,
          field: '(folder)',
          message: `cannot read the labs folder: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
        },
      ],
    };
  }
  const labs: Lab[] = [];
  const errors: LabError[] = [];
  for (const folder of entries) {
    const isDir = await stat(join(dir, folder)).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isDir) continue;
    const hasSpec = await stat(join(dir, folder, 'lab.yaml')).then(
      () => true,
      () => false,
    );
    if (!hasSpec) {
      const misnamed = await misnamedLabFile(join(dir, folder));
      if (misnamed) errors.push(misnamedLabError(dir, folder, misnamed));
      continue;
    }
    const r = await loadLabFolder(dir, folder);
    if (r.ok) labs.push(r.lab);
    else errors.push(...r.errors);
  }
  labs.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  return { labs, errors };
}

/** Loads one lab by id (the folder name); throws a clear error when it is broken or missing. */
/** Throws unless `id` can name a lab folder: no path of any kind gets past it. */
export function assertLabId(id: string): void {
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(id)) throw new Error(`bad lab id ${JSON.stringify(id)}`);
}

export async function loadLab(dir: string, id: string): Promise<Lab> {
  assertLabId(id);
  const r = await loadLabFolder(dir, id);
  if (!r.ok)
    throw new Error(
      r.errors.map((e) => `${e.file}${e.line ? `:${e.line}` : ''}: ${e.field}: ${e.message}`).join('\n'),
    );
  return r.lab;
}

/** A lab from the text of its lab.yaml (its prose read beside it, never outside its folder). */
export function labFromText(
  dir: string,
  folder: string,
  text: string,
): { ok: true; lab: Lab } | { ok: false; errors: LabError[] } {
  const labDir = join(dir, folder);
  const file = join(labDir, 'lab.yaml');
  const parsed = parseLabYaml(text);
  if (!parsed.ok)
    return {
      ok: false,
      errors: parsed.errors.map((e) => ({
        lab: folder,
        file,
        ...(e.line ? { line: e.line } : {}),
        field: e.field ?? '(syntax)',
        message: e.message,
      })),
    };
  try {
    const r = validateLab({
      folder,
      file,
      data: parsed.data,
      lineOf: parsed.lineOf,
      readProse: (rel) => readProse(labDir, rel),
    });
    // A step's prose file is named as lab.yaml is, by its full path: the two read alike in every list.
    return r.ok
      ? r
      : {
          ok: false,
          errors: r.errors.map((e) => (e.file === file ? e : { ...e, file: join(labDir, e.file) })),
        };
  } catch (err) {
    // Validation says what is wrong rather than throw; should it throw all the same, this lab alone fails.
    return {
      ok: false,
      errors: [
        {
          lab: folder,
          file,
          field: '(lab)',
          message: `this lab could not be checked (${(err as Error).message}): a fault of Flushpoint's checker, not of the lab alone; please report it with the lab`,
        },
      ],
    };
  }
}

/**
 * A step's prose file, read from inside its lab folder: its text; null when there is no such file; or
 * why a file of that name is not read. The name alone is not enough: a link inside a handed-out lab
 * could point at any file of the student's, and prose is shown on screen, so a link is followed only
 * to a file inside the lab folder (where it points is not said: it is the student's).
 */
function readProse(labDir: string, rel: string): string | null | ProseUnread {
  const full = normalize(join(labDir, rel));
  if (relative(labDir, full).startsWith('..')) return null;
  let link = false;
  try {
    link = lstatSync(full).isSymbolicLink();
    const s = statSync(full);
    if (!isInside(realpathSync(labDir), realpathSync(full)))
      return {
        unread:
          'is a link to a file outside the lab folder, which is never read (the lab is handed out without it): put the file itself in the lab folder',
      };
    if (s.isDirectory()) return { unread: 'is a folder, not a file: name the Markdown file inside it' };
    // A pipe or a device would be read for ever, or block.
    if (!s.isFile()) return { unread: 'is not a regular file: make it a Markdown file' };
    return readFileSync(full, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      return link
        ? { unread: 'is a link to a file that does not exist: put the file itself in the lab folder' }
        : null;
    if (code === 'EACCES' || code === 'EPERM')
      return {
        unread: `cannot be read (${code}: no permission): make it readable by whoever checks or takes the lab`,
      };
    return { unread: `cannot be read (${code ?? String(err)})` };
  }
}

/** Whether `path` is `dir` or below it (both already resolved). */
function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
