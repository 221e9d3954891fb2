/** Reads lab folders from disk. One broken lab never stops the others from loading. */
import { closeSync, constants, fstatSync, lstatSync, openSync, realpathSync, statSync } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import { isInside } from '../inside.ts';
import { parseLabYaml } from '../../lab/parse.ts';
import { readCapped } from '../read-capped.ts';
import type { Lab, LabError } from '../../lab/types.ts';
import { validateLab, type ProseUnread } from '../../lab/validate.ts';

/**
 * The most a lab's file (lab.yaml, a step's prose) may weigh. The shipped ones are a few kB each; a file
 * past this is not a lab's (a log or a dump copied under its name, a link to /dev/zero, which took 25 s
 * and 850 MB before failing) and is refused rather than read.
 */
export const MAX_LAB_FILE_BYTES = 1024 * 1024;

/** The field of lab.yaml at a line: for `labs check`, which names the line of what a replay finds. */
export type LineOf = (field: string) => number | undefined;

/** One lab folder, loaded or not. */
export type LabFolderLoad =
  | { ok: true; lab: Lab; lineOf: LineOf }
  | {
      ok: false;
      errors: LabError[];
      /** How many exercises lab.yaml lists, when it could be parsed: what cannot be replayed. */
      exercises?: number;
      /**
       * Set when the folder holds no lab.yaml: its lab file is misnamed (lab.yml), or one level deeper,
       * or there is none at all (an empty folder: maybe no lab was meant). Unset: a lab, broken.
       */
      missing?: 'misnamed' | 'nested' | 'none';
    };

/** A file of a lab not read, and why. */
type Refused = { refused: 'folder' } | { refused: 'special' } | { refused: 'too-big'; size: number };

/** What to say of a file too big to be a lab's: its size in bytes, which a size rounded to MB would hide. */
const tooBigText = (size: number): string =>
  `is too big for a lab's file (${size.toLocaleString('en')} bytes; at most ${MAX_LAB_FILE_BYTES / 1024 / 1024} MB, and a lab's files are a few kB): is it the right file?`;

/**
 * A lab's file as text, when it is a regular file of at most MAX_LAB_FILE_BYTES. A pipe would block the
 * read for ever and a device (/dev/zero) never end it, so what is not a regular file is never read; it is
 * opened without blocking and looked at again once open, in case it was swapped in between. Throws what
 * the file system throws (ENOENT, EACCES).
 */
export function readLabFile(path: string): string | Refused {
  const s = statSync(path);
  if (s.isDirectory()) return { refused: 'folder' };
  if (!s.isFile()) return { refused: 'special' };
  if (s.size > MAX_LAB_FILE_BYTES) return { refused: 'too-big', size: s.size };
  // O_NONBLOCK is POSIX's: a pipe put there since the stat is opened without waiting for a writer.
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile()) return { refused: 'special' };
    const read = readCapped(fd, MAX_LAB_FILE_BYTES);
    return 'text' in read ? read.text : { refused: 'too-big', size: read.over };
  } finally {
    closeSync(fd);
  }
}

/** Whether a path is there at all, a link to nothing included. */
const exists = (path: string): Promise<boolean> =>
  lstat(path).then(
    () => true,
    () => false,
  );

/** Whether a folder is there (a link to one included). */
const isFolder = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/**
 * The folder inside `labDir` that holds a lab.yaml, when `labDir` holds none itself: a lab copied, or
 * unzipped, one level too deep (`07-mine/07-mine/lab.yaml`). Null when there is none.
 */
async function nestedLab(labDir: string): Promise<string | null> {
  const names = (await readdir(labDir).catch(() => [] as string[])).sort();
  for (const name of names)
    if (isFolder(join(labDir, name)) && (await exists(join(labDir, name, 'lab.yaml')))) return name;
  return null;
}

/** Why a lab folder's lab.yaml could not be read, as the lab's error. */
function unreadLabYaml(folder: string, file: string, message: string): LabFolderLoad {
  return { ok: false, errors: [{ lab: folder, file, field: '(file)', message }] };
}

/**
 * The problem of a folder with no lab.yaml in it, to say rather than skip it without a word: its lab file
 * under another name (lab.yml), one a level deeper, or none at all.
 */
async function noLabYaml(dir: string, folder: string): Promise<LabFolderLoad> {
  const labDir = join(dir, folder);
  const misnamed = await misnamedLabFile(labDir);
  if (misnamed) return { ok: false, errors: [misnamedLabError(dir, folder, misnamed)], missing: 'misnamed' };
  const error = (message: string): LabError => ({ lab: folder, file: labDir, field: '(folder)', message });
  if (!isFolder(labDir))
    return { ok: false, errors: [error('there is no such lab folder')], missing: 'none' };
  const nested = await nestedLab(labDir);
  if (nested)
    return {
      ok: false,
      errors: [
        error(
          `holds no lab.yaml, but ${folder}/${nested} does, one level deeper (the lab was copied or unzipped into a folder of its own): move the contents of ${folder}/${nested} up into ${folder}, then delete the empty ${folder}/${nested}`,
        ),
      ],
      missing: 'nested',
    };
  return {
    ok: false,
    errors: [
      error(
        "holds no lab.yaml, so it is no lab: a lab's folder holds its lab.yaml and its steps (put the lab's files in it, or remove the folder)",
      ),
    ],
    missing: 'none',
  };
}

