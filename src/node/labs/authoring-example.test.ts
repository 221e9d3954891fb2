/**
 * The minimal lab of labs/AUTHORING.md ("A minimal lab") is one an instructor can copy as it stands: its
 * fenced blocks, each after a `<!-- minimal-lab: PATH -->` comment, are written to a folder and loaded
 * and checked as `flushpoint labs check` does (loadLabs, then checkLab with the lines of lab.yaml), with
 * no problem, and the command itself says so. Edit the doc and this test reads the edit.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLab } from '../../lab/check.ts';
import { loadLabs } from './load.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const AUTHORING = join(ROOT, 'labs', 'AUTHORING.md');
const made: string[] = [];

/** The example's files, by their path in the lab's folder: each fenced block after its marker comment. */
function exampleFiles(): Map<string, string> {
  const text = readFileSync(AUTHORING, 'utf8');
  const blocks = [...text.matchAll(/^<!-- minimal-lab: (\S+) -->\n\n?```[a-z]*\n([^]*?)^```$/gm)];
  return new Map(blocks.map((m) => [m[1] as string, m[2] as string]));
}

/** The example written to a new folder of labs, in a folder named as its lab.yaml's id. */
function writeExample(files: Map<string, string>): { dir: string; id: string } {
  const id = /^id: (\S+)$/m.exec(files.get('lab.yaml') ?? '')?.[1];
  if (!id) throw new Error('the minimal lab of AUTHORING.md has no `id:` line in its lab.yaml block');
  const dir = mkdtempSync(join(tmpdir(), 'fp-authoring-'));
  made.push(dir);
  for (const [path, text] of files) {
    const file = join(dir, id, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return { dir, id };
}

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the minimal lab of labs/AUTHORING.md', () => {
  it('has a lab.yaml and the prose of its step, each marked', () => {
    const files = exampleFiles();
    expect([...files.keys()]).toContain('lab.yaml');
    expect([...files.keys()].filter((p) => p.endsWith('.md')).length).toBeGreaterThan(0);
  });

  it('loads and checks with no problem, as labs check reads it', async () => {
    const { dir, id } = writeExample(exampleFiles());
    const { labs, errors, folders } = await loadLabs(dir);
    expect(errors).toEqual([]);
    expect(labs.map((l) => l.id)).toEqual([id]);
    const lab = labs[0]!;
    // One step and one graded exercise, as the doc says.
    expect(lab.steps).toHaveLength(1);
    expect(lab.exercises.map((e) => e.kind !== 'explain' && e.points > 0)).toEqual([true]);
    const loaded = folders.get(id);
    const r = checkLab(lab, loaded?.ok ? loaded.lineOf : undefined);
    expect(r.problems).toEqual([]);
    expect(r.variantsChecked).toBeGreaterThan(0);
  });

  it('passes `flushpoint labs check` itself', () => {
    const { dir } = writeExample(exampleFiles());
    const run = spawnSync(
      process.execPath,
      [join(ROOT, 'bin', 'flushpoint.mjs'), 'labs', 'check', dir, '--json'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as { labs: number; exercises: number; problems: unknown[] };
    expect(out).toMatchObject({ labs: 1, exercises: 1, problems: [] });
    expect(run.status).toBe(0);
  });
});
