/**
 * Model-based tests: xstate/graph walks every shortest path through the CPU machine for each kind of
 * platform, and every path must keep the domain file's rules (§2, §3). The kexec machine's paths must
 * follow the kernel's order.
 */
import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { cpuMachine, type CpuEvent, type CpuInput } from './cpu.ts';
import { kexecMachine, type KexecEvent } from './kexec.ts';
import { stopMachine } from './stop.ts';

const cpuEvents: CpuEvent[] = [
  { type: 'cpu.bring_up' },
  { type: 'cpu.seamcall', leaf: 'TDH.VP.ENTER' },
  { type: 'kvm.enable_virtualization' },
  { type: 'kvm.disable_virtualization', reason: 'kvm_event' },
  { type: 'kvm.disable_virtualization', reason: 'syscore_shutdown' },
  { type: 'cpu.offline' },
  { type: 'stop.reboot_ipi' },
  { type: 'stop.nmi' },
  { type: 'crash.nmi' },
  { type: 'cpu.panic' },
  { type: 'kexec.machine_kexec' },
  { type: 'kexec.jump' },
];

const platforms: Record<string, CpuInput> = {
  'amd, no SME, after': {
    kernel: 'after',
    vendor: 'amd',
    smeSupported: false,
    smeActive: false,
    tdx: false,
    snpHost: false,
    mutant: null,
  },
  'amd, SME supported, after': {
    kernel: 'after',
    vendor: 'amd',
    smeSupported: true,
    smeActive: false,
    tdx: false,
    snpHost: false,
    mutant: null,
  },
  'amd, SME supported, before': {
    kernel: 'before',
    vendor: 'amd',
    smeSupported: true,
    smeActive: false,
    tdx: false,
    snpHost: false,
    mutant: null,
  },
  'amd, SEV-SNP host, after': {
    kernel: 'after',
    vendor: 'amd',
    smeSupported: true,
    smeActive: true,
    tdx: false,
    snpHost: true,
    mutant: null,
  },
  'intel, TDX, after': {
    kernel: 'after',
    vendor: 'intel',
    smeSupported: false,
    smeActive: false,
    tdx: true,
    snpHost: false,
    mutant: null,
  },
  'intel, no TDX, after': {
    kernel: 'after',
    vendor: 'intel',
    smeSupported: false,
    smeActive: false,
    tdx: false,
    snpHost: false,
    mutant: null,
  },
};

type Snap = ReturnType<typeof cpuMachine.transition>;

describe.each(Object.entries(platforms))('CPU machine paths: %s', (_name, input) => {
  const paths = getShortestPaths(cpuMachine, {
    input,
    events: cpuEvents,
    serializeState: (s: Snap) => JSON.stringify([s.value, s.context.cacheStateIncoherent]),
    limit: 5000,
  });

  it('reaches the lifecycle states (online, stopped, halted or crash-halted, offline again, new kernel)', () => {
    const reached = new Set(paths.map((p) => JSON.stringify(p.state.value)));
    expect([...reached].some((v) => v.includes('virtualizationDisabled'))).toBe(true);
    expect(reached.has('"halted"')).toBe(true);
    expect(reached.has('"crashHalted"')).toBe(true);
    expect(reached.has('"newKernel"')).toBe(true);
    if (input.tdx) expect([...reached].some((v) => v.includes('virtualizationEnabled'))).toBe(true);
  });

  it('every path keeps the flag rules of §3 and the stop rule of §2b R1', () => {
    expect(paths.length).toBeGreaterThan(5);
    for (const path of paths) {
      let snap = cpuMachine.resolveState({
        value: 'offline',
        context: { ...input, cacheStateIncoherent: false, disableReason: null, lpInitialized: false },
      });
      for (const { event } of path.steps.slice(1)) {
        const flagBefore = snap.context.cacheStateIncoherent;
        const [next, actions] = transition(cpuMachine, snap, event as CpuEvent);
        const types = actions.map((a) => a.type);
        const sites = actions
          .filter((a) => a.type === 'wbinvd')
          .map((a) => (a.params as { site: string }).site);
        // Only the TDX flush clears the flag, and only right after its WBINVD.
        if (flagBefore && !next.context.cacheStateIncoherent) {
          expect(sites).toContain('tdx_cpu_flush_cache_for_kexec');
          expect(types.indexOf('wbinvd')).toBeLessThan(types.lastIndexOf('flagWritten'));
        }
        // The flag is set before a SEAMCALL is issued (after the series).
        if (types.includes('seamcall') && input.kernel === 'after') {
          expect(types.indexOf('flagWritten')).toBeLessThan(types.indexOf('seamcall'));
          expect(next.context.cacheStateIncoherent).toBe(true);
        }
        // stop_this_cpu flushes iff the flag (after) / raw CPUID SME (before), and reports after it.
        if (types.includes('stopThisCpuPrologue')) {
          const expected = input.kernel === 'after' ? flagBefore : input.smeSupported;
          expect(sites.includes('stop_this_cpu')).toBe(expected);
          if (expected) expect(types.indexOf('wbinvd')).toBeLessThan(types.indexOf('reportStopped'));
          expect(next.context.cacheStateIncoherent).toBe(flagBefore);
        }
        // kdump remote CPUs never flush, except in kdump_sev_callback on a SEV-SNP host.
        if (types.includes('crashNmiCallback')) {
          expect(sites).toEqual(input.snpHost ? ['kdump_sev_callback'] : []);
        }
        // Bring-up sets the flag iff after the series on an AMD CPU reporting SME.
        if ((event as CpuEvent).type === 'cpu.bring_up') {
          expect(next.context.cacheStateIncoherent).toBe(
            input.kernel === 'after' && input.vendor === 'amd' && input.smeSupported ? true : flagBefore,
          );
        }
        snap = next;
      }
    }
  });
});

