/**
 * Saving progress where the platform flushes as Windows does: a read-only handle cannot be flushed
 * (EPERM) and a folder cannot be opened at all. Every save after the first used to fail there.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { anAttempt } from '../../lab/progress/fixture.ts';

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  const { statSync } = await import('node:fs');
  const fail = (code: string) => Object.assign(new Error(`${code}: as on Windows`), { code });
  return {
    ...real,
    open: async (path: string, flags = 'r', mode?: number): Promise<FileHandle> => {
      if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw fail('EISDIR');
      const fh = await real.open(path, flags, mode);
      if (flags === 'r') fh.sync = () => Promise.reject(fail('EPERM'));
      return fh;
    },
  };
});

const { openProgressStore } = await import('./store.ts');
const { writeFileSafely } = await import('../write-safely.ts');

const attempt = (id: string) =>
  anAttempt({
    id,
    labId: 'lab-1',
    exerciseId: 'ex-1',
    variantSeed: 7,
    answer: { choice: 'b' },
    score: 1,
    maxScore: 1,
    correct: true,
    durationMs: 10,
  });

describe('saving where only a writable handle flushes and folders do not', () => {
  it('keeps every attempt, with its backup, and leaves no temp file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fp-win-'));
    const store = openProgressStore(dir);
    await store.load();
    for (const id of ['a0', 'a1', 'a2']) await store.saveAttempt(attempt(id));
    const onDisk = JSON.parse(readFileSync(join(dir, 'progress.json'), 'utf8')) as { attempts: unknown[] };
    expect(onDisk.attempts).toHaveLength(3);
    expect(readdirSync(dir).sort()).toEqual(['progress.json', 'progress.json.bak']);
    const reopened = openProgressStore(dir);
    expect((await reopened.load()).progress.attempts.map((a) => a.id)).toEqual(['a0', 'a1', 'a2']);
  });

  it('a write that fails before the rename leaves the old file and no temp file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fp-win-'));
    const target = join(dir, 'scores.csv');
    await writeFileSafely(target, 'old\n');
    await expect(
      writeFileSafely(target, 'new\n', '', async () => {
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(readFileSync(target, 'utf8')).toBe('old\n');
    expect(readdirSync(dir)).toEqual(['scores.csv']);
  });
});
