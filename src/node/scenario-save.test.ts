import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../sim/parse.ts';
import { SAVED_HEADER, saveScenario, scenarioFileName } from './scenario-save.ts';

const TDX =
  'kernel: after\nplatform:\n  vendor: intel\n  cpus: 4\n  tdx: true\npath: kexec\nevents:\n  - seamcall: 2\n';

describe('saving the sandbox scenario', () => {
  it('names the file for what the scenario is', () => {
    const name = (text: string) => {
      const r = parseScenarioText(text);
      if (!r.ok) throw new Error('not a scenario');
      return scenarioFileName(r.scenario);
    };
    expect(name(TDX)).toBe('intel-4cpus-tdx-after-kexec.yaml');
    expect(name('kernel: before\nplatform: { vendor: amd, cpus: 1, sme: active }\npath: kdump\n')).toBe(
      'amd-1cpu-sme-active-before-kdump.yaml',
    );
    expect(name('kernel: after\nplatform: { vendor: intel, cpus: 2, tdx_host_kernel: true }\n')).toBe(
      'intel-2cpus-tdx-uninitialised-after-kexec.yaml',
    );
  });

  it('writes it whole where the student chose, with a header, and flushpoint simulate reads it back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fp-scn-'));
    const asked: string[] = [];
    const r = await saveScenario(TDX, async (name) => (asked.push(name), join(dir, 'mine.yaml')));
    expect(asked).toEqual(['intel-4cpus-tdx-after-kexec.yaml']);
    expect(r).toEqual({ saved: join(dir, 'mine.yaml') });
    const text = readFileSync(join(dir, 'mine.yaml'), 'utf8');
    expect(text).toBe(SAVED_HEADER + TDX);
    const back = parseScenarioText(text);
    expect(back.ok).toBe(true);
    // Nothing but the file: no temp file left beside it.
    expect(readdirSync(dir)).toEqual(['mine.yaml']);
  });

  it('writes nothing when the student cancels', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fp-scn-'));
    expect(await saveScenario(TDX, async () => null)).toEqual({ saved: null });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses text that is not a scenario before asking where, naming the field', async () => {
    let asked = false;
    await expect(
      saveScenario('kernel: after\nplatform: { vendor: amd, cpus: 0 }\n', async () => ((asked = true), '/x')),
    ).rejects.toThrow(/not a scenario the simulator accepts \(platform\.cpus: /);
    expect(asked).toBe(false);
  });
});
