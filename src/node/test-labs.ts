/** The shipped labs read from disk for the lab engine's tests, as the app's loader reads them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLabYaml } from '../lab/parse.ts';
import type { Lab } from '../lab/types.ts';
import { validateLab } from '../lab/validate.ts';

export const LABS = join(import.meta.dirname, '..', '..', 'labs');

/** One shipped lab, its lab.yaml text first passed through `edit` (to break it on purpose). */
export function loadLab(folder: string, edit: (text: string) => string = (t) => t) {
  const file = join(LABS, folder, 'lab.yaml');
  const parsed = parseLabYaml(edit(readFileSync(file, 'utf8')));
  if (!parsed.ok)
    return { ok: false as const, errors: parsed.errors.map((e) => ({ ...e, field: '(syntax)' })) };
  return validateLab({
    folder,
    file,
    data: parsed.data,
    lineOf: parsed.lineOf,
    readProse: (rel) => {
      try {
        return readFileSync(join(LABS, folder, rel), 'utf8');
      } catch {
        return null;
      }
    },
  });
}

/** One shipped lab, which must load. */
export function shippedLab(folder: string): Lab {
  const r = loadLab(folder);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.lab;
}
