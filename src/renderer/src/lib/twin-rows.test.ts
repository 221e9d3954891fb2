import { describe, expect, it } from 'vitest';
import { parseScenarioText, simulate, type WbinvdRecord } from '../../../sim/index.ts';
import { FLOW_START, machineStateLabel } from './machine-labels.ts';
import { KEXEC_CPU, KEXEC_CPU_MEANS, snapshotAt, stateLabel } from './snapshot.ts';
import { machineOutline, statesInOrder, type MachineName } from './statechart.ts';
import { cpuCells, cpuRows, GROUP_ABOVE_CPUS, groupsHost, machinesSaid, wbinvdItems } from './twin-rows.ts';

/** A CPU of the snapshot, halted after its REBOOT IPI unless said otherwise. */
const cpu = (n: number, more: Partial<Parameters<typeof cpuRows>[0][number]> = {}) => ({
  cpu: n,
  isKexecCpu: false,
  state: 'halted',
  flag: true,
  dirtyLines: 0,
  wbinvds: 1,
  stoppedBy: 'reboot_ipi' as const,
  ...more,
});

describe('the CPU table of the text view', () => {
  it('groups a host of more than 8 CPUs only', () => {
    expect(GROUP_ABOVE_CPUS).toBe(8);
    expect(groupsHost(4)).toBe(false);
    expect(groupsHost(8)).toBe(false);
    expect(groupsHost(9)).toBe(true);
    expect(groupsHost(256)).toBe(true);
  });

  it('makes neighbouring CPUs that say the same one row, its header their range', () => {
    const cpus = [
      cpu(0, { isKexecCpu: true, state: 'new kernel', stoppedBy: null }),
      ...Array.from({ length: 254 }, (_, i) => cpu(i + 1)),
      cpu(255, { stoppedBy: 'nmi' }),
    ];
    const rows = cpuRows(cpus, true);
    expect(rows.map((r) => r.header)).toEqual(['CPU 0', 'CPUs 1–254', 'CPU 255']);
    expect(rows.map((r) => r.key)).toEqual([0, 1, 255]);
    expect(rows[1]?.cpus).toHaveLength(254);
    expect(rows[0]?.cells).toEqual({
      role: 'kexec CPU',
      state: 'new kernel',
      flag: 'set',
      dirtyLines: '0',
      wbinvds: '1',
      stoppedBy: '',
    });
    expect(rows[2]?.cells.stoppedBy).toBe('NMI');
  });

  it('splits a row on any cell: role, state, flag, dirty lines, WBINVDs, stopped by', () => {
    const differ = [
      { isKexecCpu: true },
      { state: 'running' },
      { flag: false },
      { dirtyLines: 2 },
      { wbinvds: 2 },
      { stoppedBy: null },
    ];
    for (const d of differ) {
      const rows = cpuRows([cpu(0), cpu(1, d), cpu(2)], true);
      expect(
        rows.map((r) => r.header),
        JSON.stringify(d),
      ).toEqual(['CPU 0', 'CPU 1', 'CPU 2']);
    }
  });

  it('never merges identical CPUs that are not neighbours', () => {
    // CPUs 1 and 3 say the same, but CPU 2 between them does not; CPU 5 says the same but 4 is missing.
    const rows = cpuRows([cpu(0), cpu(1), cpu(2, { flag: false }), cpu(3), cpu(5)], true);
    expect(rows.map((r) => r.header)).toEqual(['CPUs 0, 1', 'CPU 2', 'CPU 3', 'CPU 5']);
  });

  it('keeps a row for each CPU when not grouped', () => {
    const rows = cpuRows([cpu(0), cpu(1), cpu(2)], false);
    expect(rows.map((r) => r.header)).toEqual(['CPU 0', 'CPU 1', 'CPU 2']);
  });
});

/** A WBINVD of a remote CPU in stop_this_cpu, by REBOOT IPI unless said otherwise. */
const wb = (seq: number, n: number, more: Partial<WbinvdRecord> = {}): WbinvdRecord => ({
  cpu: n,
  site: 'stop_this_cpu',
  phase: 'stop_other_cpus',
  via: 'reboot_ipi',
  seq,
  lines_written_back: 2,
  ...more,
});

