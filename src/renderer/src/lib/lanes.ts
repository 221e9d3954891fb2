/**
 * The timeline's swimlanes: one per CPU up to MAX_CPU_LANES, then one per group of neighbouring CPUs
 * (a 1024-CPU host gets lanes of 4), so the timeline stays a screen high instead of growing by three
 * pixels per CPU (12,000 px at 4096). The CPU grid and the text view still show every CPU on its own.
 */
export const MAX_CPU_LANES = 256;

export interface Lanes {
  /** CPUs per lane: 1 up to MAX_CPU_LANES CPUs. */
  perLane: number;
  /** CPU lanes, then one lane for the platform (steps with no CPU). */
  cpuLanes: number;
  /** The lane of a CPU, or of the platform for null. */
  laneOf: (cpu: number | null) => number;
  /** "CPU 5", "CPUs 4–7" (the last group may be shorter), or "platform". */
  label: (lane: number) => string;
}

export function lanesFor(cpus: number): Lanes {
  const perLane = Math.max(1, Math.ceil(cpus / MAX_CPU_LANES));
  const cpuLanes = Math.ceil(cpus / perLane);
  return {
    perLane,
    cpuLanes,
    laneOf: (cpu) => (cpu === null ? cpuLanes : Math.floor(cpu / perLane)),
    label: (lane) => {
      if (lane >= cpuLanes) return 'platform';
      const first = lane * perLane;
      const last = Math.min(cpus, first + perLane) - 1;
      return first === last ? `CPU ${first}` : `CPUs ${first}–${last}`;
    },
  };
}
