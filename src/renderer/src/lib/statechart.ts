/**
 * The model's machines drawn as statecharts (a CPU, the kexec flow, the stop protocol): nodes and
 * transitions read from the xstate machines themselves (so the picture can never drift from the model),
 * each laid out once by elkjs; the same outline is the chart's text alternative.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk.bundled.js';
import { cpuMachine, kexecMachine, stopMachine, type Platform } from '../../../sim/index.ts';

/** The machines that can be drawn. */
export type MachineName = 'cpu' | 'kexec' | 'stop';
const MACHINES = { cpu: cpuMachine, kexec: kexecMachine, stop: stopMachine } as const;

/** Where a machine starts: its state before a run's first step. */
export const initialStateOf = (name: MachineName): string => String(MACHINES[name].config.initial);

export interface ChartNode {
  id: string;
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
  compound: boolean;
}
export interface ChartEdge {
  id: string;
  /** The states the arrow leaves and enters. */
  from: string;
  to: string;
  label: string;
  points: { x: number; y: number }[];
  /** Where elk placed the event's name (top left), on one section of the edge; none for `always`. */
  labelAt?: { x: number; y: number };
}
export interface Chart {
  width: number;
  height: number;
  nodes: ChartNode[];
  edges: ChartEdge[];
}

interface XNode {
  path: string[];
  key: string;
  states: Record<string, XNode>;
  transitions: Map<string, { target?: XNode[] }[]>;
  always?: { target?: XNode[] }[];
}

/** A state of a machine, with the states inside it. */
export interface MachineState {
  /** Its path, dot-joined as in a state value ("online.virtualizationEnabled.running"). */
  id: string;
  /** Its own name in the machine ("running"). */
  key: string;
  children: MachineState[];
}
/** An arrow: from one state to another on an event ('' for one taken at once, xstate's `always`). */
export interface MachineTransition {
  from: string;
  to: string;
  event: string;
}
/** What a chart draws, before any layout: its states (nested) and its transitions. */
export interface MachineOutline {
  states: MachineState[];
  transitions: MachineTransition[];
}

/**
 * A machine's states and transitions, read from the xstate machine: what the chart draws, and what its
 * text alternative lists. A transition is listed once however many guarded branches take it; one back
 * to its own state is left out (it draws no arrow). Transitions come in the machine's order, the states
 * inside a state before the state's own (the order elk has always laid them out in).
 */
export function machineOutline(name: MachineName): MachineOutline {
  const transitions: MachineTransition[] = [];
  const seen = new Set<string>();
  const walk = (n: XNode): MachineState => {
    const id = n.path.join('.');
    const children = Object.values(n.states).map(walk);
    const add = (event: string, ts: { target?: XNode[] }[]) => {
      for (const t of ts)
        for (const tg of t.target ?? []) {
          const to = tg.path.join('.');
          const key = `${id}->${to}:${event}`;
          if (seen.has(key) || to === id) continue;
          seen.add(key);
          transitions.push({ from: id, to, event });
        }
    };
    for (const [ev, ts] of n.transitions) add(ev, ts);
    add('', n.always ?? []);
    return { id, key: n.key, children };
  };
  const root = MACHINES[name].root as unknown as XNode;
  return { states: Object.values(root.states).map(walk), transitions };
}

/** Every state, each before the states inside it (the order a reader meets them in the list). */
export function statesInOrder(states: MachineState[]): MachineState[] {
  return states.flatMap((s) => [s, ...statesInOrder(s.children)]);
}

/** The transitions grouped by the state they leave, in the order of the states; each group in the machine's order. */
export function transitionsByState(o: MachineOutline): MachineTransition[] {
  const at = new Map(statesInOrder(o.states).map((s, i) => [s.id, i]));
  return [...o.transitions].sort((a, b) => (at.get(a.from) ?? 0) - (at.get(b.from) ?? 0));
}

