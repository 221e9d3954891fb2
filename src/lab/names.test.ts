/** The names validation checks claims and step matches against are the ones the simulator gives. */
import { describe, expect, it } from 'vitest';
import { MUTANTS, simulate, validateScenario } from '../sim/index.ts';
import {
  closest,
  nearest,
  oneOf,
  PHASES,
  RELOCATE_FLAGS,
  STEP_FNS,
  STEP_KINDS,
  STOP_METHODS,
  VIAS,
} from './names.ts';

describe("the model's names, as lab validation knows them", () => {
  it('cover every fn, kind, phase, via, stop and flag of runs on every platform, path and mutant', () => {
    const platforms = [
      { vendor: 'amd', sme: 'active', snp_host: true },
      { vendor: 'amd', sme: 'supported' },
      { vendor: 'intel', tdx: true, tdx_pw_mce: false },
      { vendor: 'intel', tdx_host_kernel: true, tdx_pw_mce: true },
      { vendor: 'hygon', sme: 'active' },
    ];
    let runs = 0;
    for (const kernel of ['before', 'after'])
      for (const path of ['kexec', 'kdump'])
        for (const platform of platforms)
          for (const mutant of [null, ...MUTANTS]) {
            const v = validateScenario({
              kernel,
              path,
              platform: { ...platform, cpus: 4 },
              stop: { 2: 'irqs_off', 3: 'late' },
              events:
                platform.vendor === 'intel'
                  ? [{ seamcall: 2 }, { offline: 1 }, { kvm_disable: 3 }]
                  : [{ offline: 1 }],
              mutant,
            });
            if (!v.ok) continue;
            const r = simulate(v.scenario);
            runs++;
            for (const t of r.trace) {
              expect(STEP_FNS).toContain(t.fn);
              expect(STEP_KINDS).toContain(t.kind);
            }
            for (const w of r.wbinvd) {
              expect(PHASES).toContain(w.phase);
              expect(VIAS).toContain(w.via);
            }
            for (const how of Object.values(r.stopped)) expect(STOP_METHODS).toContain(how);
            if (r.relocate_kernel && 'flags' in r.relocate_kernel)
              for (const f of r.relocate_kernel.flags) expect(RELOCATE_FLAGS).toContain(f);
          }
    expect(runs).toBeGreaterThan(100);
  });

  it('suggest the name a typo or a word left out was meant to be, and nothing for a stranger', () => {
    expect(closest('stop_this_cpuu', ['stop_this_cpu', 'relocate_kernel'])).toBe('stop_this_cpu');
    expect(closest('tdx-from-stc', ['tdx-flush-from-stc', 'tdx-flush-from-kvm'])).toBe('tdx-flush-from-stc');
    expect(closest('banana', ['stop_this_cpu', 'relocate_kernel'])).toBeUndefined();
  });

  it('rank the names near a mistyped one by the words they share, plurals aside, then by edits; none for a stranger', () => {
    const ids = ['kdump-remotes-flush', 'kdump-remotes-no-stc', 'kdump-no-migration', 'flag-is-per-cpu'];
    // Three words each in common (kdump, remote, flush / no): the fewer edits first.
    expect(nearest('kdump-remote-no-flush', ids, 3)).toEqual([
      'kdump-remotes-flush',
      'kdump-remotes-no-stc',
      'kdump-no-migration',
    ]);
    expect(nearest('banana', ids, 3)).toEqual([]);
  });
});

describe('oneOf', () => {
  it('names what was written, with the nearest name; a missing value is required, not "got undefined"', () => {
    expect(oneOf('chose', ['choose', 'grid'])).toBe(
      'must be one of choose, grid (got "chose"; did you mean choose?)',
    );
    expect(oneOf(undefined, ['choose', 'grid'])).toBe('is required: one of choose, grid');
  });
});
