import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../../sim/validate.ts';
import { MAX_SCENARIO_BYTES } from '../../../sim/limits.ts';
import { openScenarioFile, openScenarioText } from './scenario-file.ts';
import { toScenario } from './scenario-form.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');

/** Every scenario of the project without parameters: the CLI's fixtures and the labs' steps. */
function scenarios(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const fixtures = join(ROOT, 'src', 'cli', 'fixtures');
  for (const f of readdirSync(fixtures)) out.push({ name: f, text: readFileSync(join(fixtures, f), 'utf8') });
  const labs = join(ROOT, 'labs');
  for (const d of readdirSync(labs).filter((x) => /^\d/.test(x))) {
    const lab = parse(readFileSync(join(labs, d, 'lab.yaml'), 'utf8')) as {
      steps: { scenario?: unknown }[];
    };
    lab.steps.forEach((s, i) => {
      if (s.scenario) out.push({ name: `${d} step ${i + 1}`, text: JSON.stringify(s.scenario) });
    });
  }
  return out;
}

describe('opening a scenario file in the sandbox', () => {
  it('puts every valid scenario of the project in the form without changing what it runs', () => {
    let opened = 0;
    for (const { name, text } of scenarios()) {
      const direct = validateScenario(parse(text));
      const r = openScenarioText(name, text);
      expect(r.ok, name).toBe(direct.ok);
      if (!r.ok || !direct.ok) continue;
      opened++;
      expect(validateScenario(toScenario(r.form)), name).toEqual(direct);
    }
    expect(opened).toBeGreaterThan(10);
  });

  it('names the file, line and field of each problem', () => {
    const r = openScenarioText('class.yaml', 'kernel: after\nplatform:\n  vendor: amd\n  cpus: 0\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toEqual([expect.stringMatching(/^class\.yaml:4: platform\.cpus: /)]);
    const syntax = openScenarioText('broken.yaml', 'kernel: after\nplatform: [\n');
    expect(syntax.ok).toBe(false);
    if (!syntax.ok) expect(syntax.problems[0]).toMatch(/^broken\.yaml:\d+: \(syntax\): /);
  });

  it('reads a file of CR-only or CRLF line ends as simulate does', () => {
    const lines = [
      'kernel: after',
      'platform:',
      '  vendor: amd',
      '  cpus: 3',
      '  sme: active',
      'reboot_cpu: 1',
    ];
    for (const end of ['\r', '\r\n']) {
      const r = openScenarioText('old-mac.yaml', lines.join(end) + end);
      expect(r.ok, JSON.stringify(end)).toBe(true);
      if (r.ok) expect([r.form.cpus, r.form.sme, r.form.reboot_cpu]).toEqual([3, 'active', 1]);
    }
  });

  it('says which keys the sandbox has no field for', () => {
    const r = openScenarioText(
      'x.yaml',
      'kernel: after\nplatform: { vendor: amd, cpus: 4, sme: active }\nreboot_cpu: 2\nmutant: wbinvd_after_swap_pages\n',
    );
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.leftOut).toEqual(['mutant (a model with one broken rule, as the labs use)']);
      expect(r.form.cpus).toBe(4);
      expect(r.form.sme).toBe('active');
      expect(r.form.reboot_cpu).toBe(2);
    }
  });

  it('does not read a file too big to be a scenario', async () => {
    const big = new File(['x'.repeat(MAX_SCENARIO_BYTES + 1)], 'huge.yaml');
    const r = await openScenarioFile(big);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatch(/^huge\.yaml: 256 kB is too big/);
  });
});
