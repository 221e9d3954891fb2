/** The labs folders the commands read: the ones this copy ships, or one given on the command line. */
import { lstat, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Lab, LabError } from '../lab/types.ts';
import { escapeControls } from '../sim/text-encoding.ts';
import { loadLabFolder, loadLabs, misnamedLabFile, type LabFolderLoad } from '../node/labs/load.ts';

/**
 * The labs this copy of Flushpoint ships, found from this file: not a `labs` folder wherever the command
 * runs (`npm run` runs it from the checkout, an installed bin from anywhere).
 */
export const SHIPPED_LABS = resolve(import.meta.dirname, '..', '..', 'labs');

/**
 * A lab that cannot be loaded, as `labs check` writes it: `file:line: field: message`. Its control
 * characters escaped: a folder's name, like a lab's text, may hold an escape sequence.
 */
export function labErrorText(e: LabError): string {
  return escapeControls(`${e.file}${e.line ? `:${e.line}` : ''}: ${e.field}: ${e.message}`);
}

export type LabsDir =
  /** The folder itself cannot be read (missing, not a folder, no permission): `message` names it. */
  | { ok: false; message: string }
  | {
      ok: true;
      labs: Lab[];
      /** Labs that could not be loaded, each error naming its file, line and field. */
      errors: LabError[];
      /** How many labs the folder holds, loaded or not. */
      found: number;
      /** The folder holding the lab folders: `dir`, or the one above it when `dir` is one lab's folder. */
      root: string;
      /** Each lab folder as it was loaded, by its name: what lab.yaml said beyond the lab (its lines). */
      folders: Map<string, LabFolderLoad>;
    };

/**
 * The labs in `dir` as given on the command line: a folder of lab folders, or one lab folder (holding
 * lab.yaml itself, or its lab file misnamed), checked as one lab. One broken lab does not stop the others.
 */
export async function readLabsDir(dir: string): Promise<LabsDir> {
  // resolve('') is the current folder: an empty argument (an unset variable in a script) would check it.
  if (dir === '') return { ok: false, message: 'the path is empty: name a labs folder' };
  const abs = resolve(dir);
  const cannot = (err: unknown) => ({
    ok: false as const,
    message: `${dir}: cannot read the labs folder (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
  });
  try {
    // A lab's file named in place of its folder (labs check labs/07-x/lab.yaml): say which folder to name.
    if (!(await stat(abs)).isDirectory())
      return {
        ok: false,
        message: `${dir}: not a folder${/\.ya?ml$/i.test(dir) ? `: name the lab's folder, ${dirname(dir) || '.'}` : ''}`,
      };
  } catch (err) {
    return cannot(err);
  }
  // Any lab.yaml, a pipe or a link to nothing too: the loader says what is wrong with it.
  const single =
    (await lstat(join(abs, 'lab.yaml')).then(
      () => true,
      () => false,
    )) || (await misnamedLabFile(abs)) !== null;
  if (single) {
    const folder = basename(abs);
    const r = await loadLabFolder(dirname(abs), folder);
    return {
      ok: true,
      labs: r.ok ? [r.lab] : [],
      errors: r.ok ? [] : r.errors,
      found: 1,
      root: dirname(abs),
      folders: new Map([[folder, r]]),
    };
  }
  const { labs, errors, folders } = await loadLabs(abs);
  const folderError = errors.find((e) => e.field === '(folder)' && e.file === abs);
  if (folderError) return { ok: false, message: `${dir}: ${folderError.message}` };
  // A folder none of whose folders holds a lab file (`labs check src`) is no folder of labs: said once
  // as such (noLabsText) rather than a problem per folder. Among labs, a folder with none is a problem.
  const loads = [...folders.values()];
  if (loads.every((r) => !r.ok && r.missing === 'none'))
    return { ok: true, labs: [], errors: [], found: 0, root: abs, folders: new Map() };
  const found = labs.length + new Set(errors.map((e) => e.lab)).size;
  return { ok: true, labs, errors, found, root: abs, folders };
}

/** What to say of a folder with no labs in it. */
export const noLabsText = (dir: string) =>
  `${dir}: no labs here (neither a lab.yaml nor a folder holding one)`;
