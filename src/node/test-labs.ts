/** The shipped labs read from disk for the lab engine's tests, by the app's own loader. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lab } from '../lab/types.ts';
import { labFromText } from './labs/load.ts';

export const LABS = join(import.meta.dirname, '..', '..', 'labs');

/** One shipped lab, its lab.yaml text first passed through `edit` (to break it on purpose). */
export function loadLab(folder: string, edit: (text: string) => string = (t) => t) {
  return labFromText(LABS, folder, edit(readFileSync(join(LABS, folder, 'lab.yaml'), 'utf8')));
}

/** One shipped lab, which must load. */
export function shippedLab(folder: string): Lab {
  const r = loadLab(folder);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.lab;
}
