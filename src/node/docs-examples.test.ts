/**
 * The scenarios the README shows are ones the simulator accepts: instructors copy them (one took a CPU
 * offline and then gave it a stop behaviour, which the simulator refuses).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../sim/parse.ts';
import { simulate } from '../sim/simulate.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** Every ```yaml block of a Markdown file that is a scenario (starts with `kernel:`). */
function scenarioBlocks(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/^```yaml\n([^]*?)^```/gm)]
    .map((m) => m[1] as string)
    .filter((b) => b.startsWith('kernel:'));
}

describe('scenarios shown in the docs', () => {
  it('README: each one is accepted and runs to the new kernel', () => {
    const blocks = scenarioBlocks('README.md');
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      const parsed = parseScenarioText(block);
      if (!parsed.ok) throw new Error(`README scenario refused: ${JSON.stringify(parsed.issues)}`);
      expect(simulate(parsed.scenario).outcome).toBe('jumped');
    }
  });
});
