/**
 * What the steps' notes and the caveats claim holds in the run they are in: no flag before the series
 * (the reference's §2a B1: nothing flag-related), no TDX caveat that the run contradicts, and no
 * scenario setting that is silently left unused.
 */
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from './parse.ts';
import { MUTANTS } from './scenario.ts';
import { amd, intel, run } from './test-helpers.ts';

describe('before the series, no note speaks of cache_state_incoherent', () => {
  const platforms = [
    amd('none'),
    amd('supported'),
    amd('active'),
    amd('active', 4, { snp_host: true }),
    intel(false),
  ];
  const eventLists = [[], [{ kvm_disable: 1 }], [{ kvm_unload: true }], [{ offline: 2 }, { online: 2 }]];
  it.each(['kexec', 'kdump'])('on the %s path, whatever the platform, events or broken model', (path) => {
    for (const platform of platforms)
      for (const events of eventLists)
        for (const mutant of [null, ...MUTANTS]) {
          const r = run({ kernel: 'before', platform, events, path, mutant, start_cpu: 1 });
          for (const t of r.trace)
            expect(t.note, `${JSON.stringify({ platform, events, path, mutant })}: ${t.fn}`).not.toMatch(
              /cache_state_incoherent/,
            );
        }
  });

  it('KVM disabling virtualization on AMD, and kdump stopping the other CPUs, are said without the flag', () => {
    const disable = run({ kernel: 'before', platform: amd('supported'), events: [{ kvm_disable: 1 }] });
    expect(disable.trace.find((t) => t.fn === 'kvm_disable_virtualization_cpu')?.note).toBe(
      'No TDX here: disabling virtualization flushes no cache.',
    );
    const kdump = run({ kernel: 'before', platform: amd('supported'), path: 'kdump' });
    expect(kdump.trace.find((t) => t.fn === 'crash_nmi_callback')?.note).toBe(
      'The shootdown NMI arrives: run the kdump callback. No stop_this_cpu(), so no CPUID test and no WBINVD of its own.',
    );
    // After the series the flag exists, and the notes may say what it does not do.
    const after = run({ kernel: 'after', platform: amd('supported'), path: 'kdump' });
    expect(after.trace.find((t) => t.fn === 'crash_nmi_callback')?.note).toMatch(
      /no look at cache_state_incoherent/,
    );
  });
});

describe('the TDH.VP.FLUSH caveat', () => {
  it('holds in a run where a CPU reaches the TDX flush with its flag clear (offline, then online again)', () => {
    const r = run({ kernel: 'after', platform: intel(true), events: [{ offline: 2 }, { online: 2 }] });
    // CPU 2 came back without TDH.SYS.LP.INIT: its flag is clear when kvm_shutdown() flushes.
    expect(r.flags_at_start['2']).toBe(false);
    const caveat = r.caveats.find((c) => c.text.includes('TDH.VP.FLUSH'))?.text ?? '';
    expect(caveat).not.toMatch(/already set/);
    expect(caveat).toMatch(/a CPU whose flag is clear here has no TD vCPU in the model/);
    expect(caveat).toMatch(
      /were one associated, its TDH\.VP\.FLUSH would set the flag and the CPU would flush/,
    );
  });
});

describe('scenario settings a path does not use are said, not dropped', () => {
  it('reboot_cpu in kdump: a note says the panicking CPU runs the crash kernel, as stop: gets', () => {
    const r = run({ kernel: 'after', platform: amd('active'), path: 'kdump', start_cpu: 1, reboot_cpu: 3 });
    expect(r.kexec_cpu).toBe(1);
    expect(r.trace.find((t) => t.note.includes('reboot_cpu'))).toMatchObject({
      cpu: 1,
      kind: 'note',
      note: "The scenario's reboot_cpu (CPU 3) does not apply in kdump: no migrate_to_reboot_cpu() runs, and CPU 1, which panicked, runs the crash kernel.",
    });
    const plain = run({ kernel: 'after', platform: amd('active'), path: 'kdump', start_cpu: 1 });
    expect(plain.trace.some((t) => t.note.includes('reboot_cpu'))).toBe(false);
  });

  it('a CPU given twice in stop: (2 and 02, or 2 and "2") is refused at the second, naming both', () => {
    const head = 'kernel: after\nplatform: { vendor: amd, cpus: 4, sme: active }\nstop:\n  2: late\n';
    const zero = parseScenarioText(`${head}  '02': irqs_off\n`);
    expect(zero.ok ? [] : zero.issues).toEqual([
      { field: 'stop.02', message: 'CPU 2 is given twice (as 2 and as 02): keep one of them', line: 5 },
    ]);
    const quoted = parseScenarioText(`${head}  "2": irqs_off\n`);
    expect(quoted.ok ? [] : quoted.issues).toEqual([
      {
        field: '(syntax)',
        message: 'key "2" is written twice in this mapping (as 2 and as "2"): keep one of them',
        line: 5,
      },
    ]);
  });
});
