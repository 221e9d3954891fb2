import { describe, expect, it } from 'vitest';
import type { SimResult } from '../../../sim/view.ts';
import { computeRuns, type Runs } from './runs.ts';
import { COMPARE_MODES, compareVariant as simCompareVariant, validateScenario } from '../../../sim/index.ts';
import {
  applyPreset,
  compareVariant,
  fromScenario,
  isPresetForm,
  PRESETS,
  toScenario,
} from './scenario-form.ts';
import { runData } from './scenario-run.ts';

/** "site@cpu/via-or-phase" for each WBINVD of a run, in trace order. */
const flushes = (r: SimResult | null) =>
  (r?.wbinvd ?? []).map((w) => `${w.site}@${w.cpu}/${w.via ?? w.phase}`);
const remoteStc = (cpus: number[], via = 'reboot_ipi') => cpus.map((c) => `stop_this_cpu@${c}/${via}`);
const RK0 = 'relocate_kernel@0/machine_kexec';

/** What each preset's `shows` text says, as the model must run it. */
const CLAIMS: Record<string, (runs: Runs) => void> = {
  'amd-sme-supported-compare': ({ a, b }) => {
    expect(flushes(a)).toEqual([...remoteStc([1, 2, 3]), RK0]);
    expect(flushes(b)).toEqual(remoteStc([1, 2, 3]));
  },
  'amd-sme-active': ({ a }) => {
    expect(flushes(a)).toEqual([...remoteStc([1, 2, 3]), RK0]);
    const wb = a.trace.find((t) => t.kind === 'wbinvd' && t.site === 'relocate_kernel')?.seq ?? 0;
    const copy = a.trace.find((t) => t.fn === 'swap_pages')?.seq ?? 0;
    expect(wb).toBeGreaterThan(0);
    expect(wb).toBeLessThan(copy);
  },
  'amd-skip-flush': ({ a }) => {
    expect(flushes(a)).toEqual(remoteStc([1, 2, 3]));
    expect(a.memory?.corrupted).toBeGreaterThan(0);
    expect(a.memory?.lines.filter((l) => l.status === 'corrupted').map((l) => l.culprit_attr)).toContainEqual(
      {
        kind: 'cbit',
        c: 1,
      },
    );
  },
  'intel-tdx': ({ a }) => {
    expect(flushes(a)).toEqual(
      [0, 1, 2, 3].map((c) => `tdx_cpu_flush_cache_for_kexec@${c}/syscore_shutdown`),
    );
    expect(Object.values(a.flags_at_start)).toEqual([true, true, true, true]);
  },
  'intel-tdx-before': ({ a, b }) => {
    expect(flushes(a).every((f) => f.startsWith('tdx_cpu_flush_cache_for_kexec@'))).toBe(true);
    expect(b?.outcome).toBe('not_buildable');
    expect(b?.reason).toContain('!KEXEC_CORE');
  },
  'intel-tdx-uninitialised': ({ a, b }) => {
    expect(a.outcome).toBe('jumped');
    expect(flushes(a)).toEqual([]);
    expect(a.trace.some((t) => t.kind === 'seamcall' || t.flag?.to === true)).toBe(false);
    expect(b?.outcome).toBe('not_buildable');
    expect(b?.reason).toContain('!KEXEC_CORE');
  },
  'irqs-off': ({ a }) => {
    expect(a.stopped['2']).toBe('nmi');
    expect(flushes(a)).toContain('stop_this_cpu@2/nmi');
  },
  'late-ipi': ({ a }) => {
    expect(a.race).toEqual([3]);
    expect(flushes(a)).toEqual(expect.arrayContaining(['stop_this_cpu@3/reboot_ipi', 'stop_this_cpu@3/nmi']));
    expect(a.outcome).toBe('jumped');
  },
  'kdump-sme': ({ a, b }) => {
    expect(flushes(a)).toEqual(['relocate_kernel@2/machine_kexec']);
    expect(Object.values(a.stopped)).toEqual(['nmi_shootdown', 'nmi_shootdown', 'nmi_shootdown']);
    expect(flushes(b)).toEqual([...remoteStc([1, 2, 3]), RK0]);
  },
  'snp-kdump': ({ a }) => {
    expect(flushes(a)).toEqual([
      ...[0, 2, 3].map((c) => `kdump_sev_callback@${c}/nmi`),
      'relocate_kernel@1/machine_kexec',
    ]);
  },
  'pw-mce': ({ a }) => {
    expect(a.outcome).toBe('load_refused');
    expect(a.reason).toContain('-EOPNOTSUPP');
  },
  'intel-plain': ({ a }) => {
    expect(flushes(a)).toEqual([]);
    expect(a.trace.some((t) => t.flag?.to === true)).toBe(false);
  },
  'hygon-sme-active-compare': ({ a, b }) => {
    expect(flushes(a)).toEqual([]);
    expect(flushes(b)).toEqual([...remoteStc([1, 2, 3]), RK0]);
  },
};

