import { describe, expect, it } from 'vitest';
import { lanesFor, MAX_CPU_LANES } from './lanes.ts';

describe('timeline lanes', () => {
  it('gives every CPU its own lane up to MAX_CPU_LANES CPUs, then the platform lane', () => {
    for (const cpus of [1, 4, 64, MAX_CPU_LANES]) {
      const l = lanesFor(cpus);
      expect(l.perLane).toBe(1);
      expect(l.cpuLanes).toBe(cpus);
      expect(l.laneOf(cpus - 1)).toBe(cpus - 1);
      expect(l.laneOf(null)).toBe(cpus);
      expect(l.label(0)).toBe('CPU 0');
      expect(l.label(cpus)).toBe('platform');
    }
  });

  it('groups neighbouring CPUs beyond that, never more than MAX_CPU_LANES lanes', () => {
    const l = lanesFor(1024);
    expect(l.perLane).toBe(4);
    expect(l.cpuLanes).toBe(256);
    expect(l.laneOf(0)).toBe(0);
    expect(l.laneOf(3)).toBe(0);
    expect(l.laneOf(4)).toBe(1);
    expect(l.laneOf(1023)).toBe(255);
    expect(l.label(1)).toBe('CPUs 4–7');
    for (const cpus of [257, 1000, 4095, 4096]) {
      const g = lanesFor(cpus);
      expect(g.cpuLanes).toBeLessThanOrEqual(MAX_CPU_LANES);
      // Every CPU has a lane, and the last lane ends at the last CPU.
      expect(g.laneOf(cpus - 1)).toBe(g.cpuLanes - 1);
      expect(g.label(g.cpuLanes - 1)).toMatch(new RegExp(`${cpus - 1}$`));
    }
  });

  it('labels a last group of one CPU as that CPU', () => {
    const l = lanesFor(257); // lanes of 2: the last holds CPU 256 alone
    expect(l.perLane).toBe(2);
    expect(l.label(l.cpuLanes - 1)).toBe('CPU 256');
  });
});
