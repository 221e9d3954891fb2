/** `flushpoint simulate` as instructors use it: a real child process, stdout and exit status checked. */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aliasBombYaml } from '../sim/test-helpers.ts';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'flushpoint.mjs');
const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);

function flushpoint(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmpFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'fp-cli-'));
  const file = join(dir, 'scenario.yaml');
  writeFileSync(file, text);
  return file;
}

describe('flushpoint simulate', () => {
  it("--json carries every extension README.md lists: the machines' states, each step's cache effects, the boot caches", () => {
    const r = flushpoint('simulate', fixture('contract-example.yaml'), '--json');
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(out).slice(9)).toEqual([
      'kernel',
      'path',
      'seed',
      'cpus',
      'caches_at_boot',
      'memory',
      'caveats',
      'mutant',
      'faults',
    ]);
    expect(out.mutant).toBeNull();
    expect(out.faults).toEqual([]);
    expect(typeof out.caches_at_boot).toBe('object');
    const trace = out.trace as Record<string, unknown>[];
    const keys = new Set(trace.flatMap((t) => Object.keys(t)));
    for (const k of ['cpu_state', 'kexec_state', 'stop_state', 'cache', 'flag', 'site', 'to', 'because'])
      expect(keys, k).toContain(k);
    const fill = trace.flatMap((t) => (t.cache as { op: string; line?: unknown }[] | undefined) ?? [])[0];
    expect(fill).toMatchObject({
      op: 'fill',
      line: {
        addr: expect.stringMatching(/^0x[0-9a-f]+$/),
        attr: expect.any(String),
        dirty: expect.any(Boolean),
      },
    });
  });

  it('--json prints one object with the contract keys first, in order', () => {
    const r = flushpoint('simulate', fixture('contract-example.yaml'), '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(out).slice(0, 9)).toEqual([
      'outcome',
      'reason',
      'kexec_cpu',
      'wbinvd',
      'stopped',
      'race',
      'flags_at_start',
      'relocate_kernel',
      'trace',
    ]);
    expect(out.outcome).toBe('jumped');
    expect(out.kexec_cpu).toBe(0);
    expect(out.stopped).toEqual({ '1': 'reboot_ipi', '2': 'nmi', '3': 'reboot_ipi' });
    expect(out.race).toEqual([3]);
    const trace = out.trace as {
      seq: number;
      cpu: number | null;
      fn: string;
      file: string;
      evidence: string;
      note: string;
    }[];
    expect(Object.keys(trace[0] ?? {}).slice(0, 6)).toEqual(['seq', 'cpu', 'fn', 'file', 'evidence', 'note']);
    for (const w of out.wbinvd as { site: string; phase: string; via: string | null }[]) {
      expect([
        'stop_this_cpu',
        'relocate_kernel',
        'tdx_cpu_flush_cache_for_kexec',
        'play_dead',
        'kdump_sev_callback',
      ]).toContain(w.site);
      expect(['events', 'syscore_shutdown', 'stop_other_cpus', 'crash_shutdown', 'machine_kexec']).toContain(
        w.phase,
      );
      expect([null, 'reboot_ipi', 'nmi']).toContain(w.via);
    }
  });

  it('without --json prints a readable timeline and a summary', () => {
    const r = flushpoint('simulate', fixture('contract-example.yaml'));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/== Stopping the other CPUs ==/);
    expect(r.stdout).toMatch(/\*\* WBINVD \*\*/);
    expect(r.stdout).toMatch(/outcome: jumped/);
    // relocate_kernel's argument in the kernel's words, not the contract's JSON object.
    expect(r.stdout).toMatch(/^relocate_kernel argument: flags = \[none\]$/m);
    expect(r.stdout).not.toMatch(/relocate_kernel[^\n]*\{/);
  });

  it("a broken model's run says so at the top of the timeline and in the JSON; the faithful one does not", () => {
    const file = tmpFile(
      'kernel: after\nplatform: { vendor: amd, cpus: 2, sme: active }\nmutant: stop_this_cpu_ignores_flag\n',
    );
    const text = flushpoint('simulate', file).stdout;
    expect(text.split('\n')[0]).toBe(
      "Broken model: stop_this_cpu_ignores_flag — stop_this_cpu() never flushes, whatever the flag says; not the kernel's behaviour",
    );
    const out = JSON.parse(flushpoint('simulate', file, '--json').stdout) as Record<string, unknown>;
    expect(out.mutant).toBe('stop_this_cpu_ignores_flag');
    expect(out.faults).toEqual([]);
    // The steps' notes stay as the app shows them in a find-the-bug exercise: no word of the mutant.
    expect(JSON.stringify(out.trace)).not.toMatch(/broken|mutant/i);
    const faithful = flushpoint('simulate', fixture('contract-example.yaml')).stdout;
    expect(faithful).not.toContain('Broken model');
  });

  it('says where each fault was injected, and a fault that matched nothing, in the summary and the JSON', () => {
    const file = tmpFile(
      'kernel: after\nplatform: { vendor: amd, cpus: 4, sme: active }\nstart_cpu: 2\nfaults:\n' +
        '  - skip_wbinvd: { site: relocate_kernel, cpu: 2 }\n  - skip_wbinvd: { site: stop_this_cpu, cpu: 3 }\n',
    );
    const out = JSON.parse(flushpoint('simulate', file, '--json').stdout) as {
      faults: { skip_wbinvd: unknown; injected: { cpu: number; seq: number }[]; unmatched: string | null }[];
      trace: { seq: number; kind: string }[];
    };
    const seq = out.trace.find((t) => t.kind === 'wbinvd_skipped')?.seq;
    expect(out.faults).toEqual([
      {
        skip_wbinvd: { site: 'relocate_kernel', cpu: 2 },
        injected: [],
        unmatched: 'relocate_kernel runs only on the kexec CPU (CPU 0)',
      },
      { skip_wbinvd: { site: 'stop_this_cpu', cpu: 3 }, injected: [{ cpu: 3, seq }], unmatched: null },
    ]);
    const summary = flushpoint('simulate', file).stdout.split('== Summary ==\n')[1];
    expect(summary).toContain(
      'Fault matched nothing: skip_wbinvd at relocate_kernel on CPU 2 — relocate_kernel runs only on the kexec CPU (CPU 0)\n',
    );
    expect(summary).toContain(`Fault injected: skip_wbinvd at stop_this_cpu on CPU 3 (step ${seq})\n`);
  });

  it('reads the scenario from standard input given -, and names it <stdin> in problems', () => {
    const run = (input: string) =>
      spawnSync(process.execPath, [bin, 'simulate', '-', '--json'], { cwd: root, encoding: 'utf8', input });
    const ok = run('kernel: after\nplatform: { vendor: amd, cpus: 2, sme: active }\n');
    expect(ok.status).toBe(0);
    expect((JSON.parse(ok.stdout) as { wbinvd: unknown[] }).wbinvd).toHaveLength(2);
    const bad = run('kernel: after\nplatform: { vendor: amd, cpus: 0 }\n');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^<stdin>:2: platform\.cpus: /);
  });

  it('a YAML alias bomb is refused as bad input (exit 2, one line), not a stack trace', () => {
    const r = flushpoint('simulate', tmpFile(aliasBombYaml()));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /scenario\.yaml:1: \(syntax\): its YAML aliases \(\*name\) expand too far to be read/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an alias to no anchor (a value written *like this*) is named at its line, with the value quoted', () => {
    const r = flushpoint('simulate', tmpFile('kernel: after\npath: *kexec*\n'));
    expect(r.status).toBe(2);
    expect(r.stderr.replace(/^.*\//, '')).toBe(
      "scenario.yaml:2: (syntax): *kexec* reads as a YAML alias (*name), and no &kexec* is set: if it is text, put it in quotes: '*kexec*'\n",
    );
  });

  it('says what a bad number, a second document and a long value were, in one short line each', () => {
    const r = flushpoint(
      'simulate',
      tmpFile(`kernel: ${'k'.repeat(200_000)}\nplatform: {vendor: amd, cpus: 1e400}\n---\nkernel: before\n`),
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /scenario\.yaml:3: \(file\): a scenario file holds one YAML document, and a second one starts at line 3/,
    );
    const one = flushpoint(
      'simulate',
      tmpFile(`kernel: ${'k'.repeat(200_000)}\nplatform: {vendor: amd, cpus: 1e400}\n`),
    );
    expect(one.stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/scenario\.yaml:1: kernel: must be one of before, after \(got "k{78}…\)$/),
      expect.stringMatching(/scenario\.yaml:2: platform\.cpus: .* \(got \.inf, not a finite number\)$/),
    ]);
  });

  it('a SEAMCALL on AMD exits 2, names the file, line and field, and prints nothing on stdout', () => {
    const r = flushpoint('simulate', fixture('seamcall-on-amd.yaml'), '--json');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /seamcall-on-amd\.yaml:7: events\[0\]\.seamcall: a SEAMCALL needs an Intel TDX host/,
    );
  });

  it.each([
    ['bad YAML', 'kernel: after\nplatform: [oops\n', /\(syntax\)/],
    [
      'an unknown key',
      'kernel: after\nplatform: {vendor: amd, cpus: 2}\nwhatever: 1\n',
      /:3: whatever: unknown key/,
    ],
    [
      'a CPU out of range',
      'kernel: after\nplatform: {vendor: amd, cpus: 2}\nstart_cpu: 7\n',
      /:3: start_cpu: CPU 7 is out of range/,
    ],
  ])('%s exits 2 with a message naming the field', (_name, text, message) => {
    const r = flushpoint('simulate', tmpFile(text), '--json');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it.each([
    [['simulate'], /no scenario file/],
    [['simulate', '/nonexistent/x.yaml'], /cannot read: no such file or directory \(ENOENT\)/],
    [['simulate', 'a.yaml', '--colour'], /unknown option --colour/],
    [['simulate', 'a.yaml', '--seed', 'x'], /--seed needs a whole number/],
    [['frobnicate'], /unknown command/],
  ])('bad arguments %j exit 2', (args, message) => {
    const r = flushpoint(...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('--seed changes the cache picture but not who flushes where', () => {
    const a = JSON.parse(
      flushpoint('simulate', fixture('contract-example.yaml'), '--json', '--seed', '1').stdout,
    );
    const b = JSON.parse(
      flushpoint('simulate', fixture('contract-example.yaml'), '--json', '--seed', '99').stdout,
    );
    expect(a.seed).toBe(1);
    expect(b.seed).toBe(99);
    expect(b.wbinvd.map((w: { cpu: number; site: string }) => [w.cpu, w.site])).toEqual(
      a.wbinvd.map((w: { cpu: number; site: string }) => [w.cpu, w.site]),
    );
  });

  it('--why says, per site, which CPUs flushed and the step that decided it, CPUs grouped by reason', () => {
    const file = tmpFile(
      'kernel: after\nplatform: { vendor: intel, cpus: 4, tdx: true }\nevents:\n  - seamcall: 2\n',
    );
    const r = flushpoint('simulate', file, '--why');
    expect(r.status).toBe(0);
    const why = r.stdout.slice(r.stdout.indexOf('== Why, per site and CPU =='));
    expect(why.split('\n').slice(1, 7)).toEqual([
      'stop_this_cpu',
      '  CPU 0: no WBINVD. It runs kexec: it stops the others and runs no stop_this_cpu.',
      expect.stringMatching(
        /^ {2}CPUs 1–3: no WBINVD\. steps \d+, \d+, \d+ \(stop_this_cpu\): this_cpu_read\(cache_state_incoherent\) is false/,
      ),
      'relocate_kernel',
      expect.stringMatching(
        /^ {2}CPU 0: no WBINVD\. step \d+ \(identity_mapped\): testb RELOC_KERNEL_CACHE_INCOHERENT .*clear/,
      ),
      '  CPUs 1–3: no WBINVD. Only CPU 0, the CPU that runs machine_kexec(), runs relocate_kernel.',
    ]);
    expect(why).toMatch(/tdx_cpu_flush_cache_for_kexec\n {2}CPUs 0–3: WBINVD\. steps/);

    // With --json: one more key, "why", after the contract's; without --why the object has none.
    const j = JSON.parse(flushpoint('simulate', file, '--json', '--why').stdout) as Record<string, unknown>;
    expect(Object.keys(j).at(-1)).toBe('why');
    expect(j['why']).toContainEqual(
      expect.objectContaining({
        site: 'relocate_kernel',
        cpus: [1, 2, 3],
        wbinvd: false,
        steps: [],
        fn: null,
      }),
    );
    const plain = JSON.parse(flushpoint('simulate', file, '--json').stdout) as Record<string, unknown>;
    expect(plain).not.toHaveProperty('why');
  });

  it('--why on a kexec that never ran says there is nothing to explain', () => {
    const file = tmpFile(
      'kernel: after\nplatform: { vendor: intel, cpus: 4, tdx: true, tdx_pw_mce: true }\n',
    );
    const r = flushpoint('simulate', file, '--why');
    expect(r.stdout).toContain('No kexec ran (load_refused): nothing to explain.');
  });

  it('--compare kernel says what the series changed: one relocate_kernel WBINVD on an SME-supported host', () => {
    const file = tmpFile('kernel: after\nplatform: { vendor: amd, cpus: 4, sme: supported }\n');
    const r = flushpoint('simulate', file, '--compare', 'kernel');
    expect(r.status).toBe(0);
    const section = r.stdout.slice(r.stdout.indexOf('\n== Compare'));
    expect(section.split('\n').slice(1, 11)).toEqual([
      '== Compare: after (v6.18) vs before (v6.17) ==',
      'Values are after (v6.18) / before (v6.17).',
      'WBINVDs that differ (how many times, per CPU and site):',
      '  CPU 0 relocate_kernel: 1 / 0',
      'WBINVDs the same in both: stop_this_cpu on CPUs 1–3',
      'relocate_kernel: flags = [RELOC_KERNEL_CACHE_INCOHERENT] / host_mem_enc_active = 0',
      'outcome: jumped / jumped',
      'new kernel intact in both',
      'race: none / none',
      '',
    ]);
    // JSON: the contract's object, then one key, `compare`, with the second run as the contract writes it.
    const j = JSON.parse(flushpoint('simulate', file, '--compare', 'kernel', '--json').stdout) as Record<
      string,
      unknown
    > & { compare: { same: boolean; wbinvd: unknown[]; run_b: { relocate_kernel: unknown } } };
    expect(Object.keys(j).at(-1)).toBe('compare');
    expect(j.compare).toMatchObject({ mode: 'kernel', a: 'after (v6.18)', b: 'before (v6.17)', same: false });
    expect(j.compare.wbinvd).toContainEqual({ cpu: 0, site: 'relocate_kernel', a: 1, b: 0, changed: true });
    expect(j.compare.wbinvd).toContainEqual({ cpu: 2, site: 'stop_this_cpu', a: 1, b: 1, changed: false });
    expect(j.compare.run_b.relocate_kernel).toEqual({ host_mem_enc_active: false });
    const plain = JSON.parse(flushpoint('simulate', file, '--json').stdout) as Record<string, unknown>;
    expect(Object.keys(j).slice(0, -1)).toEqual(Object.keys(plain));
    // The second run carries the same keys as any run, its broken model and faults included.
    expect(Object.keys(j.compare.run_b)).toEqual(Object.keys(plain));
  });

  it("--compare: the second run says its broken model and what each of its faults did, as the first's does", () => {
    const file = tmpFile(
      'kernel: after\nplatform: { vendor: amd, cpus: 2, sme: active }\nmutant: stop_this_cpu_ignores_flag\nfaults: [{ skip_wbinvd: { site: relocate_kernel } }]\n',
    );
    const r = flushpoint('simulate', file, '--compare', 'path', '--json');
    expect(r.status).toBe(0);
    interface Run {
      mutant: unknown;
      faults: { injected: { cpu: number; seq: number }[] }[];
    }
    const j = JSON.parse(r.stdout) as Run & { compare: { run_b: Run } };
    expect(j.compare.run_b.mutant).toBe('stop_this_cpu_ignores_flag');
    // The kdump run's own step, not the kexec run's fault copied over.
    const [a] = j.faults[0]?.injected ?? [];
    const [b] = j.compare.run_b.faults[0]?.injected ?? [];
    expect(a).toMatchObject({ cpu: 0 });
    expect(b).toMatchObject({ cpu: 0 });
    expect(b?.seq).not.toBe(a?.seq);
  });

  it('--compare path: kdump stops the remote CPUs by the shootdown NMI, without flushing them', () => {
    const file = tmpFile('kernel: after\nplatform: { vendor: amd, cpus: 2, sme: active }\n');
    const r = flushpoint('simulate', file, '--compare', 'path');
    expect(r.stdout).toContain('== Compare: kexec vs kdump ==');
    expect(r.stdout).toContain('  CPU 1 stop_this_cpu: 1 / 0');
    expect(r.stdout).toContain('CPU 1 stopped by: reboot_ipi / nmi_shootdown');
  });

  it('--compare sme on a host without SME says that SME supported is not what it shows (text and JSON)', () => {
    const file = tmpFile('kernel: after\nplatform: { vendor: amd, cpus: 2, sme: none }\n');
    const r = flushpoint('simulate', file, '--compare', 'sme');
    expect(r.status).toBe(0);
    const section = r.stdout.slice(r.stdout.indexOf('\n== Compare')).split('\n');
    expect(section.slice(1, 4)).toEqual([
      '== Compare: SME none vs SME active ==',
      'Note: SME supported (in CPUID, not active) is not shown: this compares SME none with SME active. That is the case the series changed for SME, a new relocate_kernel WBINVD on the kexec CPU; set sme: supported to see it.',
      'Values are SME none / SME active.',
    ]);
    const j = JSON.parse(flushpoint('simulate', file, '--compare', 'sme', '--json').stdout) as {
      compare: Record<string, unknown>;
    };
    expect(j.compare['sme_supported_not_shown']).toMatch(
      /^SME supported \(in CPUID, not active\) is not shown/,
    );
    // Added beside the documented keys, none renamed: run_b stays last.
    expect(Object.keys(j.compare).slice(-2)).toEqual(['sme_supported_not_shown', 'run_b']);
    const supported = tmpFile('kernel: after\nplatform: { vendor: amd, cpus: 2, sme: supported }\n');
    const plain = flushpoint('simulate', supported, '--compare', 'sme');
    expect(plain.stdout).not.toContain('Note: SME supported');
    const js = JSON.parse(flushpoint('simulate', supported, '--compare', 'sme', '--json').stdout) as {
      compare: Record<string, unknown>;
    };
    expect(js.compare['sme_supported_not_shown']).toBeNull();
  });

  it('a corrupted new kernel on TDX is marked [INF] in the summary and carries the caveat', () => {
    const file = tmpFile(
      'kernel: after\nplatform: { vendor: intel, cpus: 3, tdx: true }\nfaults: [{ skip_wbinvd: { site: tdx_cpu_flush_cache_for_kexec, cpu: 1 } }]\n',
    );
    const r = flushpoint('simulate', file);
    expect(r.stdout).toMatch(
      /\nnew kernel: \d+ corrupted lines? \[INF on TDX: the effect is inferred, see the caveat\]: /,
    );
    expect(r.stdout).toMatch(/\n\[INF\] On TDX the reference gives the rule, not its effect: /);
    const sme = tmpFile(
      'kernel: after\nplatform: { vendor: amd, cpus: 3, sme: active }\nfaults: [{ skip_wbinvd: { site: stop_this_cpu } }]\n',
    );
    const rs = flushpoint('simulate', sme);
    expect(rs.stdout).toMatch(/\nnew kernel: \d+ corrupted lines?: /);
    expect(rs.stdout).not.toContain('On TDX');
  });

  it('--compare refuses what it cannot flip, and a mode it does not know (exit 2, nothing on stdout)', () => {
    const intel = tmpFile('kernel: after\nplatform: { vendor: intel, cpus: 2 }\n');
    const r = flushpoint('simulate', intel, '--compare', 'sme');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${intel}: --compare sme: an Intel host has no SME to compare\n`);
    const bad = flushpoint('simulate', intel, '--compare', 'vendor');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--compare needs one of kernel, sme, path \(got vendor\)/);
  });

  it('stops quietly when its reader stops early (`| head`): no stack trace', () => {
    const big = tmpFile('kernel: after\nplatform: {vendor: amd, cpus: 256, sme: active}\n');
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" simulate "${big}" | head -n 1`], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(r.stdout).toBe('== Boot ==\n');
    expect(r.stderr).toBe('');
  });

  it('runs as `npm run --silent flushpoint -- simulate FILE --json` with only JSON on stdout', () => {
    const r = spawnSync(
      'npm',
      ['run', '--silent', 'flushpoint', '--', 'simulate', fixture('contract-example.yaml'), '--json'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(0);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });
});

describe('flushpoint simulate: bad input named for what it is', () => {
  const scenario = 'kernel: after\nplatform:\n  vendor: amd\n  cpus: 2\n';

  it('a scenario saved as UTF-16 (Notepad "Unicode", PowerShell 5 >) says so, not "must be a mapping"', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fp-cli-'));
    const file = join(dir, 'u16.yaml');
    writeFileSync(file, Buffer.from(`\uFEFF${scenario}`, 'utf16le'));
    const r = flushpoint('simulate', file);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^\S+u16\.yaml: is not UTF-8 text \(it looks like UTF-16, .*\): save it as UTF-8 \(in Notepad: Save As, Encoding UTF-8; in PowerShell: \| Out-File -Encoding utf8\)\n$/,
    );
  });

  it('after "--" a file whose name starts with "-" is the scenario, not an option', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fp-cli-'));
    writeFileSync(join(dir, '-x.yaml'), 'kernel: after\nplatform:\n  vendor: amd\n  cpus: 2\n');
    const run = (...args: string[]) => {
      const r = spawnSync(process.execPath, [bin, 'simulate', ...args], { cwd: dir, encoding: 'utf8' });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    expect(run('-x.yaml')).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/unknown option -x\.yaml/),
    });
    const r = run('--json', '--', '-x.yaml');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kernel: 'after' });
    expect(run('--', '-x.yaml', '--json')).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/one scenario file only \(got -x\.yaml and --json\)/),
    });
  });

  it('a binary file is one line naming its first byte no text holds, not pages of YAML errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fp-cli-'));
    const elf = join(dir, 'cut-elf.yaml');
    writeFileSync(elf, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...Array<number>(3992).fill(0)]));
    const png = join(dir, 'image.yaml');
    writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    const r = flushpoint('simulate', elf);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `${elf}: is not a text file (byte 0x7f at offset 0): a scenario is YAML or JSON text\n`,
    );
    expect(flushpoint('simulate', png).stderr).toBe(
      `${png}: is not a text file (a byte that is not UTF-8 at offset 0): a scenario is YAML or JSON text\n`,
    );
  });

  it('an empty file (or only comments, or /dev/null) is said to be empty, with what a scenario needs', () => {
    const empty =
      'is empty: a scenario needs at least kernel and platform, with its vendor and cpus (see flushpoint simulate --help)\n';
    for (const file of [
      tmpFile(''),
      tmpFile('# kernel: after\n'),
      ...(existsSync('/dev/null') ? ['/dev/null'] : []),
    ]) {
      const r = flushpoint('simulate', file);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`${file}: ${empty}`);
    }
    expect(flushpoint('simulate', '--help').stdout).toContain('A scenario needs at least kernel');
  });

  it('a file that is not there is said in words, as a failed write is', () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'fp-cli-')), 'nonexist.yaml');
    const r = flushpoint('simulate', missing);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`${missing}: cannot read: no such file or directory (ENOENT)\n`);
  });

  it('a wrong platform.cpus is one line, not followed by CPUs "out of range" of a count never given', () => {
    const file = tmpFile(
      'kernel: after\nplatform:\n  vendor: amd\n  cpus: "8"\nstart_cpu: 3\nstop:\n  5: late\nevents:\n  - offline: 6\n',
    );
    const r = flushpoint('simulate', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `${file}:4: platform.cpus: must be a whole number from 1 to 4096 (got "8", a text: write it without quotes)\n`,
    );
  });

  it('problems are printed in the order of the file', () => {
    const file = tmpFile(
      'kernel: after\nplatform:\n  vendor: amd\n  cpus: 4\nstart_cpu: 7\nstop:\n  5: late\nevents:\n  - offline: 6\n',
    );
    const lines = flushpoint('simulate', file).stderr.split('\n').filter(Boolean);
    expect(lines.map((l) => Number(l.slice(file.length + 1).split(':')[0]))).toEqual([5, 7, 9]);
  });

  it('a key written twice is named', () => {
    const file = tmpFile(`kernel: after\nkernel: before\n${scenario.slice('kernel: after\n'.length)}`);
    const r = flushpoint('simulate', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `${file}:2: (syntax): key "kernel" is written twice in this mapping: keep one of them\n`,
    );
  });

  it('a file past 256 kB is refused before it is run, given by name or on standard input', () => {
    const events = '  - offline: 1\n  - online: 1\n'.repeat(10_000);
    const file = tmpFile(`${scenario}events:\n${events}`);
    const r = flushpoint('simulate', file);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `${file}: is too big for a scenario file (284 kB, at most 256 kB; a scenario is a few hundred bytes): if it was generated, give it fewer events\n`,
    );
    const piped = spawnSync(process.execPath, [bin, 'simulate', '-'], {
      cwd: root,
      input: `${scenario}events:\n${events}`,
      encoding: 'utf8',
    });
    expect(piped.status).toBe(2);
    expect(piped.stderr).toMatch(/^<stdin>: is too big for a scenario file \(more than the 256 kB at most; /);
    expect(flushpoint('simulate', '--help').stdout).toContain(
      'A scenario file larger than 256 kB is refused',
    );
  });

  it('an option given twice is refused rather than the first silently dropped', () => {
    const file = tmpFile(scenario);
    const seed = flushpoint('simulate', file, '--seed', '1', '--seed', '2');
    expect(seed.status).toBe(2);
    expect(seed.stdout).toBe('');
    expect(seed.stderr).toMatch(
      /^flushpoint simulate: --seed is given twice \(1 and 2\): give it once\nusage: /,
    );
    const compare = flushpoint('simulate', file, '--compare', 'kernel', '--compare', 'path');
    expect(compare.status).toBe(2);
    expect(compare.stderr).toMatch(
      /^flushpoint simulate: --compare is given twice \(kernel and path\): give it once\nusage: /,
    );
  });

  it('an empty path is a bad argument, not a file that cannot be read', () => {
    const r = flushpoint('simulate', '');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(
      'flushpoint simulate: the path is empty: name a scenario file, or - for the standard input',
    );
  });

  it.runIf(existsSync('/dev/full'))(
    'output that cannot be written (a full disk) is said in one line, exit 1, no stack trace',
    () => {
      const full = openSync('/dev/full', 'w');
      try {
        const r = spawnSync(process.execPath, [bin, 'simulate', fixture('contract-example.yaml')], {
          cwd: root,
          stdio: ['ignore', full, 'pipe'],
          encoding: 'utf8',
        });
        expect(r.stderr).toBe('flushpoint: cannot write the output: no space left on device (ENOSPC)\n');
        expect(r.status).toBe(1);
      } finally {
        closeSync(full);
      }
    },
  );

  it('control characters of the file are escaped where a message echoes them, at their line', () => {
    const file = tmpFile(`${scenario.replace('vendor: amd', 'vendor: "amd\\e]0;pwned\\a"')}"\\e[2J": 1\n`);
    const r = flushpoint('simulate', file);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toContain('\u001b');
    expect(r.stderr).not.toContain('\u0007');
    expect(r.stderr).toContain(
      ':3: platform.vendor: must be one of amd, intel, hygon (got "amd\\x1b]0;pwned\\x07")',
    );
    expect(r.stderr).toContain(':5: \\x1b[2J: unknown key');
  });
});