describe('sandbox form and scenarios', () => {
  it('every preset survives a round trip through the scenario format', () => {
    for (const p of PRESETS) {
      const form = applyPreset(p);
      const back = fromScenario(toScenario(form));
      expect(toScenario(back)).toEqual(toScenario(form));
    }
  });

  it('every preset says what it shows, and the model runs it that way', () => {
    expect(Object.keys(CLAIMS).sort()).toEqual(PRESETS.map((p) => p.id).sort());
    for (const p of PRESETS) {
      expect(p.shows.length, p.id).toBeGreaterThan(40);
      const r = computeRuns(applyPreset(p), runData);
      if (!r.ok) throw new Error(`${p.id} does not run: ${JSON.stringify(r.issues)}`);
      CLAIMS[p.id]?.(r.runs);
    }
  });

  it('reads a lab scenario with stop behaviours, events and faults', () => {
    const f = fromScenario({
      kernel: 'after',
      platform: { vendor: 'intel', cpus: 4, tdx: true },
      stop: { 3: 'late' },
      events: [{ seamcall: 2 }, { kvm_unload: true }],
      faults: [{ skip_wbinvd: { site: 'tdx_cpu_flush_cache_for_kexec', cpu: 2 } }],
    });
    expect(f).toMatchObject({
      vendor: 'intel',
      tdx: true,
      stop: [{ cpu: 3, how: 'late' }],
      events: [
        { type: 'seamcall', cpu: 2 },
        { type: 'kvm_unload', cpu: 0 },
      ],
      faults: [{ site: 'tdx_cpu_flush_cache_for_kexec', cpu: 2 }],
    });
  });

  it('a form is its preset until the student changes the scenario or the comparison', () => {
    for (const p of PRESETS) {
      expect(isPresetForm(applyPreset(p), p)).toBe(true);
      // Each preset is a scenario of its own: loading one is not another.
      expect(PRESETS.filter((q) => isPresetForm(applyPreset(p), q))).toEqual([p]);
    }
    const [first] = PRESETS;
    if (!first) throw new Error('presets');
    const f = applyPreset(first);
    expect(isPresetForm({ ...f, cpus: f.cpus + 1 }, first)).toBe(false);
    expect(isPresetForm({ ...f, compare: 'none' }, first)).toBe(false);
    expect(isPresetForm({ ...f, faults: [{ site: 'play_dead', cpu: null }] }, first)).toBe(false);
    // A box the scenario does not read on this vendor (SEV-SNP on Intel) leaves it the preset.
    const intel = PRESETS.find((q) => q.id === 'intel-plain');
    if (!intel) throw new Error('intel-plain');
    expect(isPresetForm({ ...applyPreset(intel), snp_host: true }, intel)).toBe(true);
  });

  it('writes the reboot= CPU only when it is not CPU 0, and only for kexec', () => {
    const form = fromScenario({ kernel: 'after', platform: { vendor: 'amd', cpus: 4 }, reboot_cpu: 2 });
    expect(form.reboot_cpu).toBe(2);
    expect(toScenario(form)['reboot_cpu']).toBe(2);
    expect(toScenario({ ...form, reboot_cpu: 0 })).not.toHaveProperty('reboot_cpu');
    expect(toScenario({ ...form, path: 'kdump' })).not.toHaveProperty('reboot_cpu');
  });
});

describe("the sandbox's comparisons and flushpoint simulate --compare", () => {
  it('flip the same setting under the same labels, for every mode and every preset', () => {
    for (const preset of PRESETS)
      for (const mode of COMPARE_MODES) {
        const form = { ...applyPreset(preset), compare: mode };
        const ours = compareVariant(form);
        const parsed = validateScenario(toScenario(form));
        if (!parsed.ok) throw new Error(`${preset.id}: ${JSON.stringify(parsed.issues)}`);
        const cli = simCompareVariant(parsed.scenario, mode);
        if (ours === null) {
          expect(cli, `${preset.id} ${mode}`).toHaveProperty('error');
          continue;
        }
        if ('error' in cli) throw new Error(`${preset.id} ${mode}: ${cli.error}`);
        expect([cli.labelA, cli.labelB], `${preset.id} ${mode}`).toEqual([ours.a, ours.b]);
        expect(cli.b, `${preset.id} ${mode}`).toEqual(
          (validateScenario(toScenario(ours.form)) as { scenario: unknown }).scenario,
        );
      }
  });
});
