/**
 * For the lab checker's tests: a small lab with one exercise of every kind, as an instructor writes one,
 * to break on purpose one edit at a time (independent of the shipped labs, which change as they are
 * taught).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLabYaml } from '../lab/parse.ts';
import type { Lab, LabError } from '../lab/types.ts';
import { validateLab } from '../lab/validate.ts';

export const FIXTURE_ID = '07-tdx-early-flush';

export const FIXTURE_YAML = `id: 07-tdx-early-flush
order: 7
title: The early TDX flush
summary: KVM's shutdown flushes every TDX CPU before kexec stops them.
objectives:
  - Say where a TDX host flushes at kexec in v6.18.
steps:
  - title: The early flush
    prose: steps/01-intro.md
    scenario:
      kernel: after
      platform: { vendor: intel, cpus: 4, tdx: true }
    actions: [run, step, compare, predict]

exercises:
  - id: where-flush
    title: Where CPU flushes
    kind: choose
    prompt: A TDX host (v6.18), CPU {{c}} made a SEAMCALL. Where does CPU {{c}} execute WBINVD?
    points: 2
    params:
      c: { range: [1, 3] }
    scenario:
      kernel: after
      platform: { vendor: intel, cpus: 4, tdx: true }
      events:
        - seamcall: '{{c}}'
    options:
      - text: In tdx_cpu_flush_cache_for_kexec(), during KVM's shutdown
        claim: { wbinvd: { cpu: '{{c}}', site: tdx_cpu_flush_cache_for_kexec } }
        explain: KVM's shutdown runs the TDX flush on each CPU and clears the flag.
      - text: In stop_this_cpu()
        claim: { wbinvd: { cpu: '{{c}}', site: stop_this_cpu } }
        explain: By then the flag is clear.
        misconception: tdx-flush-wrong-caller
    hints:
      - Look at syscore_shutdown in the trace.

  - id: grid-tdx
    title: Every WBINVD on a TDX host
    kind: grid
    prompt: A TDX host with {{n}} CPUs (v6.18). Mark every CPU and site where a WBINVD runs.
    points: 4
    params:
      n: { values: [2, 4] }
    scenario:
      kernel: after
      platform: { vendor: intel, cpus: '{{n}}', tdx: true }
    sites: [stop_this_cpu, relocate_kernel, tdx_cpu_flush_cache_for_kexec]
    hints:
      - KVM's shutdown runs on every online CPU.

  - id: order-tdx
    title: The order on a TDX host
    kind: order
    prompt: Put these steps in the order the kernel runs them.
    points: 3
    scenario:
      kernel: after
      platform: { vendor: intel, cpus: 4, tdx: true }
    items:
      - label: CPU 1 flushes in tdx_cpu_flush_cache_for_kexec()
        match: { fn: wbinvd, site: tdx_cpu_flush_cache_for_kexec, cpu: 1 }
      - label: kvm_shutdown() starts
        match: { fn: kvm_shutdown }
      - label: CPU 1 reports stopped
        match: { fn: stop_this_cpu, kind: report, cpu: 1 }
      - label: swap_pages copies the new kernel
        match: { fn: swap_pages }
    expect: [1, 0, 2, 3]
    hints:
      - KVM shuts down before the other CPUs are stopped.

  - id: predict-stc
    title: After the flag test in stop_this_cpu
    kind: predict
    prompt: CPU 2 has just read its flag in stop_this_cpu(). What happens next?
    points: 2
    scenario:
      kernel: after
      platform: { vendor: intel, cpus: 4, tdx: true }
    after: { fn: stop_this_cpu, kind: decision, cpu: 2 }
    options:
      - text: It reports stopped without a WBINVD
        match: { fn: stop_this_cpu, kind: report, cpu: 2 }
        explain: Its flag was cleared by the early flush.
      - text: It executes WBINVD
        match: { fn: wbinvd, cpu: 2 }
        explain: Not on v6.18, the flag is clear.
        misconception: tdx-flush-wrong-caller
    expect: 0

  - id: find-bug-tdx
    title: Find the broken rule (TDX)
    kind: find_bug
    prompt: This TDX model has one broken rule. Which?
    points: 3
    scenario:
      kernel: after
      platform: { vendor: intel, cpus: 4, tdx: true }
    mutants: [no_tdx_flush_at_shutdown, tdx_flush_keeps_flag]
    hints:
      - Compare syscore_shutdown in both runs.

  - id: explain-tdx
    title: Why flush early
    kind: explain
    prompt: Why does v6.18 flush TDX CPUs in KVM's shutdown rather than in stop_this_cpu()?
    model_answer: A WBINVD in stop_this_cpu() is expensive and widens the stop race; flushing early avoids it.
`;

export const FIXTURE_PROSE = `# The early TDX flush

On a [TDX](#/glossary/tdx) host every CPU that made a [SEAMCALL](#/glossary/seamcall) has its
\`cache_state_incoherent\` flag set. In v6.18 KVM's shutdown flushes them early [SRC].

Whether real firmware behaves the same is not known [UNVERIFIED].
`;

/** An edit of the lab file: `old` (which must be there) replaced by `replacement`. */
export function edit(text: string, old: string, replacement: string): string {
  if (!text.includes(old)) throw new Error(`the fixture has no ${JSON.stringify(old)}`);
  return text.replace(old, replacement);
}

/** The 1-based line of the first line of `text` that holds `needle`. */
export function lineWith(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`no line holds ${JSON.stringify(needle)}`);
  return i + 1;
}

/** The fixture after `change`, validated as the app loads a lab (syntax errors as the loader gives them). */
export function fixtureLab(
  change: (text: string) => string = (t) => t,
): { ok: true; lab: Lab } | { ok: false; errors: LabError[] } {
  const file = `${FIXTURE_ID}/lab.yaml`;
  const parsed = parseLabYaml(change(FIXTURE_YAML));
  if (!parsed.ok)
    return {
      ok: false,
      errors: parsed.errors.map((e) => ({
        lab: FIXTURE_ID,
        file,
        line: e.line,
        field: '(syntax)',
        message: e.message,
      })),
    };
  return validateLab({
    folder: FIXTURE_ID,
    file,
    data: parsed.data,
    lineOf: parsed.lineOf,
    readProse: (rel) => (rel === 'steps/01-intro.md' ? FIXTURE_PROSE : null),
    textProblems: parsed.problems,
  });
}

/** The fixture after `change`, which must load. */
export function fixture(change: (text: string) => string = (t) => t): Lab {
  const r = fixtureLab(change);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.lab;
}

/**
 * Writes the fixture (after `change`) as a lab folder in `dir`, its file named `name`, under the folder
 * name `folder` (its id is changed to match); returns the file's path.
 */
export function writeFixture(
  dir: string,
  change: (text: string) => string = (t) => t,
  name = 'lab.yaml',
  folder = FIXTURE_ID,
): string {
  const labDir = join(dir, folder);
  mkdirSync(join(labDir, 'steps'), { recursive: true });
  writeFileSync(join(labDir, 'steps', '01-intro.md'), FIXTURE_PROSE);
  const file = join(labDir, name);
  writeFileSync(file, change(FIXTURE_YAML).replace(`id: ${FIXTURE_ID}`, `id: ${folder}`));
  return file;
}
