/**
 * Where labs come from: the ones shipped with the app, and the ones an instructor hands out, which the
 * student puts in the `labs` folder of the app's user-data folder.
 *
 * One rule, for the list and for a lab opened by id alike (so a lab listed always opens, and one opened
 * is the one listed): an instructor's folder holding a lab.yaml replaces the shipped lab of its id (a
 * corrected or extended version), even while it is broken: the student then sees its errors, not the
 * shipped lab under its id, and an answer to it is saved unchecked rather than checked against a lab it
 * was not made for. A folder holding no lab.yaml (an empty one, a lab one level too deep, a lab.yml)
 * replaces nothing: it is listed with what is wrong with it, and the shipped lab stays.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Lab, LabError } from '../../lab/types.ts';
import { assertLabId, labErrorsText, loadLabFolder, loadLabs, type LabFolderLoad } from './load.ts';

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

/** Whether an instructor's folder, as loaded, takes the place of the shipped lab of its name. */
const replaces = (r: LabFolderLoad): boolean => r.ok || r.missing === undefined;

/**
 * Every lab of both folders, each with where it came from, sorted by `order`; and the shipped labs an
 * instructor's broken folder replaces (not listed until it is fixed or removed: the student is told
 * why a lab they knew is gone).
 */
export async function loadAllLabs(folders: LabFolders): Promise<{
  labs: (Lab & { source: LabSource })[];
  errors: LabError[];
  replacedByBroken: { id: string; title: string }[];
}> {
  const shipped = await loadLabs(folders.app);
  const handedOut = (await isDir(folders.instructor))
    ? await loadLabs(folders.instructor)
    : { labs: [], errors: [], folders: new Map<string, LabFolderLoad>() };
  const replaced = new Set([...handedOut.folders].filter(([, r]) => replaces(r)).map(([name]) => name));
  const byId = new Map<string, Lab & { source: LabSource }>();
  for (const lab of shipped.labs) if (!replaced.has(lab.id)) byId.set(lab.id, { ...lab, source: 'app' });
  for (const lab of handedOut.labs) byId.set(lab.id, { ...lab, source: 'instructor' });
  const labs = [...byId.values()].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  const replacedByBroken = shipped.labs
    .filter((l) => replaced.has(l.id) && !byId.has(l.id))
    .map((l) => ({ id: l.id, title: l.title }));
  return { labs, errors: [...shipped.errors, ...handedOut.errors], replacedByBroken };
}

/** One lab by id, as loadAllLabs lists it; throws what is wrong with it when it cannot be loaded. */
export async function loadLabFrom(folders: LabFolders, id: string): Promise<Lab & { source: LabSource }> {
  // Before any path is made of it: an id from the page could be "../elsewhere".
  assertLabId(id);
  const handedOut = (await isDir(join(folders.instructor, id)))
    ? await loadLabFolder(folders.instructor, id)
    : null;
  if (handedOut && replaces(handedOut)) {
    if (handedOut.ok) return { ...handedOut.lab, source: 'instructor' };
    throw new Error(labErrorsText(handedOut.errors));
  }
  const shipped = await loadLabFolder(folders.app, id);
  if (shipped.ok) return { ...shipped.lab, source: 'app' };
  // No shipped lab of this id: what is wrong with the instructor's folder of that name, if there is one.
  const mine = handedOut && !handedOut.ok && shipped.missing === 'none' ? handedOut : shipped;
  throw new Error(labErrorsText(mine.errors));
}
