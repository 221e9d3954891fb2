import { describe, expect, it } from 'vitest';
import { parseScenarioText, simulate } from '../../../sim/index.ts';
import { FLOW_START, machineStateLabel } from './machine-labels.ts';
import { stateLabel } from './snapshot.ts';
import {
  initialStateOf,
  isActive,
  machineChart,
  machineOutline,
  scrollToShow,
  statesInOrder,
  transitionsByState,
  unreachableStates,
  unreachableSummary,
  NO_KVM,
  NO_PW_MCE,
  NO_TDX,
  NO_TDX_KERNEL,
  type MachineName,
} from './statechart.ts';

describe('the CPU statechart', () => {
  it('is laid out top to bottom, narrower than the model view at 1280x720', async () => {
    const chart = await machineChart('cpu');
    expect(chart.width).toBeLessThan(900);
    expect(chart.height).toBeGreaterThan(chart.width);
    // The online states come before (above) where the CPU goes at kexec.
    const y = (id: string) => chart.nodes.find((n) => n.id === id)?.y ?? NaN;
    expect(y('online')).toBeLessThan(y('stopping'));
    expect(y('machineKexec')).toBeLessThan(y('newKernel'));
  });

  it('lights a state and every state that contains it', () => {
    expect(isActive('online', 'online.virtualizationEnabled.running')).toBe(true);
    expect(isActive('online.virtualizationEnabled', 'online.virtualizationEnabled.running')).toBe(true);
    expect(isActive('online.virtualizationDisabled', 'online.virtualizationEnabled.running')).toBe(false);
    expect(isActive('stop', 'stopping')).toBe(false);
  });
});

describe('the kexec flow and the stop protocol', () => {
  const runs = [
    'kernel: after\nplatform: {vendor: amd, cpus: 4, sme: active}\nstop: {2: irqs_off, 3: late}\n',
    'kernel: after\nplatform: {vendor: amd, cpus: 3, sme: active, snp_host: true}\npath: kdump\n',
    'kernel: before\nplatform: {vendor: intel, cpus: 2, tdx: true}\n',
    'kernel: after\nplatform: {vendor: intel, cpus: 2, tdx: true, tdx_pw_mce: true}\n',
  ].map((yaml) => {
    const p = parseScenarioText(yaml);
    if (!p.ok) throw new Error('bad scenario');
    return simulate(p.scenario);
  });

  it.each([
    ['kexec', 'kexec_state'],
    ['stop', 'stop_state'],
  ] as const)(
    'the %s chart has a state for every step of every run, and where it starts',
    async (m, field) => {
      const chart = await machineChart(m as MachineName);
      const leaves = chart.nodes.filter((n) => !n.compound).map((n) => n.id);
      const lit = (v: string) => leaves.filter((id) => isActive(id, v));
      expect(lit(initialStateOf(m))).toHaveLength(1);
      for (const r of runs)
        for (const t of r.trace)
          expect(lit(t[field] ?? ''), `${m} at step ${t.seq}: ${t[field]}`).toHaveLength(1);
    },
  );

  it.each(['cpu', 'kexec', 'stop'] as const)(
    'each arrow of the %s chart taken on an event carries its name, placed once by the layout',
    async (m) => {
      const edges = (await machineChart(m)).edges;
      const named = new Set(edges.filter((e) => e.label).map((e) => e.id.replace(/-[^-]*$/, '')));
      expect(named.size).toBeGreaterThan(3);
      const placed = edges.filter((e) => e.labelAt);
      expect(new Set(placed.map((e) => e.id.replace(/-[^-]*$/, '')))).toEqual(named);
      expect(placed.length).toBe(named.size);
      expect(edges.some((e) => e.label === '' && e.labelAt)).toBe(false);
    },
  );

  it('start where their machines start', () => {
    expect(initialStateOf('kexec')).toBe(FLOW_START);
    expect(initialStateOf('stop')).toBe(FLOW_START);
    expect(initialStateOf('cpu')).toBe('offline');
  });
});