function build(name: MachineName): { graph: ElkNode; edges: ElkExtendedEdge[] } {
  const { states, transitions } = machineOutline(name);
  const toElk = (s: MachineState): ElkNode =>
    s.children.length
      ? {
          id: s.id,
          labels: [{ text: s.key, width: s.key.length * 7, height: 14 }],
          children: s.children.map(toElk),
          layoutOptions: { 'elk.padding': '[top=24,left=10,bottom=10,right=10]' },
        }
      : { id: s.id, labels: [{ text: s.key }], width: Math.max(60, s.key.length * 7 + 16), height: 26 };
  const edges = transitions.map(({ from, to, event }): ElkExtendedEdge => ({
    id: `${from}->${to}:${event}`,
    sources: [from],
    targets: [to],
    // Sized as the 10 px sans-serif drawn (about 6 px a letter in DejaVu Sans): sized smaller, a label ran
    // into the edge beside it (the stop protocol's two stop.mask_empty).
    labels: event ? [{ text: event, width: event.length * 6.2 + 6, height: 13 }] : [],
  }));
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      // Top to bottom: a CPU's lifecycle reads from the online states down to the stop, crash and kexec
      // paths, and the chart fits the model view's width (left to right it was about 2300 px wide).
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.spacing.nodeNode': '14',
      'elk.layered.spacing.nodeNodeBetweenLayers': '28',
      'elk.spacing.edgeLabel': '3',
      'elk.layered.edgeLabels.sideSelection': 'ALWAYS_DOWN',
    },
    children: states.map(toElk),
  };
  return { graph, edges };
}

const cached = new Map<MachineName, Promise<Chart>>();

