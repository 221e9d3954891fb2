import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLabs } from '../node/labs/load.ts';
import { misconceptionCoverage } from './coverage.ts';
import { MISCONCEPTIONS } from './misconceptions.ts';
import type { Lab } from './types.ts';

let labs: Lab[] = [];
beforeAll(async () => {
  labs = (await loadLabs(join(import.meta.dirname, '..', '..', 'labs'))).labs;
});

describe('misconceptionCoverage', () => {
  it('lists every catalogued misconception in order, with the exercises naming it (choose and predict)', () => {
    const c = misconceptionCoverage(labs);
    expect(c.named.map((n) => n.id)).toEqual(Object.keys(MISCONCEPTIONS));
    expect(c.notNamed).toEqual([]);
    expect(c.named.find((n) => n.id === 'start-cpu-is-k')?.by).toContain(
      '02-sme-two-wbinvds/who-runs-relocate',
    );
    expect(c.named.find((n) => n.id === 'offline-stops')?.by).toEqual(['05-stopping-cpus/offline-at-kexec']);
  });

  it('names an exercise once however many of its options carry the same misconception', () => {
    const c = misconceptionCoverage(labs);
    for (const n of c.named) expect(new Set(n.by).size, n.id).toBe(n.by.length);
  });

  it('with no labs, names none', () => {
    expect(misconceptionCoverage([]).notNamed).toEqual(Object.keys(MISCONCEPTIONS));
  });
});
