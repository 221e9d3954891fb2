/**
 * Which of the catalogued misconceptions (the domain file's list and a few of ours) the labs teach
 * against: an option that names one shows the student the misconception when picked. `labs check` prints
 * it, so an author sees what is left to teach.
 */
import { MISCONCEPTIONS } from './misconceptions.ts';
import type { Lab } from './types.ts';

export interface MisconceptionCoverage {
  /** Each misconception id, in the catalogue's order, with the exercises (`lab/exercise`) naming it. */
  named: { id: string; by: string[] }[];
  /** The ids no option names. */
  notNamed: string[];
}

export function misconceptionCoverage(labs: Lab[]): MisconceptionCoverage {
  const by = new Map<string, string[]>(Object.keys(MISCONCEPTIONS).map((id) => [id, []]));
  for (const lab of labs)
    for (const e of lab.exercises) {
      if (e.kind !== 'choose' && e.kind !== 'predict') continue;
      const ids = new Set(e.options.map((o) => o.misconception).filter((m) => m !== undefined));
      for (const id of ids) by.get(id)?.push(`${lab.id}/${e.id}`);
    }
  const named = [...by].map(([id, list]) => ({ id, by: list }));
  return { named, notNamed: named.filter((n) => !n.by.length).map((n) => n.id) };
}
