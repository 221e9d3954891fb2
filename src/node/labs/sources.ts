/**
 * Where labs come from: the ones shipped with the app, and the ones an instructor hands out, which the
 * student puts in the `labs` folder of the app's user-data folder. An instructor's lab with the id of a
 * shipped one replaces it (a corrected or extended version); a broken one is listed with its errors like
 * any other, and never hides the rest.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Lab, LabError } from '../../lab/types.ts';
import { assertLabId, loadLab, loadLabs } from './load.ts';

export type LabSource = 'app' | 'instructor';

export interface LabFolders {
  /** The labs shipped with the app. */
  app: string;
  /** The instructor's labs (it may not exist: then there are none). */
  instructor: string;
}

/** The instructor's labs folder inside a user-data folder. */
export const instructorLabsDir = (userDataDir: string): string => join(userDataDir, 'labs');

const isDir = (path: string) =>
  stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );

/** Every lab of both folders, each with where it came from, sorted by `order`. */
export async function loadAllLabs(
  folders: LabFolders,
): Promise<{ labs: (Lab & { source: LabSource })[]; errors: LabError[] }> {
  const shipped = await loadLabs(folders.app);
  const handedOut = (await isDir(folders.instructor))
    ? await loadLabs(folders.instructor)
    : { labs: [], errors: [] };
  const byId = new Map<string, Lab & { source: LabSource }>();
  for (const lab of shipped.labs) byId.set(lab.id, { ...lab, source: 'app' });
  for (const lab of handedOut.labs) byId.set(lab.id, { ...lab, source: 'instructor' });
  const labs = [...byId.values()].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  return { labs, errors: [...shipped.errors, ...handedOut.errors] };
}

/** One lab by id: the instructor's copy when there is one, else the app's. */
export async function loadLabFrom(folders: LabFolders, id: string): Promise<Lab & { source: LabSource }> {
  // Before any path is made of it: an id from the page could be "../elsewhere".
  assertLabId(id);
  if (await isDir(join(folders.instructor, id)))
    return { ...(await loadLab(folders.instructor, id)), source: 'instructor' };
  return { ...(await loadLab(folders.app, id)), source: 'app' };
}
