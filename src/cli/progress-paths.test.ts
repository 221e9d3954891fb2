import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { looksLikeProgress, progressPaths } from './progress-paths.ts';

const dir = mkdtempSync(join(tmpdir(), 'fp-paths-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
// A progress file with its keys sorted (jq -S, Python's sort_keys): "version" comes last, past 4 kB.
const attempts = Array.from({ length: 120 }, (_, i) => ({
  at: `2026-11-0${(i % 9) + 1}`,
  exercise: `ex-${i}`,
}));
const sorted = JSON.stringify({ attempts, profile: { id: 'carol', name: 'Carol' }, version: 2 }, null, 2);

describe('looksLikeProgress', () => {
  it('finds "version" wherever it is, not only in the first kilobytes', async () => {
    expect(sorted.indexOf('"version"')).toBeGreaterThan(4096);
    expect(await looksLikeProgress(write('carol-sorted.json', sorted))).toBe(true);
  });
  it('reads a damaged copy (cut short) by its keys', async () => {
    expect(await looksLikeProgress(write('cut.json', '{"version": 2, "attempts": [{"exercise": "a"'))).toBe(
      true,
    );
  });
  it('skips JSON that is not a progress file, even with a "version" key', async () => {
    expect(await looksLikeProgress(write('package.json', '{"name": "x", "version": "1.0.0"}'))).toBe(false);
    // Keys nested deeper are not a progress file's own.
    expect(await looksLikeProgress(write('nested.json', '{"data": {"version": 1, "attempts": []}}'))).toBe(
      false,
    );
    expect(await looksLikeProgress(write('list.json', '[{"version": 1, "attempts": []}]'))).toBe(false);
  });
});

describe('progressPaths', () => {
  it('grades a sorted-key copy found in a folder, with no note that skips it', async () => {
    write('carol-sorted.json', sorted);
    write('package.json', '{"name": "x", "version": "1.0.0"}');
    const { files, notes } = await progressPaths([dir]);
    expect(files).toContain(join(dir, 'carol-sorted.json'));
    expect(notes.join('\n')).not.toContain('carol-sorted.json');
    expect(notes.join('\n')).toContain('package.json: a .json file that is not a progress file');
  });
});
