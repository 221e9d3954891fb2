/**
 * Runs xstate machines through pure transitions, memoised. A CPU machine's next snapshot depends only on
 * its state, its small context and the event, and thousands of CPUs take the same steps, so caching the
 * pure transition keeps a 4096-CPU run linear and fast while the machines stay the only authority.
 */
import { initialTransition, transition } from 'xstate';
import type { AnyStateMachine, EventFromLogic, SnapshotFrom } from 'xstate';

export interface Step<TMachine extends AnyStateMachine> {
  snapshot: SnapshotFrom<TMachine>;
  actions: { type: string; params: unknown }[];
  /** Whether the machine had a transition for the event (false: the event was ignored). */
  accepted: boolean;
}

/** A memoising driver for one machine definition. */
export class MachineStepper<TMachine extends AnyStateMachine> {
  private readonly memo = new Map<string, Step<TMachine>>();
  private readonly ids = new WeakMap<object, string>();

  constructor(private readonly machine: TMachine) {}

  /** The initial snapshot for an input. */
  start(input: unknown): SnapshotFrom<TMachine> {
    const key = `init:${JSON.stringify(input)}`;
    const hit = this.memo.get(key);
    if (hit) return hit.snapshot;
    const [snapshot] = initialTransition(this.machine, input as never);
    this.memo.set(key, { snapshot: snapshot as SnapshotFrom<TMachine>, actions: [], accepted: true });
    return snapshot as SnapshotFrom<TMachine>;
  }

  /** The next snapshot and the actions to execute, for an event. */
  send(snapshot: SnapshotFrom<TMachine>, event: EventFromLogic<TMachine>): Step<TMachine> {
    const key = `${this.idOf(snapshot)}|${JSON.stringify(event)}`;
    const hit = this.memo.get(key);
    if (hit) return hit;
    const snap = snapshot as unknown as { can(e: unknown): boolean };
    const accepted = snap.can(event);
    const [next, actions] = transition(this.machine, snapshot as never, event as never);
    const step: Step<TMachine> = {
      snapshot: next as SnapshotFrom<TMachine>,
      actions: actions.map((a) => ({ type: a.type, params: a.params })),
      accepted,
    };
    this.memo.set(key, step);
    return step;
  }

  /** Snapshots are immutable: equal state + context share one id, so the memo key stays short. */
  private idOf(snapshot: SnapshotFrom<TMachine>): string {
    const obj = snapshot as unknown as object;
    let id = this.ids.get(obj);
    if (id === undefined) {
      const s = snapshot as unknown as { value: unknown; context: unknown };
      id = `${JSON.stringify(s.value)}#${JSON.stringify(s.context)}`;
      this.ids.set(obj, id);
    }
    return id;
  }
}

/** A state value as a dotted string, e.g. `online.virtualizationEnabled`. */
// A snapshot's value is never changed once made, and every trace step names three machines' states:
// computed once per value object, not once per step (the walk was a tenth of a 1024-CPU run).
const stateStrings = new WeakMap<object, string>();

export function stateString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const known = stateStrings.get(value);
    if (known !== undefined) return known;
    const [key, child] = Object.entries(value as Record<string, unknown>)[0] ?? ['', ''];
    const rest = stateString(child);
    const out = rest ? `${key}.${rest}` : key;
    stateStrings.set(value, out);
    return out;
  }
  return '';
}