describe('kexec machine paths', () => {
  const events: KexecEvent[] = [
    { type: 'kexec.build', tdxHost: false },
    { type: 'kexec.build', tdxHost: true },
    { type: 'kexec.load', tdxPwMce: false },
    { type: 'kexec.load', tdxPwMce: true },
    { type: 'kexec.execute' },
    { type: 'kdump.panic' },
    { type: 'kexec.next' },
    { type: 'kexec.flags_read', cacheStateIncoherent: true, hostMemEncrypt: false },
    { type: 'kexec.flags_read', cacheStateIncoherent: false, hostMemEncrypt: true },
  ];

  it.each(['before', 'after'] as const)(
    '%s: every path to jumped goes machineKexec -> loadSegments -> relocateKernel',
    (kernel) => {
      const paths = getShortestPaths(kexecMachine, {
        input: { kernel, mutant: null },
        events,
        toState: (s) => s.value === 'jumped',
      });
      expect(paths.length).toBeGreaterThan(0);
      for (const p of paths) {
        const states = p.steps.map((s) => JSON.stringify(s.state.value));
        const idx = (needle: string) => states.findIndex((v) => v.includes(needle));
        expect(idx('machineKexec')).toBeGreaterThan(-1);
        expect(idx('machineKexec')).toBeLessThan(idx('loadSegments'));
        expect(idx('loadSegments')).toBeLessThan(idx('identityMapped'));
        expect(idx('identityMapped')).toBeLessThan(idx('swapPages'));
      }
    },
  );

  it('before: a TDX host build is not buildable; after: the erratum refuses the load', () => {
    const reach = (kernel: 'before' | 'after', target: string) =>
      getShortestPaths(kexecMachine, {
        input: { kernel, mutant: null },
        events,
        toState: (s) => s.value === target,
      }).length > 0;
    expect(reach('before', 'notBuildable')).toBe(true);
    expect(reach('after', 'notBuildable')).toBe(false);
    expect(reach('after', 'loadRefused')).toBe(true);
  });
});

describe('stop machine', () => {
  it('the NMI fallback is only reachable after the REBOOT-IPI wait expired', () => {
    const paths = getShortestPaths(stopMachine, {
      events: [
        { type: 'stop.begin' },
        { type: 'stop.reboot_ipi_sent' },
        { type: 'stop.mask_empty' },
        { type: 'stop.wait_expired' },
        { type: 'stop.nmi_sent' },
        { type: 'stop.finish' },
        { type: 'crash.shootdown_begin' },
        { type: 'crash.all_checked_in' },
      ],
    });
    const nmi = paths.find((p) => p.state.value === 'waitingForNmi');
    expect(nmi?.steps.map((s) => s.event.type)).toEqual([
      'xstate.init',
      'stop.begin',
      'stop.reboot_ipi_sent',
      'stop.wait_expired',
      'stop.nmi_sent',
    ]);
    expect(paths.some((p) => p.state.value === 'done')).toBe(true);
  });
});

describe('trace cpu_state and cpu_rest name real CPU-machine states', () => {
  it('for kexec and kdump on every platform kind', async () => {
    const { run, amd, intel } = await import('../test-helpers.ts');
    const paths = new Set<string>();
    const walk = (node: { states: Record<string, unknown> }, prefix: string) => {
      for (const [name, child] of Object.entries(node.states)) {
        const p = prefix ? `${prefix}.${name}` : name;
        paths.add(p);
        walk(child as { states: Record<string, unknown> }, p);
      }
    };
    walk(cpuMachine.root as unknown as { states: Record<string, unknown> }, '');
    const scenarios = [
      {
        kernel: 'after',
        platform: intel(true),
        events: [{ seamcall: 1 }, { kvm_disable: 2 }, { offline: 3 }, { online: 3 }],
        stop: { 2: 'irqs_off', 3: 'late' },
      },
      { kernel: 'after', platform: amd('active', 4, { snp_host: true }), path: 'kdump' },
      { kernel: 'before', platform: amd('supported'), events: [{ offline: 1 }] },
    ];
    for (const s of scenarios) {
      const r = run(s);
      const states = r.trace.flatMap((t) => [t.cpu_state, t.cpu_rest].filter((x) => x !== undefined));
      expect(states.length).toBeGreaterThan(10);
      for (const st of states) expect(paths, st).toContain(st);
    }
  });
});
