/** The labs folders the commands read: the ones this copy ships, or one given on the command line. */
import { stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Lab, LabError } from '../lab/types.ts';
import { loadLabFolder, loadLabs, misnamedLabError, misnamedLabFile } from '../node/labs/load.ts';

/**
 * The labs this copy of Flushpoint ships, found from this file: not a `labs` folder wherever the command
 * runs (`npm run` runs it from the checkout, an installed bin from anywhere).
 */
export const SHIPPED_LABS = resolve(import.meta.dirname, '..', '..', 'labs');

/** A lab that cannot be loaded, as `labs check` writes it: `file:line: field: message`. */
export function labErrorText(e: LabError): string {
  return `${e.file}${e.line ? `:${e.line}` : ''}: ${e.field}: ${e.message}`;
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
    };

/**
 * The labs in `dir` as given on the command line: a folder of lab folders, or one lab folder (holding
 * lab.yaml itself), checked as one lab. One broken lab does not stop the others.
 */
export async function readLabsDir(dir: string): Promise<LabsDir> {
  const abs = resolve(dir);
  const cannot = (err: unknown) => ({
    ok: false as const,
    message: `${dir}: cannot read the labs folder (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
  });
  try {
    if (!(await stat(abs)).isDirectory()) return { ok: false, message: `${dir}: not a folder` };
  } catch (err) {
    return cannot(err);
  }
  const single = await stat(join(abs, 'lab.yaml')).then(
    (s) => s.isFile(),
    () => false,
  );
  if (single) {
    const r = await loadLabFolder(dirname(abs), basename(abs));
    return r.ok
      ? { ok: true, labs: [r.lab], errors: [], found: 1, root: dirname(abs) }
      : { ok: true, labs: [], errors: r.errors, found: 1, root: dirname(abs) };
  }
  const { labs, errors } = await loadLabs(abs);
  const folderError = errors.find((e) => e.field === '(folder)' && e.file === abs);
  if (folderError) return { ok: false, message: `${dir}: ${folderError.message}` };
  const found = labs.length + new Set(errors.map((e) => e.lab)).size;
  // One lab's folder whose file is misnamed (lab.yml): say so rather than "no labs here".
  const misnamed = found === 0 ? await misnamedLabFile(abs) : null;
  if (misnamed)
    return {
      ok: true,
      labs: [],
      errors: [misnamedLabError(dirname(abs), basename(abs), misnamed)],
      found: 1,
      root: dirname(abs),
    };
  return { ok: true, labs, errors, found, root: abs };
}

/** What to say of a folder with no labs in it. */
export const noLabsText = (dir: string) =>
  `${dir}: no labs here (neither a lab.yaml nor a folder holding one)`;
