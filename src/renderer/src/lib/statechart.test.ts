import { describe, expect, it } from 'vitest';
import { cpuChart, isActive, scrollToShow } from './statechart.ts';

describe('the CPU statechart', () => {
  it('is laid out top to bottom, narrower than the model view at 1280x720', async () => {
    const chart = await cpuChart();
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
