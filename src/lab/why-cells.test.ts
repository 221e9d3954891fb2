import { describe, expect, it } from 'vitest';
import type { WbinvdSite } from '../sim/index.ts';
import { runScenario } from './keys.ts';
import { whyCells, type CellWhy } from './why-cells.ts';

const SME = { kernel: 'after', platform: { vendor: 'amd', cpus: 4, sme: 'active' } };
const TDX = { kernel: 'after', platform: { vendor: 'intel', cpus: 4, tdx: true } };

function cells(data: unknown, sites: WbinvdSite[], phases?: string[]): Map<string, CellWhy> {
  return new Map(whyCells(runScenario(data), sites, phases).map((c) => [`${c.cpu}:${c.site}`, c]));
}

describe('why each grid cell is what it is, from the run', () => {
  it('SME active: each flush is explained by the decision that made it; the others by who runs what', () => {
    const c = cells(SME, ['stop_this_cpu', 'relocate_kernel']);
    expect(c.size).toBe(8);
    expect(c.get('1:stop_this_cpu')).toMatchObject({ flushed: true, fn: 'stop_this_cpu' });
    expect(c.get('1:stop_this_cpu')?.why).toMatch(/cache_state_incoherent\) is true/);
    expect(c.get('0:relocate_kernel')).toMatchObject({ flushed: true, fn: 'identity_mapped' });
    expect(c.get('0:relocate_kernel')?.why).toMatch(/RELOC_KERNEL_CACHE_INCOHERENT .*set, so wbinvd/);
    expect(c.get('0:stop_this_cpu')).toMatchObject({ flushed: false, seq: null });
    expect(c.get('0:stop_this_cpu')?.why).toBe(
      'It runs kexec: it stops the others and runs no stop_this_cpu.',
    );
    expect(c.get('2:relocate_kernel')?.why).toBe(
      'Only CPU 0, the CPU that runs machine_kexec(), runs relocate_kernel.',
    );
    // The step an explanation cites is the one whose note it quotes.
    const run = runScenario(SME);
    for (const cell of c.values())
      if (cell.seq !== null) expect(run.trace[cell.seq - 1]?.note).toBe(cell.why.split(' It flushes ')[0]);
  });

  it('TDX: a CPU flushed early by KVM skips stop_this_cpu, and says why', () => {
    const c = cells({ ...TDX, events: [{ seamcall: 2 }] }, [
      'tdx_cpu_flush_cache_for_kexec',
      'stop_this_cpu',
    ]);
    expect(c.get('2:tdx_cpu_flush_cache_for_kexec')?.flushed).toBe(true);
    expect(c.get('2:stop_this_cpu')).toMatchObject({ flushed: false, fn: 'stop_this_cpu' });
    expect(c.get('2:stop_this_cpu')?.why).toMatch(/is false: no WBINVD/);
  });

  it('kdump on a TDX host: no kvm_shutdown, no stop_this_cpu on the others', () => {
    const c = cells(
      { ...TDX, path: 'kdump', start_cpu: 3, events: [{ seamcall: 2 }] },
      ['stop_this_cpu', 'tdx_cpu_flush_cache_for_kexec', 'kdump_sev_callback', 'relocate_kernel'],
      ['crash_shutdown', 'machine_kexec'],
    );
    expect(c.get('0:stop_this_cpu')).toMatchObject({ flushed: false, fn: 'crash_nmi_callback' });
    expect(c.get('0:stop_this_cpu')?.why).toMatch(/No stop_this_cpu\(\)/);
    expect(c.get('1:kdump_sev_callback')?.why).toMatch(/not a SEV-SNP host/);
    expect(c.get('3:kdump_sev_callback')?.why).toBe(
      'It panicked: it stops the others and runs no kdump_sev_callback.',
    );
    expect(c.get('1:relocate_kernel')?.why).toBe('Only CPU 3, the CPU that panicked, runs relocate_kernel.');
    expect(c.get('3:relocate_kernel')?.flushed).toBe(true);
  });

  it("a WBINVD outside the question's phases is named as such, not as missing", () => {
    // The boot-time TDX module initialisation flushes nothing; KVM's shutdown flush is syscore_shutdown.
    const c = cells(TDX, ['tdx_cpu_flush_cache_for_kexec'], ['stop_other_cpus', 'machine_kexec']);
    expect(c.get('1:tdx_cpu_flush_cache_for_kexec')).toMatchObject({
      flushed: false,
      fn: 'tdx_cpu_flush_cache_for_kexec',
    });
    expect(c.get('1:tdx_cpu_flush_cache_for_kexec')?.why).toBe(
      'It flushes here in the syscore_shutdown phase, which this question does not count.',
    );
  });

  it('a fault-skipped WBINVD and a CPU that flushes twice (the late REBOOT IPI) say so', () => {
    const skipped = cells({ ...SME, faults: [{ skip_wbinvd: { site: 'relocate_kernel' } }] }, [
      'relocate_kernel',
    ]);
    expect(skipped.get('0:relocate_kernel')).toMatchObject({ flushed: false, fn: 'wbinvd' });
    expect(skipped.get('0:relocate_kernel')?.why).toMatch(/^Fault injected/);

    const late = cells({ ...SME, stop: { 3: 'late' } }, ['stop_this_cpu']);
    expect(late.get('3:stop_this_cpu')?.flushed).toBe(true);
    expect(late.get('3:stop_this_cpu')?.why).toMatch(/It flushes 2 times here: steps \d+, \d+\.$/);
  });

  it('an offline CPU: its own play_dead flush, and no stop_this_cpu', () => {
    const c = cells({ ...SME, events: [{ offline: 2 }] }, ['play_dead', 'stop_this_cpu']);
    expect(c.get('2:play_dead')?.flushed).toBe(true);
    expect(c.get('2:stop_this_cpu')?.flushed).toBe(false);
    expect(c.get('2:stop_this_cpu')?.why).toMatch(/stop_this_cpu\(\)/);
    expect(c.get('1:play_dead')?.why).toBe('It never reaches play_dead in this run.');
  });
});