describe('the "WBINVDs so far" list of the text view', () => {
  it('makes neighbouring WBINVDs at the same site, phase and via one item, with the span of steps', () => {
    const done = [
      ...Array.from({ length: 255 }, (_, i) => wb(12 + i, i + 1)),
      wb(270, 0, { site: 'relocate_kernel', phase: 'machine_kexec', via: null }),
    ];
    expect(wbinvdItems(done, true).map((i) => [i.key, i.text])).toEqual([
      [12, 'Steps 12–266, 255 WBINVDs: CPUs 1–255 in stop_this_cpu (stop_other_cpus, via reboot_ipi)'],
      [270, 'Step 270: CPU 0 in relocate_kernel (machine_kexec)'],
    ]);
  });

  it('merges only WBINVDs next to each other in the list, so the order stays true', () => {
    // CPU 2's NMI WBINVD falls between CPU 1's and CPU 3's REBOOT IPI ones.
    const done = [wb(10, 1), wb(20, 2, { via: 'nmi' }), wb(30, 3), wb(40, 4)];
    expect(wbinvdItems(done, true).map((i) => i.text)).toEqual([
      'Step 10: CPU 1 in stop_this_cpu (stop_other_cpus, via reboot_ipi)',
      'Step 20: CPU 2 in stop_this_cpu (stop_other_cpus, via nmi)',
      'Steps 30–40, 2 WBINVDs: CPUs 3, 4 in stop_this_cpu (stop_other_cpus, via reboot_ipi)',
    ]);
  });

  it('starts a new item when a CPU flushes out of turn or again', () => {
    // CPU 3's REBOOT IPI comes late, after CPU 4's; then CPU 3 flushes again.
    const done = [wb(10, 1), wb(20, 2), wb(30, 4), wb(40, 3), wb(50, 3)];
    expect(wbinvdItems(done, true).map((i) => i.text)).toEqual([
      'Steps 10–30, 3 WBINVDs: CPUs 1, 2, 4 in stop_this_cpu (stop_other_cpus, via reboot_ipi)',
      'Step 40: CPU 3 in stop_this_cpu (stop_other_cpus, via reboot_ipi)',
      'Step 50: CPU 3 in stop_this_cpu (stop_other_cpus, via reboot_ipi)',
    ]);
  });

  it('keeps an item for each WBINVD when not grouped', () => {
    expect(wbinvdItems([wb(10, 1), wb(20, 2)], false).map((i) => i.text)).toEqual([
      'Step 10: CPU 1 in stop_this_cpu (stop_other_cpus, via reboot_ipi)',
      'Step 20: CPU 2 in stop_this_cpu (stop_other_cpus, via reboot_ipi)',
    ]);
  });
});

describe('a 64-CPU run in the text view', () => {
  const p = parseScenarioText('kernel: after\nplatform: {vendor: amd, cpus: 64, sme: active}\n');
  if (!p.ok) throw new Error('bad scenario');
  const r = simulate(p.scenario);

  it('ends in two rows (the kexec CPU, the rest) and two items, covering every CPU and WBINVD', () => {
    const rows = cpuRows(snapshotAt(r, r.trace.length).cpus, groupsHost(r.cpus));
    expect(rows.map((x) => [x.header, x.cells.state])).toEqual([
      ['CPU 0', 'new kernel'],
      ['CPUs 1–63', 'halted'],
    ]);
    const items = wbinvdItems(r.wbinvd, true);
    expect(items.map((i) => i.text.split(':')[1])).toEqual([
      ' CPUs 1–63 in stop_this_cpu (stop_other_cpus, via reboot_ipi)',
      ' CPU 0 in relocate_kernel (machine_kexec)',
    ]);
    expect(items.flatMap((i) => i.wbinvds)).toEqual(r.wbinvd);
  });
});

describe('the text view says every state in words, never its code name', () => {
  // Read from the xstate machines: a state added to one without words fails here.
  const states = (m: MachineName) => statesInOrder(machineOutline(m).states);
  const codeNames = (m: MachineName) =>
    states(m)
      .flatMap((s) => [s.id, s.key])
      .filter((n) => /[a-z][A-Z]|\./.test(n));
  const noCodeName = (m: MachineName, text: string, what: string) => {
    for (const n of codeNames(m)) expect(text, what).not.toContain(n);
  };

  it.each(['kexec', 'stop'] as const)(
    'every state of the %s machine, on the line beside the CPU table',
    (m) => {
      expect(states(m).length).toBeGreaterThan(5);
      for (const { id, key } of states(m)) {
        const words = machineStateLabel(m, id);
        expect(words, `${m} ${id} has no words of its own`).not.toBe(key);
        const said = m === 'kexec' ? machinesSaid(id, FLOW_START) : machinesSaid(FLOW_START, id);
        expect(said).toContain(words);
        noCodeName(m, said, `${m} ${id}`);
      }
    },
  );

  it("every state a CPU can be in, in the CPU table's State column", () => {
    const leaves = states('cpu').filter((s) => !s.children.length);
    expect(leaves.length).toBeGreaterThan(10);
    for (const { id, key } of leaves) {
      expect(machineStateLabel('cpu', id), `cpu ${id} has no words of its own`).not.toBe(key);
      const cell = cpuCells({ ...cpu(1), state: stateLabel(id) }).state;
      noCodeName('cpu', cell, `cpu ${id}`);
    }
  });

  it('the line reads as words: where each machine is', () => {
    expect(machinesSaid('kernelKexec.machineShutdown', 'nmiFallback')).toBe(
      'kexec flow: kernel_kexec(): machine_shutdown(), stopping the other CPUs; stop protocol: NMI fallback: register_stop_handler(), an NMI to each CPU still in the mask',
    );
  });
});

describe('the kexec CPU in words', () => {
  it("its role word is the badge's, and what it means never says it is the CPU that ran kexec -e", () => {
    const base = {
      state: 'running',
      flag: false,
      dirtyLines: 0,
      wbinvds: 0,
      stoppedBy: null,
      late: false,
      raceNote: '',
    };
    expect(cpuCells({ ...base, isKexecCpu: true }).role).toBe(KEXEC_CPU);
    expect(KEXEC_CPU).toBe('kexec CPU');
    expect(cpuCells({ ...base, isKexecCpu: false }).role).toBe('');
    // Domain §2b: migrate_to_reboot_cpu() moves a kexec -e to the reboot CPU; kdump's K panicked.
    expect(KEXEC_CPU_MEANS).toMatch(/reboot CPU, whichever CPU ran kexec -e/);
    expect(KEXEC_CPU_MEANS).toMatch(/in kdump, the CPU that panicked/);
    expect(KEXEC_CPU_MEANS).not.toMatch(/^(the CPU that )?ran kexec -e/i);
  });
});
