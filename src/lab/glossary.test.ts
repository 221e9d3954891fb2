import { describe, expect, it } from 'vitest';
import { KERNEL_FILES } from '../sim/kernel-files.ts';
import { GLOSSARY } from './glossary.ts';

/** Functions named in the glossary that the model does not mirror as steps (spelled as the reference). */
const NAMED_ONLY = new Set(['mcheck_cpu_clear', 'cc_platform_has']);

describe('the glossary', () => {
  it('has one entry per id, and every "see also" names one', () => {
    const ids = GLOSSARY.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of GLOSSARY) {
      expect(e.id).toMatch(/^[a-z0-9-]+$/);
      for (const s of e.see ?? []) expect(ids, `${e.id} sees ${s}`).toContain(s);
    }
  });

  it('names only functions the model knows the file of (or that it lists as named only)', () => {
    for (const e of GLOSSARY) {
      for (const f of e.fns ?? []) expect(Object.keys(KERNEL_FILES), e.id).toContain(f);
      for (const [, name = ''] of e.text.matchAll(/`(\w+)\(\)`/g))
        expect(name in KERNEL_FILES || NAMED_ONLY.has(name), `${e.id}: ${name}()`).toBe(true);
    }
  });

  it('covers the words of the story: the flag, both flush sites, the stop protocol, kdump', () => {
    const terms = GLOSSARY.map((e) => e.id);
    for (const id of [
      'cache-state-incoherent',
      'stop-this-cpu',
      'relocate-kernel',
      'stop-other-cpus',
      'kdump',
      'seamcall',
      'sme',
    ])
      expect(terms).toContain(id);
  });
});
