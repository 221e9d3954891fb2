import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProgress } from '../../lab/progress/schema.ts';
import { exportFileName, openProgressStore } from './store.ts';

const fresh = () => mkdtempSync(join(tmpdir(), 'fp-progress-'));
const attempt = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  labId: 'lab-1',
  exerciseId: 'ex-1',
  variantSeed: 7,
  answer: { choice: 'b' },
  score: 0.5,
  maxScore: 1,
  hintsUsed: 1,
  correct: false,
  solutionShown: false,
  at: '2026-11-25T10:00:00.000Z',
  durationMs: 1234,
  ...extra,
});

async function seeded(dir: string, n: number) {
  const store = openProgressStore(dir);
  await store.load();
  await store.setProfile({ name: 'Ada', id: 'ada-1' });
  for (let i = 0; i < n; i++) await store.saveAttempt(attempt(`a${i}`));
  return store;
}

describe('a copy for the instructor', () => {
  it('is the progress as saved, in a file a new store and the grader read alike', async () => {
    const dir = fresh();
    const store = await seeded(dir, 2);
    const target = join(fresh(), exportFileName(await store.profile()));
    expect(await store.exportTo(target)).toEqual({ saved: target, attempts: 2 });
    const copy = parseProgress(JSON.parse(readFileSync(target, 'utf8')));
    expect(copy.ok && copy.value).toEqual((await openProgressStore(dir).load()).progress);
    expect(readdirSync(join(target, '..'))).toEqual(['flushpoint-progress-ada-1.json']);
  });

  it('is named for the student id, made safe for a file name', () => {
    expect(exportFileName({ name: 'Ada', id: 'ada-1' })).toBe('flushpoint-progress-ada-1.json');
    expect(exportFileName({ name: 'B', id: '../b c/' })).toBe('flushpoint-progress-b-c.json');
    expect(exportFileName(null)).toBe('flushpoint-progress-student.json');
  });
});

