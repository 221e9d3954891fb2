import { describe, expect, it } from 'vitest';
import { KERNEL_FILES, pathFromMainline } from '../sim/kernel-files.ts';
import { GLOSSARY, glossaryEntriesFor, glossaryEntryFor, glossaryRuns } from './glossary.ts';

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

  it("marks the paths the reference does not name as the mainline tree's, and only those", () => {
    // §11 names these files with these functions; syscore.c and printk.c it never names.
    expect(pathFromMainline('stop_this_cpu')).toBe(false);
    expect(pathFromMainline('tdx_cpu_flush_cache_for_kexec')).toBe(false);
    expect(pathFromMainline('syscore_shutdown')).toBe(true);
    expect(pathFromMainline('kmsg_dump')).toBe(true);
    // The reference names no file for it: the mainline tree's, marked so.
    expect(pathFromMainline('kdump_sev_callback')).toBe(true);
    expect(KERNEL_FILES.kdump_sev_callback).toBe('arch/x86/virt/svm/sev.c');
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

  it('covers the background lab 1 assumes: caches, kexec and its CPUs, purgatory, ACT, GS', () => {
    const terms = GLOSSARY.map((e) => e.id);
    for (const id of [
      'cache-line',
      'dirty-line',
      'coherence',
      'kexec',
      'reboot-cpu',
      'remote-cpu',
      'purgatory',
      'act',
      'gs',
    ])
      expect(terms).toContain(id);
  });

  it('spells out the interrupts the stop protocol is made of: IPI and NMI, each pointing at the other', () => {
    const byId = new Map(GLOSSARY.map((e) => [e.id, e]));
    expect(byId.get('ipi')?.term).toMatch(/inter-processor interrupt/);
    expect(byId.get('nmi')?.term).toMatch(/non-maskable interrupt/);
    expect(byId.get('ipi')?.see).toContain('nmi');
    expect(byId.get('nmi')?.see).toContain('ipi');
    // The words that use them lead to them.
    expect(byId.get('reboot-ipi')?.see).toContain('ipi');
    expect(byId.get('nmi-fallback')?.see).toContain('nmi');
  });

  it('says in its text where an entry rests on an inference or an unchecked point', () => {
    for (const e of GLOSSARY.filter((g) => g.evidence === 'INF' || g.evidence === 'UNVERIFIED'))
      expect(e.text, e.id).toContain(`[${e.evidence}]`);
  });
});

describe('glossaryEntryFor: the entry a step of the model opens', () => {
  it('prefers the entry named after the function, then the one whose word names it', () => {
    expect(glossaryEntryFor('stop_this_cpu')?.id).toBe('stop-this-cpu');
    expect(glossaryEntryFor('wbinvd')?.id).toBe('wbinvd');
    expect(glossaryEntryFor('native_stop_other_cpus')?.id).toBe('stop-other-cpus');
    expect(glossaryEntryFor('tdx_cpu_flush_cache_for_kexec')?.id).toBe('tdx-flush');
    expect(glossaryEntryFor('swap_pages')?.id).toBe('relocate-kernel');
  });

  it('else the entry that lists it first, else the narrowest that lists it', () => {
    expect(glossaryEntryFor('early_detect_mem_encrypt')?.id).toBe('sme');
    expect(glossaryEntryFor('__seamcall_dirty_cache')?.id).toBe('seamcall');
    expect(glossaryEntryFor('kernel_kexec')?.id).toBe('kexec');
    expect(glossaryEntryFor('native_halt')?.id).toBe('stop-this-cpu');
    expect(glossaryEntryFor('sysvec_reboot')?.id).toBe('reboot-ipi');
    // The step that resets GS opens the word it resets, not the flag bit that has to be read before it.
    expect(glossaryEntryFor('load_segments')?.id).toBe('gs');
    // The stopping CPU's NMI send opens the NMI, which no other entry carries.
    expect(glossaryEntryFor('__apic_send_IPI')?.id).toBe('nmi');
  });

  it('gives every function an entry lists an entry that lists it or names it, and none to the others', () => {
    for (const fn of Object.keys(KERNEL_FILES)) {
      const e = glossaryEntryFor(fn);
      const listing = GLOSSARY.filter((g) => (g.fns as string[] | undefined)?.includes(fn));
      if (!listing.length && !e) continue;
      expect(e, fn).not.toBeNull();
      expect(
        (e?.fns as string[] | undefined)?.includes(fn) || e?.term.includes(fn) || e?.id === fn,
        `${fn} -> ${e?.id}`,
      ).toBe(true);
    }
    expect(glossaryEntryFor('new_kernel')).toBeNull();
    expect(glossaryEntryFor('cache_model')).toBeNull();
    expect(glossaryEntryFor('kmsg_dump')).toBeNull();
  });
});

describe('glossaryRuns: an entry text as runs to show', () => {
  it('splits code, emphasis, strong and evidence tags, and gives the text back whole', () => {
    expect(glossaryRuns('A `b()` is *c*, **d** [INF].')).toEqual([
      { kind: 'text', text: 'A ' },
      { kind: 'code', text: 'b()' },
      { kind: 'text', text: ' is ' },
      { kind: 'em', text: 'c' },
      { kind: 'text', text: ', ' },
      { kind: 'strong', text: 'd' },
      { kind: 'text', text: ' ' },
      { kind: 'tag', text: 'INF' },
      { kind: 'text', text: '.' },
    ]);
    const mark = { text: '', code: '`', em: '*', strong: '**', tag: '' };
    for (const e of GLOSSARY) {
      const runs = glossaryRuns(e.text);
      const back = runs
        .map((r) => (r.kind === 'tag' ? `[${r.text}]` : `${mark[r.kind]}${r.text}${mark[r.kind]}`))
        .join('');
      expect(back, e.id).toBe(e.text);
      // No Markdown is left in a plain run: each entry uses only what the runs know.
      for (const r of runs.filter((x) => x.kind === 'text')) expect(r.text, e.id).not.toMatch(/[`*]/);
    }
  });
});

describe('glossaryEntriesFor: every entry carrying a function, best first', () => {
  it('lists the others that carry it after the best one, each once', () => {
    const ids = glossaryEntriesFor('syscore_shutdown').map((e) => e.id);
    expect(ids[0]).toBe('tdx-flush');
    expect(ids).toContain('kexec');
    expect(new Set(ids).size).toBe(ids.length);
    expect(glossaryEntriesFor('stop_this_cpu')[0]?.id).toBe('stop-this-cpu');
    expect(glossaryEntriesFor('stop_this_cpu').map((e) => e.id)).toEqual(
      expect.arrayContaining(['reboot-ipi', 'nmi-fallback', 'cache-state-incoherent']),
    );
    expect(glossaryEntriesFor('new_kernel')).toEqual([]);
  });
});
