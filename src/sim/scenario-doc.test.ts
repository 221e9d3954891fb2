/**
 * docs/scenarios.md is the scenario format's reference inside the repository (the design notes that set
 * the contract are not in it): every key, value and step kind the code accepts or prints is named there,
 * and the README and AUTHORING.md send readers to it, not to a path outside the checkout.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  EVENT_KINDS,
  KERNELS,
  MUTANTS,
  PATHS,
  SME_SUPPORT,
  STOP_BEHAVIOURS,
  VENDORS,
  WBINVD_SITES,
  type Outcome,
  type StepKind,
  type StopMethod,
  type TracePhase,
} from './index.ts';
import { parseScenarioText } from './parse.ts';
import { validateScenario } from './validate.ts';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const doc = read('docs/scenarios.md');
/** Named as code: `word`, or inside a code span or block. */
const named = (word: string) => new RegExp(`[\`\\s(|,]${word}[\`\\s:,|)]`).test(doc);

const STEP_KINDS = {
  step: true,
  wbinvd: true,
  wbinvd_skipped: true,
  flag: true,
  seamcall: true,
  ipi: true,
  nmi: true,
  report: true,
  halt: true,
  decision: true,
  copy: true,
  jump: true,
  writeback: true,
  refused: true,
  note: true,
} satisfies Record<StepKind, true>;
const PHASES = {
  boot: true,
  events: true,
  syscore_shutdown: true,
  stop_other_cpus: true,
  crash_shutdown: true,
  machine_kexec: true,
  load: true,
  kernel_kexec: true,
  panic: true,
  new_kernel: true,
} satisfies Record<TracePhase, true>;
const OUTCOMES = { jumped: true, load_refused: true, not_buildable: true } satisfies Record<Outcome, true>;
const STOPPED = { reboot_ipi: true, nmi: true, nmi_shootdown: true, offline: true } satisfies Record<
  StopMethod,
  true
>;

describe('docs/scenarios.md', () => {
  it('names every key of a scenario and of its platform, as the validator fills them in', () => {
    const r = validateScenario({ kernel: 'after', platform: { vendor: 'amd', cpus: 1 } });
    if (!r.ok) throw new Error('the smallest scenario is refused');
    const keys = [...Object.keys(r.scenario), ...Object.keys(r.scenario.platform)];
    expect(keys.filter((k) => !named(k))).toEqual([]);
  });

  it('names every value of each setting, event, fault site, mutant, step kind, phase and outcome', () => {
    const values = [
      ...KERNELS,
      ...VENDORS,
      ...SME_SUPPORT,
      ...PATHS,
      ...STOP_BEHAVIOURS,
      ...EVENT_KINDS,
      ...WBINVD_SITES,
      ...MUTANTS,
      ...Object.keys(STEP_KINDS),
      ...Object.keys(PHASES),
      ...Object.keys(OUTCOMES),
      ...Object.keys(STOPPED),
    ];
    expect(values.filter((v) => !named(v))).toEqual([]);
  });

  it('its example scenario runs as written', () => {
    const example = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    expect(parseScenarioText(example)).toMatchObject({ ok: true, scenario: { start_cpu: 2 } });
  });

  it('is where the README and AUTHORING.md send a reader for the format, not a file outside the repository', () => {
    for (const file of ['README.md', 'labs/AUTHORING.md']) {
      expect(read(file)).toMatch(/docs\/scenarios\.md/);
      expect(read(file)).not.toMatch(/\.\.\/shared\/design/);
    }
  });
});