describe('progress store', () => {
  it('saves a profile and attempts and reads them back in a new store', async () => {
    const dir = fresh();
    await seeded(dir, 3);
    const { progress, notices } = await openProgressStore(dir).load();
    expect(notices).toEqual([]);
    expect(progress.profile).toEqual({ name: 'Ada', id: 'ada-1' });
    expect(progress.attempts.map((a) => a.id)).toEqual(['a0', 'a1', 'a2']);
    expect(progress.attempts[0]).toEqual(attempt('a0'));
  });

  it('keeps the previous good file as progress.json.bak', async () => {
    const dir = fresh();
    await seeded(dir, 2);
    const bak = JSON.parse(readFileSync(join(dir, 'progress.json.bak'), 'utf8'));
    expect(bak.attempts.map((a: { id: string }) => a.id)).toEqual(['a0']);
  });

  it('serialises concurrent saves: none is lost', async () => {
    const dir = fresh();
    const store = openProgressStore(dir);
    await Promise.all(Array.from({ length: 25 }, (_, i) => store.saveAttempt(attempt(`c${i}`))));
    const { progress } = await openProgressStore(dir).load();
    expect(progress.attempts.map((a) => a.id).sort()).toEqual(
      Array.from({ length: 25 }, (_, i) => `c${i}`).sort(),
    );
  });

  it('refuses an invalid attempt with a message naming the field, and loses nothing', async () => {
    const dir = fresh();
    const store = await seeded(dir, 1);
    await expect(store.saveAttempt(attempt('bad', { score: 'lots' }))).rejects.toThrow(/attempt\.score/);
    await expect(store.setProfile({ name: '', id: 'x' })).rejects.toThrow(/profile\.name/);
    expect((await openProgressStore(dir).load()).progress.attempts).toHaveLength(1);
  });

  it('does not duplicate an attempt saved twice (a retried save)', async () => {
    const dir = fresh();
    const store = await seeded(dir, 1);
    await store.saveAttempt(attempt('a0'));
    expect((await openProgressStore(dir).load()).progress.attempts).toHaveLength(1);
  });

  const corruptions: [string, (text: string) => string | Buffer, RegExp][] = [
    ['truncated', (t) => t.slice(0, Math.floor(t.length / 2)), /not valid JSON/],
    ['zero-filled', (t) => Buffer.alloc(t.length), /empty or blank/],
    ['empty', () => '', /empty or blank/],
    ['invalid JSON', () => '{"version": 2, attempts: [}', /not valid JSON/],
    ['schema-invalid', (t) => t.replace('"score": 0.5', '"score": "high"'), /attempts\[\d\]\.score/],
    // A grader forgives a field it does not read (src/lab/class-grade.ts); the student's own store does not.
    [
      'a time not in ISO form',
      (t) => t.replace('"at": "2026-11-25T10:00:00.000Z"', '"at": "2026-11-25 10:00"'),
      /attempts\[\d\]\.at must be a time/,
    ],
  ];

  it.each(corruptions)(
    '%s file: moved aside (not deleted), told, restored from the backup',
    async (_name, corrupt, reason) => {
      const dir = fresh();
      await seeded(dir, 3);
      const original = readFileSync(join(dir, 'progress.json'), 'utf8');
      writeFileSync(join(dir, 'progress.json'), corrupt(original));
      const { progress, notices } = await openProgressStore(dir).load();
      expect(notices.join('\n')).toMatch(reason);
      expect(notices.join('\n')).toMatch(/moved, not deleted, to .*progress\.corrupt-.*\.json/);
      expect(notices.join('\n')).toMatch(/restored from the backup/);
      expect(progress.attempts.map((a) => a.id)).toEqual(['a0', 'a1']);
      const aside = readdirSync(dir).filter((f) => f.startsWith('progress.corrupt-'));
      expect(aside).toHaveLength(1);
      // The restored progress is written back and loads cleanly next time.
      expect((await openProgressStore(dir).load()).notices).toEqual([]);
    },
  );

  it('a file from a newer version is kept unchanged beside, and the student is told', async () => {
    const dir = fresh();
    await seeded(dir, 2);
    const future = JSON.stringify({ version: 99, whatever: true });
    writeFileSync(join(dir, 'progress.json'), future);
    const { notices } = await openProgressStore(dir).load();
    expect(notices.join('\n')).toMatch(/newer version of Flushpoint: version 99/);
    const aside = readdirSync(dir).find((f) => f.startsWith('progress.corrupt-')) as string;
    expect(readFileSync(join(dir, aside), 'utf8')).toBe(future);
  });

  it('main and backup both bad: starts empty, says so, keeps the moved file', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'progress.json'), 'garbage');
    writeFileSync(join(dir, 'progress.json.bak'), 'more garbage');
    const { progress, notices } = await openProgressStore(dir).load();
    expect(progress.attempts).toEqual([]);
    expect(notices.join('\n')).toMatch(/backup .* could not be used either/);
  });

  it('migrates a version 1 file (student, no ids/seeds/hints) and saves it as version 2', async () => {
    const dir = fresh();
    writeFileSync(
      join(dir, 'progress.json'),
      JSON.stringify({
        version: 1,
        student: { name: 'Lin', id: 'lin' },
        attempts: [
          {
            labId: 'lab-1',
            exerciseId: 'ex-2',
            answer: [1, 2],
            score: 1,
            maxScore: 1,
            correct: true,
            at: '2025-01-01T00:00:00.000Z',
          },
        ],
      }),
    );
    const { progress, notices } = await openProgressStore(dir).load();
    expect(notices.join('\n')).toMatch(/older version .*format 1.*upgraded/);
    expect(progress.profile).toEqual({ name: 'Lin', id: 'lin' });
    expect(progress.attempts[0]).toMatchObject({
      id: 'v1-0',
      exerciseId: 'ex-2',
      variantSeed: 0,
      hintsUsed: 0,
      solutionShown: false,
      durationMs: 0,
    });
    expect(JSON.parse(readFileSync(join(dir, 'progress.json'), 'utf8')).version).toBe(2);
  });
});

describe('crash safety', () => {
  /** Runs the writer child until it reported `n` saved attempts (0: kill at once), then SIGKILLs it. */
  function killAfter(dir: string, round: number, n: number): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'writer.ts'), dir, String(round)],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const done: string[] = [];
      let buf = '';
      let stderr = '';
      if (n === 0) child.kill('SIGKILL');
      child.stdout.on('data', (chunk: Buffer) => {
        buf += chunk.toString();
        const lines = buf.split('\n');
        buf = lines.pop() ?? '';
        done.push(...lines.filter(Boolean));
        if (done.length >= n) child.kill('SIGKILL');
      });
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('exit', (_code, signal) =>
        signal === 'SIGKILL' ? resolve(done) : reject(new Error(`writer exited by itself: ${stderr}`)),
      );
    });
  }

  it('a writer killed mid-write, 30 times, never loses a completed attempt', async () => {
    const dir = fresh();
    const completed: string[] = [];
    for (let round = 0; round < 30; round++) {
      const n = round % 5 === 0 ? 0 : 1 + ((round * 7) % 9);
      completed.push(...(await killAfter(dir, round, n)));
      const { progress } = await openProgressStore(dir).load();
      const ids = new Set(progress.attempts.map((a) => a.id));
      for (const id of completed) expect(ids.has(id), `round ${round}: ${id} lost`).toBe(true);
    }
    expect(completed.length).toBeGreaterThan(50);
  }, 120_000);
});
