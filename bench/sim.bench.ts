/** Simulator benchmarks: figures printed, nothing asserted (speed is not a test). */
import { simulate, validateScenario, type Scenario } from '../src/sim/index.ts';

const PLATFORMS: Record<string, Record<string, unknown>> = {
  'amd sme=none': { vendor: 'amd', sme: 'none' },
  'amd sme=supported': { vendor: 'amd', sme: 'supported' },
  'amd sme=active': { vendor: 'amd', sme: 'active' },
  'amd snp host (kdump)': { vendor: 'amd', sme: 'active', snp_host: true },
  intel: { vendor: 'intel' },
  'intel tdx': { vendor: 'intel', tdx: true },
};

function scenario(name: string, cpus: number): Scenario {
  const platform = { ...PLATFORMS[name], cpus };
  const r = validateScenario({
    kernel: 'after',
    platform,
    path: name.includes('kdump') ? 'kdump' : 'kexec',
    stop: cpus > 3 ? { 2: 'irqs_off', 3: 'late' } : {},
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.scenario;
}

/** Median and p95 of `runs` timed calls, after a warm-up. */
function time(fn: () => void, runs: number): { median: number; p95: number } {
  for (let i = 0; i < Math.min(5, runs); i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(runs / 2)] as number, p95: samples[Math.floor(runs * 0.95)] as number };
}

/** Prints the simulator table; returns rows for the summary. */
export function benchSimulator(): void {
  const sizes = [4, 64, 1024, 4096];
  console.log('\nSimulate kexec end to end (kernel after; stop: CPU 2 irqs_off, CPU 3 late), milliseconds');
  console.log(`${'platform'.padEnd(24)}${sizes.map((n) => `${n} CPUs`.padStart(22)).join('')}`);
  const perCpu: Record<string, number[]> = {};
  for (const name of Object.keys(PLATFORMS)) {
    const cells: string[] = [];
    for (const n of sizes) {
      const s = scenario(name, n);
      const runs = n >= 1024 ? 21 : 60;
      const { median, p95 } = time(() => simulate(s), runs);
      (perCpu[name] ??= []).push(median / n);
      cells.push(`${median.toFixed(2)} (p95 ${p95.toFixed(2)})`.padStart(22));
    }
    console.log(`${name.padEnd(24)}${cells.join('')}`);
  }
  console.log('\nCost per CPU (median ms / CPUs): linear growth keeps this flat or falling');
  for (const [name, values] of Object.entries(perCpu)) {
    console.log(
      `${name.padEnd(24)}${values.map((v) => `${(v * 1000).toFixed(1)} µs`.padStart(22)).join('')}`,
    );
  }
  // One measurement per figure: the steps/s and the target read the table's 1024-CPU medians. Timing them
  // again after the 4096-CPU runs printed a second, different figure for the same run (36 ms in the table,
  // 51 ms on the target line), whichever run the garbage collector's big pauses fell in.
  const at1024 = Object.entries(perCpu).map(
    ([name, values]) => [name, (values[2] as number) * 1024] as const,
  );
  const steps = simulate(scenario('intel tdx', 1024)).trace.length;
  const tdxMedian = at1024.find(([name]) => name === 'intel tdx')?.[1] as number;
  console.log(
    `\nEvents through the machines: ${steps} trace steps per 1024-CPU TDX run -> ${Math.round((steps / tdxMedian) * 1000).toLocaleString('en')} steps/s`,
  );
  // The target holds for every platform: the slowest one's 1024-CPU median is the figure checked.
  const [slowest, target] = at1024.reduce((a, b) => (b[1] > a[1] ? b : a));
  console.log(
    `Target: 1024 CPUs end to end < 50 ms in Node, every platform -> slowest ${slowest}: ${target.toFixed(1)} ms (${target < 50 ? 'met' : 'MISSED'})`,
  );
}
