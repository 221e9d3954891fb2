/** Reads lab folders from disk. One broken lab never stops the others from loading. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, join, normalize, relative } from 'node:path';
import { parseLabYaml } from '../../lab/parse.ts';
import type { Lab, LabError } from '../../lab/types.ts';
import { validateLab } from '../../lab/validate.ts';

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
        line: e.line,
        field: '(syntax)',
        message: e.message,
      })),
    };
  try {
    return validateLab({
      folder,
      file,
      data: parsed.data,
      lineOf: parsed.lineOf,
      readProse: (rel) => {
        const full = normalize(join(labDir, rel));
        if (relative(labDir, full).startsWith('..')) return null;
        try {
          // The name alone is not enough: a link inside a handed-out lab could point at any file of the
          // student's, and prose is shown on screen.
          if (!isInside(realpathSync(labDir), realpathSync(full))) return null;
          return readFileSync(full, 'utf8');
        } catch {
          return null;
        }
      },
    });
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

/** Whether `path` is `dir` or below it (both already resolved). */
function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
