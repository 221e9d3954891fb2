/** Property tests (fast-check): invariants that must hold for every valid scenario. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toContractJson } from './format.ts';
import { cacheStateAt, flagsAt } from './replay.ts';
import type { SimResult } from './result.ts';
import { run } from './test-helpers.ts';
import { validateScenario } from './validate.ts';

type Op = { op: 'seamcall' | 'kvm_disable' | 'offline' | 'online' | 'kvm_unload'; cpu: number };

/** A valid scenario: events are built while tracking which CPUs are online. */
const scenarioArb = fc
  .record({
    kernel: fc.constantFrom('before', 'after'),
    vendor: fc.constantFrom('amd', 'intel', 'hygon'),
    sme: fc.constantFrom('none', 'supported', 'active'),
    snp: fc.boolean(),
    tdx: fc.boolean(),
    cpus: fc.integer({ min: 1, max: 12 }),
    path: fc.constantFrom('kexec', 'kdump'),
    ops: fc.array(
      fc.record({
        op: fc.constantFrom('seamcall', 'kvm_disable', 'offline', 'online', 'kvm_unload'),
        cpu: fc.nat(11),
      }),
      { maxLength: 8 },
    ),
    stops: fc.array(fc.constantFrom('in_time', 'irqs_off', 'late'), { minLength: 12, maxLength: 12 }),
    start: fc.nat(11),
    seed: fc.nat(1000),
  })
  .map((g) => {
    const intel = g.vendor === 'intel';
    const platform = intel
      ? { vendor: 'intel', cpus: g.cpus, tdx: g.tdx }
      : g.vendor === 'hygon'
        ? { vendor: 'hygon', cpus: g.cpus, sme: g.sme }
        : { vendor: 'amd', cpus: g.cpus, sme: g.sme, snp_host: g.snp && g.sme !== 'none' };
    const online = new Array<boolean>(g.cpus).fill(true);
    let kvm = intel && g.tdx;
    const events: Record<string, unknown>[] = [];
    for (const { op, cpu: raw } of g.ops as Op[]) {
      const cpu = raw % g.cpus;
      if (op === 'kvm_unload') {
        events.push({ kvm_unload: true });
        kvm = false;
      } else if (op === 'seamcall' && intel && g.tdx && online[cpu]) events.push({ seamcall: cpu });
      else if (op === 'kvm_disable' && online[cpu] && (kvm || !(intel && g.tdx)))
        events.push({ kvm_disable: cpu });
      else if (op === 'offline' && online[cpu] && online.filter(Boolean).length > 1) {
        online[cpu] = false;
        events.push({ offline: cpu });
      } else if (op === 'online' && !online[cpu]) {
        online[cpu] = true;
        events.push({ online: cpu });
      }
    }
    const onlineCpus = online.flatMap((on, i) => (on ? [i] : []));
    const start = onlineCpus[g.start % onlineCpus.length] as number;
    const k = online[0] ? 0 : (onlineCpus[0] as number);
    const stop: Record<string, string> = {};
    for (const cpu of onlineCpus) if (cpu !== k) stop[String(cpu)] = g.stops[cpu] as string;
    return { kernel: g.kernel, platform, path: g.path, start_cpu: start, stop, events, seed: g.seed };
  });

/** The flag a CPU had when stop_this_cpu() decided, for each stop_this_cpu decision in the trace. */
function stopDecisions(r: SimResult) {
  return r.trace
    .filter((t) => t.fn === 'stop_this_cpu' && t.kind === 'decision')
    .map((t) => {
      const flag = flagsAt(r, t.seq).get(t.cpu as number) ?? false;
      const next = r.trace[t.seq]; // the step after the decision (seq is 1-based)
      return {
        cpu: t.cpu as number,
        flag,
        flushed: next?.kind === 'wbinvd' && next.site === 'stop_this_cpu',
      };
    });
}

describe('invariants over random scenarios', () => {
  it('every generated scenario is valid (the generator is honest)', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => validateScenario(s).ok),
      { numRuns: 200 },
    );
  });

  it('deterministic: the same scenario and seed give the same result', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        expect(JSON.stringify(toContractJson(run(s)))).toBe(JSON.stringify(toContractJson(run(s))));
      }),
      { numRuns: 100 },
    );
  });

  it('after the series: a CPU with the flag set when it stops flushes before it halts; with it clear, never', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = run({ ...s, kernel: 'after' });
        for (const d of stopDecisions(r)) expect(d.flushed).toBe(d.flag);
      }),
      { numRuns: 200 },
    );
  });

  it("relocate_kernel flushes iff the kexec CPU's flag was set when machine_kexec read it (after)", () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = run({ ...s, kernel: 'after' });
        if (r.outcome !== 'jumped') return;
        const read = r.trace.find((t) => t.fn === 'machine_kexec' && t.kind === 'decision');
        const flag = flagsAt(r, read?.seq ?? 0).get(r.kexec_cpu as number) ?? false;
        expect(r.wbinvd.some((w) => w.site === 'relocate_kernel')).toBe(flag);
        expect(r.relocate_kernel).toEqual({ flags: flag ? ['RELOC_KERNEL_CACHE_INCOHERENT'] : [] });
      }),
      { numRuns: 200 },
    );
  });

  it('the faithful model never corrupts the new kernel, but for Hygon with SME active after the series', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = run(s);
        const p = s['platform'] as { vendor: string; sme?: string };
        // §8, Hygon [INF]: no CPU sets the flag, so SME-encrypted dirty lines outlive the copy.
        const hygonGap = p.vendor === 'hygon' && p.sme === 'active' && s['kernel'] === 'after';
        if (r.outcome === 'jumped' && !hygonGap) expect(r.memory?.corrupted).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('every CPU but the kexec CPU is accounted for in stopped, and the trace is numbered 1..n', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = run(s);
        r.trace.forEach((t, i) => expect(t.seq).toBe(i + 1));
        if (r.outcome !== 'jumped') return;
        const cpus = Array.from({ length: r.cpus }, (_, i) => String(i)).filter(
          (c) => c !== String(r.kexec_cpu),
        );
        expect(Object.keys(r.stopped).sort()).toEqual(cpus.sort());
        expect(r.wbinvd.map((w) => w.seq)).toEqual([...r.wbinvd.map((w) => w.seq)].sort((a, b) => a - b));
      }),
      { numRuns: 150 },
    );
  });

  it('the trace replays the caches the model has: each WBINVD writes back the dirty lines a replay shows', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = run(s);
        for (const w of r.wbinvd) {
          const lines = cacheStateAt(r, w.seq - 1)[String(w.cpu)] ?? [];
          expect(lines.filter((l) => l.dirty).length, `WBINVD at step ${w.seq}`).toBe(w.lines_written_back);
        }
      }),
      { numRuns: 200 },
    );
  });
});