/** The laid-out chart of a machine (computed once per machine). */
export function machineChart(name: MachineName): Promise<Chart> {
  const known = cached.get(name);
  if (known) return known;
  const chart = (async () => {
    const { graph, edges } = build(name);
    graph.edges = edges;
    // elkjs is large: load it only when a statechart is first opened.
    const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
    const laid = await new ELK().layout(graph);
    const nodes: ChartNode[] = [];
    const walk = (n: ElkNode, ox: number, oy: number) => {
      for (const c of n.children ?? []) {
        const x = ox + (c.x ?? 0);
        const y = oy + (c.y ?? 0);
        nodes.push({
          id: c.id,
          label: c.labels?.[0]?.text ?? c.id,
          x,
          y,
          width: c.width ?? 0,
          height: c.height ?? 0,
          compound: !!c.children?.length,
        });
        walk(c, x, y);
      }
    };
    walk(laid, 0, 0);
    const out: ChartEdge[] = [];
    const collect = (n: ElkNode, ox: number, oy: number) => {
      for (const e of n.edges ?? []) {
        const ext = e as ElkExtendedEdge;
        // Edge coordinates are relative to the edge's container (elk: "container" property).
        const container = (ext as unknown as { container?: string }).container;
        const base = container ? nodes.find((x) => x.id === container) : undefined;
        const bx = base ? base.x : ox;
        const by = base ? base.y : oy;
        const l = ext.labels?.[0];
        (ext.sections ?? []).forEach((s, i) =>
          out.push({
            id: `${ext.id}-${s.id}`,
            from: ext.sources[0] ?? '',
            to: ext.targets[0] ?? '',
            label: l?.text ?? '',
            points: [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map((p) => ({
              x: p.x + bx,
              y: p.y + by,
            })),
            ...(i === 0 && l?.text && l.x !== undefined && l.y !== undefined
              ? { labelAt: { x: l.x + bx, y: l.y + by } }
              : {}),
          }),
        );
      }
      for (const c of n.children ?? []) collect(c, ox + (c.x ?? 0), oy + (c.y ?? 0));
    };
    collect(laid, 0, 0);
    return { width: laid.width ?? 600, height: laid.height ?? 300, nodes, edges: out };
  })();
  cached.set(name, chart);
  return chart;
}

/** What a statechart needs to know of the platform to tell which states it can never reach. */
export type PlatformFacts = Pick<Platform, 'vendor' | 'tdx' | 'tdx_host_kernel' | 'tdx_pw_mce'>;

/** Why a state cannot occur: the words the chart greys it out with. */
export const NO_TDX = 'no TDX on this platform';
export const NO_KVM = 'no KVM using VMX (the model runs KVM only on an Intel TDX host)';
export const NO_TDX_KERNEL = 'no TDX host support in this kernel';
export const NO_PW_MCE = 'no TDX partial-write erratum (X86_BUG_TDX_PW_MCE) on this platform';

/**
 * The states of a machine that cannot occur on this platform, each with why; a state inside one that
 * cannot occur cannot either. Read from the same guards the machines take (sim/machines): a SEAMCALL and
 * the TDX flush need an Intel host with TDX initialised (`tdx`), and KVM is loaded only there
 * (simulate.ts: kvmLoaded), so without it no CPU enables VMX; a kernel refuses to build only with TDX host
 * support, and a load is refused only on the partial-write erratum. A platform decides nothing in the stop
 * protocol, and nothing else here: the kernel and the path are the run's, not the platform's.
 */
export function unreachableStates(name: MachineName, p: PlatformFacts): Map<string, string> {
  const intel = p.vendor === 'intel';
  const tdxHost = intel && p.tdx;
  const tdxKernel = intel && p.tdx_host_kernel;
  const own = new Map<string, string>();
  for (const st of statesInOrder(machineOutline(name).states)) {
    const why = ownReason(name, st, { intel, tdxHost, tdxKernel, pwMce: tdxKernel && p.tdx_pw_mce });
    if (why) own.set(st.id, why);
  }
  // Inherited: a state whose parent cannot occur says the parent's reason (the parents come first).
  const out = new Map<string, string>();
  for (const st of statesInOrder(machineOutline(name).states)) {
    const parent = st.id.includes('.') ? out.get(st.id.slice(0, st.id.lastIndexOf('.'))) : undefined;
    const why = parent ?? own.get(st.id);
    if (why) out.set(st.id, why);
  }
  return out;
}

function ownReason(
  name: MachineName,
  st: MachineState,
  {
    intel,
    tdxHost,
    tdxKernel,
    pwMce,
  }: { intel: boolean; tdxHost: boolean; tdxKernel: boolean; pwMce: boolean },
): string | null {
  if (name === 'cpu') {
    if (tdxHost) return null;
    if (st.key === 'seamcall' || st.key === 'seamcallNoFlag') return NO_TDX;
    if (st.id === 'online.tdxCpuFlushCacheForKexec' || st.id === 'online.tdxFlushDecision') return NO_TDX;
    if (
      st.id === 'online.virtualizationEnabled' ||
      st.id === 'online.disablingVirtualization' ||
      st.id === 'online.virtualizationDone'
    )
      return NO_KVM;
    return null;
  }
  if (name === 'kexec') {
    const noKernel = tdxKernel ? null : intel ? NO_TDX_KERNEL : NO_TDX;
    if (st.id === 'notBuildable') return noKernel;
    if (st.id === 'loadRefused') return noKernel ?? (pwMce ? null : NO_PW_MCE);
  }
  return null;
}

/**
 * The line beside a chart that says why states are greyed out ("Greyed out, 2 states cannot occur on
 * this platform: no TDX on this platform (TDX is Intel only)."), each reason once, in the order the states
 * come; null when every state can occur.
 */
export function unreachableSummary(
  unreachable: ReadonlyMap<string, string>,
  vendor: Platform['vendor'],
): string | null {
  const n = unreachable.size;
  if (!n) return null;
  const reasons = [...new Set(unreachable.values())].map((r) =>
    r === NO_TDX && vendor !== 'intel' ? `${r} (TDX is Intel only)` : r,
  );
  return `Greyed out, ${n} ${n === 1 ? 'state cannot' : 'states cannot'} occur on this platform: ${reasons.join('; ')}.`;
}

/** Is the chart node `id` part of the active state value (e.g. "online.virtualizationEnabled.running")? */
export function isActive(id: string, stateValue: string): boolean {
  return stateValue === id || stateValue.startsWith(`${id}.`);
}

/**
 * The scroll offset, along one axis, at which a box of `view` px (now at `scroll`) shows the node at
 * [`start`, `start + size`): the same offset while the node is in view, with a margin, so the chart does
 * not move as the state moves within what is shown; else one with the node a third of the way in.
 */
export function scrollToShow(scroll: number, view: number, start: number, size: number): number {
  const margin = 24;
  if (start >= scroll + margin && start + size <= scroll + view - margin) return scroll;
  return Math.max(0, start - view / 3);
}
