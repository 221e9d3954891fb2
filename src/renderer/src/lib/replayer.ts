/**
 * Snapshots of a run at any step, fast enough to play a 256-CPU kexec at 60 steps a second: moving
 * forward applies only the new steps, moving back restarts from the nearest checkpoint.
 */
import {
  snapshotFrom,
  type ReplayState,
  initialState,
  applyStep,
  type CpuSnapshot,
  type Snapshot,
} from './snapshot.ts';
import type { SimResult } from '../../../sim/index.ts';

const CHECKPOINT_EVERY = 128;

export class Replayer {
  private state: ReplayState;
  private readonly checkpoints = new Map<number, ReplayState>();
  /** The CPUs of the last snapshot returned, handed out again where nothing about them changed. */
  private shown: CpuSnapshot[] = [];

  constructor(private readonly result: SimResult) {
    this.state = initialState(result);
    this.checkpoints.set(0, cloneState(this.state));
  }

  at(seq: number): Snapshot {
    const target = Math.max(0, Math.min(this.result.trace.length, seq));
    if (target < this.state.seq) {
      const base = Math.floor(target / CHECKPOINT_EVERY) * CHECKPOINT_EVERY;
      this.state = cloneState(this.checkpoints.get(base) ?? (this.checkpoints.get(0) as ReplayState));
    }
    while (this.state.seq < target) {
      applyStep(this.result, this.state, this.result.trace[this.state.seq] as SimResult['trace'][number]);
      if (this.state.seq % CHECKPOINT_EVERY === 0 && !this.checkpoints.has(this.state.seq))
        this.checkpoints.set(this.state.seq, cloneState(this.state));
    }
    const snap = snapshotFrom(this.result, this.state);
    // The same object for a CPU a step did not touch: the screens see it unchanged and skip it (most
    // steps touch one CPU of 256).
    snap.cpus = snap.cpus.map((c, i) => {
      const was = this.shown[i];
      return was && sameCpu(was, c) ? was : c;
    });
    this.shown = snap.cpus;
    return snap;
  }
}

/** Every field the same; the cache lines the same objects (a step replaces a line, never changes one). */
function sameCpu(a: CpuSnapshot, b: CpuSnapshot): boolean {
  return (
    a.cpu === b.cpu &&
    a.isKexecCpu === b.isKexecCpu &&
    a.state === b.state &&
    a.stateValue === b.stateValue &&
    a.flag === b.flag &&
    a.dirtyLines === b.dirtyLines &&
    a.wbinvds === b.wbinvds &&
    a.stoppedBy === b.stoppedBy &&
    a.late === b.late &&
    a.raceNote === b.raceNote &&
    a.lines.length === b.lines.length &&
    a.lines.every((l, i) => l === b.lines[i])
  );
}

function cloneState(s: ReplayState): ReplayState {
  return {
    seq: s.seq,
    flags: new Map(s.flags),
    state: new Map(s.state),
    wbinvds: new Map(s.wbinvds),
    stopped: new Map(s.stopped),
    wbinvdsSoFar: s.wbinvdsSoFar,
    caches: new Map([...s.caches].map(([cpu, lines]) => [cpu, lines.map((l) => ({ ...l }))])),
  };
}