/**
 * Said of a lab.yaml that is a link to a file outside its lab folder. The folder itself may be a link (an
 * instructor's checkout linked into the labs folder): its files are then confined to where it points.
 */
export const LAB_YAML_OUTSIDE =
  'lab.yaml is a link to a file outside the lab folder, which is never read (the lab is handed out without it): put the file itself in the lab folder';

/** Loads one lab folder. */
export async function loadLabFolder(dir: string, folder: string): Promise<LabFolderLoad> {
  const labDir = join(dir, folder);
  const file = join(labDir, 'lab.yaml');
  // A link to nothing is there: said as such below, not as a folder without a lab.yaml.
  if (!(await exists(file))) return noLabYaml(dir, folder);
  let text: string;
  try {
    // As for prose (readProse): a lab is handed out, and its lab.yaml as a link could point at any file
    // of the student's, whose keys and lines the errors would then show. Where it points is not said.
    if (!isInside(realpathSync(labDir), realpathSync(file)))
      return unreadLabYaml(folder, file, LAB_YAML_OUTSIDE);
    const read = readLabFile(file);
    if (typeof read !== 'string')
      return unreadLabYaml(
        folder,
        file,
        read.refused === 'folder'
          ? 'lab.yaml is a folder, not a file: the lab is written in a file named lab.yaml'
          : read.refused === 'special'
            ? 'lab.yaml is not a regular file (a pipe or a device): make it the text file of the lab'
            : `lab.yaml ${tooBigText(read.size)}`,
      );
    text = read;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return unreadLabYaml(
      folder,
      file,
      code === 'ENOENT'
        ? 'lab.yaml is a link to a file that does not exist: put the file itself in the lab folder'
        : `cannot read lab.yaml: ${code ?? String(err)}`,
    );
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

/**
 * Folders that are never a lab, not even a broken one: hidden ones (.git) and the one macOS's zip tool
 * adds beside what it packed (__MACOSX). No lab id starts with either.
 */
const notALab = (name: string): boolean => name.startsWith('.') || name === '__MACOSX';

/** Every lab folder under `dir` (each subfolder, loaded or not), sorted by `order`. */
export async function loadLabs(dir: string): Promise<{
  labs: Lab[];
  errors: LabError[];
  /** Each folder as it was loaded, by its name. */
  folders: Map<string, LabFolderLoad>;
}> {
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
      folders: new Map(),
    };
  }
  const labs: Lab[] = [];
  const errors: LabError[] = [];
  const folders = new Map<string, LabFolderLoad>();
  for (const folder of entries) {
    if (notALab(folder) || !isFolder(join(dir, folder))) continue;
    const r = await loadLabFolder(dir, folder);
    folders.set(folder, r);
    if (r.ok) labs.push(r.lab);
    else errors.push(...r.errors);
  }
  labs.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  return { labs, errors, folders };
}

/** Throws unless `id` can name a lab folder: no path of any kind gets past it. */
export function assertLabId(id: string): void {
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(id)) throw new Error(`bad lab id ${JSON.stringify(id)}`);
}

/** Errors as one message: `file:line: field: message`, one a line. */
export const labErrorsText = (errors: readonly LabError[]): string =>
  errors.map((e) => `${e.file}${e.line ? `:${e.line}` : ''}: ${e.field}: ${e.message}`).join('\n');

/** Loads one lab by id (the folder name); throws a clear error when it is broken or missing. */
export async function loadLab(dir: string, id: string): Promise<Lab> {
  assertLabId(id);
  const r = await loadLabFolder(dir, id);
  if (!r.ok) throw new Error(labErrorsText(r.errors));
  return r.lab;
}

/** A lab from the text of its lab.yaml (its prose read beside it, never outside its folder). */
export function labFromText(dir: string, folder: string, text: string): LabFolderLoad {
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
  const listed = (parsed.data as { exercises?: unknown } | null)?.exercises;
  const exercises = Array.isArray(listed) ? { exercises: listed.length } : {};
  try {
    const r = validateLab({
      folder,
      file,
      data: parsed.data,
      lineOf: parsed.lineOf,
      readProse: (rel) => readProse(labDir, rel),
      textProblems: parsed.problems,
    });
    // A step's prose file is named as lab.yaml is, by its full path: the two read alike in every list.
    return r.ok
      ? { ...r, lineOf: parsed.lineOf }
      : {
          ok: false,
          errors: r.errors.map((e) => (e.file === file ? e : { ...e, file: join(labDir, e.file) })),
          ...exercises,
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
      ...exercises,
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
  if (!isInside(labDir, full)) return null;
  let link = false;
  try {
    link = lstatSync(full).isSymbolicLink();
    if (!isInside(realpathSync(labDir), realpathSync(full)))
      return {
        unread:
          'is a link to a file outside the lab folder, which is never read (the lab is handed out without it): put the file itself in the lab folder',
      };
    const read = readLabFile(full);
    if (typeof read === 'string') return read;
    return {
      unread:
        read.refused === 'folder'
          ? 'is a folder, not a file: name the Markdown file inside it'
          : read.refused === 'special'
            ? 'is not a regular file: make it a Markdown file'
            : tooBigText(read.size),
    };
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