describe("the machines' states in words", () => {
  // Read from the xstate machines themselves: a state added to one without words fails here.
  it.each(['cpu', 'kexec', 'stop'] as const)(
    'every state of the %s machine, at every depth, has words of its own, not its code name',
    (m) => {
      const states = statesInOrder(machineOutline(m).states);
      expect(states.length).toBeGreaterThan(5);
      // Nor a code name within them ("running, virtualizationDisabled").
      const codeNames = states.map((s) => s.key).filter((k) => /[a-z][A-Z]/.test(k));
      for (const { id, key } of states) {
        const words = machineStateLabel(m, id);
        expect(words, id).not.toBe(id);
        expect(words, id).not.toBe(key);
        for (const k of codeNames) expect(words, id).not.toContain(k);
      }
    },
  );

  it.each(['cpu', 'kexec', 'stop'] as const)(
    "no two states of the %s machine share words (the transitions' table names them alone)",
    (m) => {
      const words = statesInOrder(machineOutline(m).states).map((s) => machineStateLabel(m, s.id));
      expect(new Set(words).size).toBe(words.length);
    },
  );

  it('the parents read in words too: the CPU online, the kexec paths, relocate_kernel', () => {
    expect(machineStateLabel('cpu', 'online.virtualizationDisabled')).toMatch(/^without VMX/);
    expect(machineStateLabel('kexec', 'kernelKexec')).toMatch(/^kernel_kexec\(\)/);
    expect(machineStateLabel('kexec', 'crashKexec')).toMatch(/^__crash_kexec\(\)/);
    expect(machineStateLabel('kexec', 'relocateKernel')).toMatch(/^relocate_kernel\b/);
  });

  it("a CPU's state in the chart begins with the grid's words for it", () => {
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const leaves = statesInOrder(machineOutline('cpu').states).filter((s) => !s.children.length);
    for (const { id } of leaves)
      expect(machineStateLabel('cpu', id), id).toMatch(new RegExp(`^${escape(stateLabel(id))}(?!\\w)`));
  });
});

describe('the machines as text', () => {
  it.each(['cpu', 'kexec', 'stop'] as const)(
    'lists every state and every arrow the %s chart draws, and nothing else',
    async (m) => {
      const chart = await machineChart(m);
      const outline = machineOutline(m);
      expect(statesInOrder(outline.states).map((s) => s.id)).toEqual(chart.nodes.map((n) => n.id));
      // A drawn section's id is its edge's, twice, and the section's: "X-X_s0".
      const edgeOf = (id: string) => {
        const both = id.replace(/_s\d+$/, '');
        return both.slice(0, (both.length - 1) / 2);
      };
      const arrows = new Set(chart.edges.map((e) => edgeOf(e.id)));
      const listed = outline.transitions.map((t) => `${t.from}->${t.to}:${t.event}`);
      expect(new Set(listed)).toEqual(arrows);
      expect(listed).toHaveLength(arrows.size);
    },
  );

  it.each(['cpu', 'kexec', 'stop'] as const)(
    'each drawn arrow of the %s chart names the states it joins (greyed with them)',
    async (m) => {
      const chart = await machineChart(m);
      const ids = new Set(chart.nodes.map((n) => n.id));
      for (const e of chart.edges) {
        expect(ids, e.id).toContain(e.from);
        expect(ids, e.id).toContain(e.to);
        expect(e.id.startsWith(`${e.from}->${e.to}:`), e.id).toBe(true);
      }
    },
  );

  it('nests the states as the machine does, and groups the transitions by the state they leave', () => {
    const cpu = machineOutline('cpu');
    const online = cpu.states.find((s) => s.id === 'online');
    expect(online?.children.map((c) => c.key)).toContain('virtualizationEnabled');
    expect(
      online?.children.find((c) => c.key === 'virtualizationEnabled')?.children.map((c) => c.id),
    ).toContain('online.virtualizationEnabled.running');
    expect(cpu.transitions).toContainEqual({ from: 'machineKexec', to: 'newKernel', event: 'kexec.jump' });
    // Taken at once (xstate's `always`): no event.
    expect(cpu.transitions).toContainEqual({ from: 'playDead', to: 'offline', event: '' });
    const order = statesInOrder(cpu.states).map((s) => s.id);
    const from = transitionsByState(cpu).map((t) => order.indexOf(t.from));
    expect(from).toEqual([...from].sort((a, b) => a - b));
    expect(transitionsByState(cpu)[0]).toEqual({ from: 'offline', to: 'bringUp', event: 'cpu.bring_up' });
  });
});

describe('scrollToShow', () => {
  it('keeps the scroll while the node is in view, margin included', () => {
    expect(scrollToShow(100, 500, 130, 26)).toBe(100);
    expect(scrollToShow(100, 500, 550, 26)).toBe(100);
  });

  it('brings a node out of view, or at the edge, a third of the way in', () => {
    expect(scrollToShow(100, 600, 800, 26)).toBe(600);
    expect(scrollToShow(100, 600, 110, 26)).toBe(0);
    expect(scrollToShow(0, 600, 590, 26)).toBe(390);
  });
});

