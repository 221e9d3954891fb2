/** The incremental replayer agrees with the simulator's own replay (cacheStateAt, flagsAt) at every step. */
import { describe, expect, it } from 'vitest';
import { cacheStateAt, cpuMachine, flagsAt, parseScenarioText, simulate } from '../../../sim/index.ts';
import { Replayer } from './replayer.ts';
import { machineChart } from './statechart.ts';
import { cpuCells } from './twin-rows.ts';
import {
  CPU_INITIAL_STATE,
  CPU_ONLINE_STATE,
  type CpuSnapshot,
  narrate,
  siteWhy,
  snapshotAt,
  stopSaid,
  wbinvdWhy,
  whyChain,
} from './snapshot.ts';

function run(yaml: string) {
  const p = parseScenarioText(yaml);
  if (!p.ok) throw new Error('bad scenario');
  return simulate(p.scenario);
}

describe('snapshots', () => {
  const r = run(
    'kernel: after\nplatform: {vendor: intel, cpus: 6, tdx: true}\nstop: {2: late}\nevents: [{seamcall: 1}, {offline: 4}]\n',
  );

  it('forward, backward and random jumps give the same snapshot as a replay from the start', () => {
    const rep = new Replayer(r);
    const order = [...Array(r.trace.length + 1).keys()];
    const jumps = [...order, ...order.reverse(), 7, 300, 3, 150, 149, 0, r.trace.length];
    for (const seq of jumps) {
      const a = rep.at(seq);
      const b = snapshotAt(r, seq);
      expect(a).toEqual(b);
      const caches = cacheStateAt(r, seq);
      const flags = flagsAt(r, seq);
      for (const c of a.cpus) {
        expect(c.lines).toEqual(caches[String(c.cpu)] ?? []);
        expect(c.flag).toBe(flags.get(c.cpu) ?? false);
      }
    }
  });

  it('a step hands out again the object of every CPU it did not change, and a new one for those it did', () => {
    const rep = new Replayer(r);
    let prev = rep.at(0);
    let reused = 0;
    for (let seq = 1; seq <= r.trace.length; seq++) {
      const snap = rep.at(seq);
      snap.cpus.forEach((c, i) => {
        const was = prev.cpus[i] as (typeof prev.cpus)[number];
        const unchanged =
          JSON.stringify({ ...c, lines: [] }) === JSON.stringify({ ...was, lines: [] }) &&
          c.lines.length === was.lines.length &&
          c.lines.every((l, k) => l === was.lines[k]);
        expect(c === was, `CPU ${i} at step ${seq}`).toBe(unchanged);
        if (c === was) reused++;
      });
      prev = snap;
    }
    // Most steps touch one CPU of six.
    expect(reused).toBeGreaterThan(r.trace.length * 4);
  });

  it('every CPU is in a state of the CPU machine at every step (Intel: online from the start)', async () => {
    const states = new Set((await machineChart('cpu')).nodes.map((n) => n.id));
    for (let seq = 0; seq <= r.trace.length; seq++)
      for (const c of snapshotAt(r, seq).cpus)
        expect(states, `CPU ${c.cpu} at step ${seq}`).toContain(c.stateValue);
    // Intel's bring-up has no step: before the first step every CPU is online, VMX off.
    expect(snapshotAt(r, 0).cpus.map((c) => c.stateValue)).toEqual(Array(r.cpus).fill(CPU_ONLINE_STATE));
  });

  it('an AMD CPU is where the CPU machine starts until its bring-up, then online once it is over', () => {
    const amd = run('kernel: after\nplatform: {vendor: amd, cpus: 3, sme: supported}\n');
    expect(CPU_INITIAL_STATE).toBe(cpuMachine.config.initial);
    expect(snapshotAt(amd, 0).cpus.map((c) => c.stateValue)).toEqual(Array(3).fill(CPU_INITIAL_STATE));
    // Named for what it is: "offline" is what a CPU taken offline is.
    expect(snapshotAt(amd, 0).cpus.map((c) => c.state)).toEqual(Array(3).fill('not brought up yet'));
    const steps = amd.trace.filter((t) => t.cpu === 2 && t.cpu_state === 'bringUp').map((t) => t.seq);
    const [up, done] = [Math.min(...steps), Math.max(...steps)];
    expect(snapshotAt(amd, up - 1).cpus[2]?.stateValue).toBe(CPU_INITIAL_STATE);
    for (let seq = up; seq <= done; seq++) expect(snapshotAt(amd, seq).cpus[2]?.stateValue).toBe('bringUp');
    expect(snapshotAt(amd, done + 1).cpus[2]?.stateValue).toBe(CPU_ONLINE_STATE);
  });

  it('a passing state (bring-up, a SEAMCALL, a flush decision) shows only in the steps that happen in it', () => {
    const passing =
      /^(bringUp|.*\.seamcall|online\.disablingVirtualization|online\.tdxFlushDecision|playDead)$/;
    const rep = new Replayer(r);
    for (let seq = 0; seq <= r.trace.length; seq++) {
      const snap = rep.at(seq);
      for (const c of snap.cpus)
        if (c.cpu !== snap.step?.cpu)
          expect(c.stateValue, `CPU ${c.cpu} at step ${seq}`).not.toMatch(passing);
    }
    // Where the steps of a SEAMCALL leave CPU 1: back to running, VMX on.
    const seamcall = r.trace.find((t) => t.cpu === 1 && t.kind === 'seamcall')?.seq ?? NaN;
    expect(snapshotAt(r, seamcall).cpus[1]?.stateValue).toBe('online.virtualizationEnabled.seamcall');
    expect(snapshotAt(r, seamcall + 1).cpus[1]?.stateValue).toBe('online.virtualizationEnabled.running');
  });

  it('an offlined CPU is offline, and counts as stopped by it, once its offlining steps are over', () => {
    const steps = r.trace.filter((t) => t.cpu === 4 && t.cpu_rest === 'offline').map((t) => t.seq);
    const done = Math.max(...steps);
    expect(steps.length).toBeGreaterThan(1);
    expect(snapshotAt(r, done).cpus[4]).toMatchObject({ stateValue: 'playDead', stoppedBy: null });
    expect(snapshotAt(r, done + 1).cpus[4]).toMatchObject({
      state: 'offline',
      stateValue: 'offline',
      stoppedBy: 'offline',
    });
    expect(snapshotAt(r, r.trace.length).cpus[4]).toMatchObject({
      stateValue: 'offline',
      stoppedBy: 'offline',
    });
  });

  it("a CPU that raced says so, as the outcome does, not only 'halted · stopped by REBOOT IPI'", () => {
    // Lab 5 step 3: CPU 3 takes the REBOOT IPI late; CPU 2, with IRQs off, is stopped by the NMI.
    const race = run('kernel: after\nplatform: {vendor: amd, cpus: 4, sme: active}\nstop: {3: late}\n');
    expect(race.race).toEqual([3]);
    const end = snapshotAt(race, race.trace.length).cpus;
    expect(end[3]).toMatchObject({ state: 'halted', stoppedBy: 'reboot_ipi', late: true });
    expect(stopSaid(end[3] as CpuSnapshot)).toBe('REBOOT IPI, late: after the wait expired');
    expect(end[3]?.raceNote).toBe(
      'race: woken by the NMI, still running old-kernel code when the kexec CPU went on',
    );
    // The others, on time: said as before.
    for (const c of [1, 2]) {
      expect(end[c]).toMatchObject({ stoppedBy: 'reboot_ipi', late: false, raceNote: '' });
      expect(stopSaid(end[c] as CpuSnapshot)).toBe('REBOOT IPI');
    }
    // Late from its report on (after the stopping CPU chose NMIs); the race once the kexec CPU went on.
    const report = race.trace.find((t) => t.cpu === 3 && t.kind === 'report')?.seq ?? NaN;
    const fallback = race.trace.find((t) => t.stop_state === 'nmiFallback')?.seq ?? NaN;
    const wentOn = race.trace.find((t) => t.stop_state === 'done')?.seq ?? NaN;
    expect(fallback).toBeLessThan(report);
    expect(snapshotAt(race, report - 1).cpus[3]).toMatchObject({ stoppedBy: null, late: false });
    expect(snapshotAt(race, report).cpus[3]).toMatchObject({
      stoppedBy: 'reboot_ipi',
      late: true,
      raceNote: '',
    });
    expect(snapshotAt(race, wentOn - 1).cpus[3]?.raceNote).toBe('');
    expect(snapshotAt(race, wentOn).cpus[3]?.raceNote).toMatch(/^race: /);
    // The text view's row says the same as the card.
    expect(cpuCells(end[3] as CpuSnapshot).stoppedBy).toBe(
      'REBOOT IPI, late: after the wait expired; race: woken by the NMI, still running old-kernel code when the kexec CPU went on',
    );

    // CPU 2 with IRQs off is stopped by the NMI: neither late nor raced.
    const nmi = run('kernel: after\nplatform: {vendor: amd, cpus: 4, sme: active}\nstop: {2: irqs_off}\n');
    expect(nmi.race).toEqual([]);
    const last = snapshotAt(nmi, nmi.trace.length).cpus[2];
    expect(last).toMatchObject({ stoppedBy: 'nmi', late: false, raceNote: '' });
  });

  it('narrates a step with its file, or without empty parentheses when it has none', () => {
    const wbinvd = r.trace.find((t) => t.kind === 'wbinvd');
    const withFile = r.trace.find((t) => t.file && t.cpu !== null);
    // Every step of the model has a file now (a WBINVD step its site's): one without is made up here.
    expect(narrate(wbinvd ? { ...wbinvd, file: '' } : null)).toMatch(
      new RegExp(`^Step ${wbinvd?.seq}\\. CPU \\d+, wbinvd: WBINVD in `),
    );
    expect(narrate(withFile ?? null)).toContain(`${withFile?.fn} (${withFile?.file}): `);
    // Focus can still be outside the model (the sandbox's "Step through"), where n does nothing.
    // The shortcuts as keys to press, not "n steps forward", which read as a count of steps.
    expect(narrate(null)).toBe(
      'Before the first step. Press Next to begin; once you are in the model, press n (or period) to step forward and p (or comma) to step back.',
    );
  });

  it("spells out an evidence tag inside a step's note, not only the step's own", () => {
    const writeback = r.trace.find((t) => t.kind === 'writeback') ?? null;
    expect(writeback?.note).toContain('[LIST]');
    expect(narrate(writeback)).not.toContain('[LIST]');
    expect(narrate(writeback)).toContain('in no fixed order (read in mailing-list prose);');
  });

  it('says a step with its evidence in words (aloud and in the text view), and a place already in parentheses once', () => {
    const last = r.trace[r.trace.length - 1] ?? null;
    expect(last?.file).toBe('(new kernel)');
    expect(narrate(last)).not.toMatch(/\[[A-Z]+\]/);
    expect(narrate(last)).toMatch(
      /, new_kernel \(new kernel\): .* Evidence: (read in mailing-list prose|inferred from the code, not confirmed by the authors)\.$/,
    );
  });

  it('a CPU that flushes twice at one site (late REBOOT IPI, then the NMI): each WBINVD its own why, the site says it once', () => {
    const late = run('kernel: after\nplatform: {vendor: amd, cpus: 4, sme: active}\nstop: {3: late}\n');
    const twice = late.wbinvd.filter((w) => w.cpu === 3);
    expect(twice.map((w) => w.via)).toEqual(['reboot_ipi', 'nmi']);
    const decision =
      'stop_this_cpu: this_cpu_read(cache_state_incoherent) is true: WBINVD before reporting stopped';
    expect(twice.map((w) => wbinvdWhy(late, w))).toEqual([`${decision}.`, `${decision}.`]);
    // Each row's why is the decision just before it, not every decision of the site joined.
    for (const w of twice) {
      const before = late.trace.filter((t) => t.seq < w.seq && t.cpu === 3 && t.kind === 'decision');
      expect(wbinvdWhy(late, w)).toBe(`stop_this_cpu: ${before[before.length - 1]?.note}`);
    }
    expect(siteWhy(late, 3, 'stop_this_cpu')).toBe(`${decision} (twice).`);
  });

  it('says why a CPU never reaches a site, without its number', () => {
    const kdump = run('kernel: after\nplatform: {vendor: amd, cpus: 3, sme: active}\npath: kdump\n');
    expect(siteWhy(kdump, 1, 'stop_this_cpu')).toBe(
      "Stopped by kdump's NMI shootdown (crash_nmi_callback()), which does not read the flag (set on this CPU): it never reaches stop_this_cpu in this run.",
    );
    // No flag to ignore (no SME, or before the series): the flag is not spoken of.
    for (const text of [
      'kernel: after\nplatform: {vendor: amd, cpus: 3, sme: none}\npath: kdump\n',
      'kernel: before\nplatform: {vendor: amd, cpus: 3, sme: active}\npath: kdump\n',
    ])
      expect(siteWhy(run(text), 1, 'stop_this_cpu')).toBe(
        "Stopped by kdump's NMI shootdown (crash_nmi_callback()), which does not call stop_this_cpu(): it never reaches stop_this_cpu in this run.",
      );
    expect(siteWhy(kdump, 0, 'stop_this_cpu')).toMatch(/^The kexec CPU: it stops the others/);
    expect(siteWhy(r, 4, 'stop_this_cpu')).toMatch(/^Offline when kexec began: it takes no stop IPI/);
    expect(siteWhy(r, 1, 'kdump_sev_callback')).toBe(
      'This CPU never reaches kdump_sev_callback in this run.',
    );
  });

  it('the why-chain of a TDX flush reaches back to a SEAMCALL', () => {
    const w = r.wbinvd.find((x) => x.site === 'tdx_cpu_flush_cache_for_kexec' && x.cpu === 1);
    expect(w).toBeDefined();
    const chain = whyChain(r, w?.seq ?? 0).map((t) => t.fn);
    expect(chain.some((fn) => fn.includes('seamcall'))).toBe(true);
  });
});