describe('the states a platform cannot reach', () => {
  const AMD = { vendor: 'amd', tdx: false, tdx_host_kernel: false, tdx_pw_mce: false } as const;
  const TDX = { vendor: 'intel', tdx: true, tdx_host_kernel: true, tdx_pw_mce: false } as const;

  it('on AMD, every SEAMCALL and TDX flush state, and KVM with VMX, each with why', () => {
    const cpu = unreachableStates('cpu', AMD);
    expect(cpu.get('online.virtualizationDisabled.seamcall')).toBe(NO_TDX);
    expect(cpu.get('online.virtualizationDisabled.seamcallNoFlag')).toBe(NO_TDX);
    expect(cpu.get('online.tdxCpuFlushCacheForKexec')).toBe(NO_TDX);
    expect(cpu.get('online.tdxFlushDecision')).toBe(NO_TDX);
    // Inside a state that cannot occur: its reason.
    expect(cpu.get('online.virtualizationEnabled')).toBe(NO_KVM);
    expect(cpu.get('online.virtualizationEnabled.seamcall')).toBe(NO_KVM);
    for (const id of ['online', 'online.virtualizationDisabled.running', 'stopping', 'playDead', 'bringUp'])
      expect(cpu.has(id), id).toBe(false);
    expect([...unreachableStates('kexec', AMD).keys()]).toEqual(['notBuildable', 'loadRefused']);
    expect(unreachableStates('stop', AMD).size).toBe(0);
    expect(unreachableSummary(cpu, 'amd')).toBe(
      `Greyed out, ${cpu.size} states cannot occur on this platform: no TDX on this platform (TDX is Intel only); ${NO_KVM}.`,
    );
  });

  it('on an Intel TDX host every CPU state can occur; a load is refused only on the erratum', () => {
    expect(unreachableStates('cpu', TDX).size).toBe(0);
    expect(unreachableSummary(unreachableStates('cpu', TDX), 'intel')).toBeNull();
    expect([...unreachableStates('kexec', TDX)]).toEqual([['loadRefused', NO_PW_MCE]]);
    expect(unreachableStates('kexec', { ...TDX, tdx_pw_mce: true }).size).toBe(0);
    // Intel without TDX host support: no SEAMCALL, and the kernel always builds.
    const plain = { vendor: 'intel', tdx: false, tdx_host_kernel: false, tdx_pw_mce: false } as const;
    expect(unreachableStates('cpu', plain).get('online.virtualizationEnabled.seamcall')).toBe(NO_KVM);
    expect(unreachableStates('kexec', plain).get('notBuildable')).toBe(NO_TDX_KERNEL);
    expect(unreachableSummary(unreachableStates('cpu', plain), 'intel')).toContain(`${NO_TDX};`);
  });

  // The rule against the model: no step of any run lands in a state its platform is said not to reach.
  const visited = new Set<string>();
  it.each([
    'kernel: after\nplatform: {vendor: amd, cpus: 4, sme: active}\nevents: [{offline: 1}, {online: 1}]\nstop: {2: irqs_off, 3: late}\n',
    'kernel: after\nplatform: {vendor: amd, cpus: 3, sme: active, snp_host: true}\npath: kdump\n',
    'kernel: after\nplatform: {vendor: hygon, cpus: 2, sme: supported}\n',
    'kernel: after\nplatform: {vendor: intel, cpus: 2}\nevents: [{offline: 1}]\n',
    'kernel: before\nplatform: {vendor: intel, cpus: 2, tdx_host_kernel: true}\n',
    'kernel: before\nplatform: {vendor: intel, cpus: 2, tdx: true}\n',
    'kernel: after\nplatform: {vendor: intel, cpus: 4, tdx: true}\nevents: [{seamcall: 1}, {kvm_disable: 2}, {seamcall: 2}, {offline: 3}]\n',
    'kernel: after\nplatform: {vendor: intel, cpus: 2, tdx: true, tdx_pw_mce: true}\n',
  ])('no step of this run is in a state its platform cannot reach: %s', (yaml) => {
    const p = parseScenarioText(yaml);
    if (!p.ok) throw new Error(JSON.stringify(p));
    const r = simulate(p.scenario);
    expect(r.platform).toEqual(p.scenario.platform);
    const cpu = unreachableStates('cpu', p.scenario.platform);
    const kexec = unreachableStates('kexec', p.scenario.platform);
    const inside = (map: Map<string, string>, v: string | undefined) =>
      v !== undefined && [...map.keys()].some((id) => isActive(id, v));
    for (const t of r.trace) {
      for (const v of [t.cpu_state, t.cpu_rest, t.kexec_state]) if (v) visited.add(v);
      expect(inside(cpu, t.cpu_state), `step ${t.seq}: ${t.cpu_state}`).toBe(false);
      expect(inside(cpu, t.cpu_rest), `step ${t.seq}: ${t.cpu_rest}`).toBe(false);
      expect(inside(kexec, t.kexec_state), `step ${t.seq}: ${t.kexec_state}`).toBe(false);
    }
  });

  it('those runs reach every state some platform greys (so the check above bites)', () => {
    for (const v of [
      'online.virtualizationEnabled.seamcall',
      'online.virtualizationDisabled.seamcall',
      'online.tdxFlushDecision',
      'online.disablingVirtualization',
      'notBuildable',
      'loadRefused',
    ])
      expect(visited, v).toContain(v);
  });
});
