import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_PROGRESS_BYTES } from '../../lab/progress/file-text.ts';
import { parseProgress, progressText, readProgressForGrading } from '../../lab/progress/schema.ts';
import { exportFileName, openProgressStore } from './store.ts';

/**
 * Errors the tests make the file system give: reading a file, or writing in a folder; and the renames
 * made, [from, to], to see where a temp file was put.
 */
const faults = vi.hoisted(() => ({
  read: new Map<string, string>(),
  readOnlyDirs: new Set<string>(),
  renames: [] as [string, string][],
}));

// Tests may run as root, whom permissions do not stop: the file system refuses here as it does others.
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  const { dirname } = await import('node:path');
  const fail = (code: string, path: string) => Object.assign(new Error(`${code}: ${path}`), { code });
  const writable = (path: string) => {
    const st = statSync(path, { throwIfNoEntry: false });
    return !st || st.isDirectory() || (st.mode & 0o200) !== 0;
  };
  return {
    ...real,
    readFile: (async (path: string, options: unknown) => {
      const code = faults.read.get(path);
      if (code) throw fail(code, path);
      return real.readFile(path, options as 'utf8');
    }) as typeof real.readFile,
    open: (async (path: string, flags: string | number = 'r', mode?: number) => {
      // Progress files are opened to be read with numeric flags (O_RDONLY | O_NONBLOCK).
      const reading = flags === 'r' || (typeof flags === 'number' && (flags & 3) === real.constants.O_RDONLY);
      const code = faults.read.get(path);
      if (reading && code) throw fail(code, path);
      if (!reading && (faults.readOnlyDirs.has(dirname(path)) || !writable(path))) throw fail('EACCES', path);
      return real.open(path, flags, mode);
    }) as typeof real.open,
    rename: (async (from: string, to: string) => {
      faults.renames.push([from, to]);
      if (faults.readOnlyDirs.has(dirname(to))) throw fail('EACCES', to);
      return real.rename(from, to);
    }) as typeof real.rename,
  };
});

afterEach(() => {
  faults.read.clear();
  faults.readOnlyDirs.clear();
  faults.renames.length = 0;
});

const nest = (depth: number): unknown => (depth === 0 ? 0 : [nest(depth - 1)]);

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
    // Notepad's "Unicode": said as such, not as an unexpected "�" at line 1, column 1.
    [
      'UTF-16',
      (t) => Buffer.from(`\ufeff${t}`, 'utf16le'),
      /could not be used: it is not UTF-8 text \(it looks like UTF-16, .*\): save it as UTF-8/,
    ],
    // Zeros where the end of a save was never written: not "saved as UTF-32, save it as UTF-8".
    [
      'cut short, zeros after',
      (t) => t.slice(0, 60) + '\0'.repeat(t.length - 60),
      /it is not valid JSON: line \d+, column \d+: unexpected "\\u0000"/,
    ],
    // A second "attempts" list pasted in: JSON.parse read the last, empty one and said nothing.
    [
      'a repeated key',
      (t) => t.replace(/\n}\n$/, ',\n "attempts": []\n}\n'),
      /the key "attempts" is written twice in the same object \(at the top level\), at line 7, column 2 and at line 57, column 2: only the second copy would be read/,
    ],
    [
      'not a list of attempts',
      (t) => t.replace('"attempts": [', '"attempts": {"list": [').replace(/]\n}\n$/, ']}}'),
      /attempts must be a list/,
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
      // The backup is one save behind (a2 is not in it): said, with where the last save still is.
      expect(notices.join('\n')).toMatch(
        /before your last save, so what you saved last may be missing from it\. It is still in .*progress\.corrupt-.*\.json/,
      );
      const aside = readdirSync(dir).filter((f) => f.startsWith('progress.corrupt-'));
      expect(aside).toHaveLength(1);
      // The restored progress is written back and loads cleanly next time.
      expect((await openProgressStore(dir).load()).notices).toEqual([]);
    },
  );

  it('a progress.json that cannot be mended (a folder) is replaced by the backup without asking to repair it', async () => {
    const dir = fresh();
    await seeded(dir, 3);
    rmSync(join(dir, 'progress.json'));
    mkdirSync(join(dir, 'progress.json'));
    const { progress, notices } = await openProgressStore(dir).load();
    expect(progress.attempts.map((a) => a.id)).toEqual(['a0', 'a1']);
    expect(notices.join('\n')).toMatch(/it is a folder, not a file/);
    expect(notices.join('\n')).toMatch(/restored from the backup/);
    expect(notices.join('\n')).not.toMatch(/before your last save|repaired there/);
  });

  it('attempts of two computers pasted in as a second "attempts" list: none lost, none written over', async () => {
    const dir = fresh();
    const store = await seeded(dir, 2);
    await store.saveAttempt(attempt('a2'));
    const file = join(dir, 'progress.json');
    const merged = readFileSync(file, 'utf8').replace(
      /\n}\n$/,
      `,\n "attempts": [${JSON.stringify(attempt('other-0'))}]\n}\n`,
    );
    writeFileSync(file, merged);
    const again = openProgressStore(dir);
    const { progress, notices } = await again.load();
    expect(notices.join('\n')).toMatch(/the key "attempts" is written twice .* moved, not deleted, to /);
    // The backup (the file before the last save) is restored, the pasted file kept aside as it was.
    expect(progress.attempts.map((a) => a.id)).toEqual(['a0', 'a1']);
    await again.saveAttempt(attempt('a3'));
    await again.saveAttempt(attempt('a4'));
    const aside = readdirSync(dir).filter((f) => f.startsWith('progress.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0] as string), 'utf8')).toBe(merged);
    expect((await openProgressStore(dir).load()).progress.attempts.map((a) => a.id)).toEqual([
      'a0',
      'a1',
      'a3',
      'a4',
    ]);
  });

  it('a file of 600 MB of zeros is moved aside unread, and saving goes on', async () => {
    const dir = fresh();
    await seeded(dir, 2);
    const file = join(dir, 'progress.json');
    // Sparse: no disk space taken, and never read.
    truncateSync(file, 600 * 2 ** 20);
    const store = openProgressStore(dir);
    const { progress, notices } = await store.load();
    expect(notices.join('\n')).toMatch(
      /could not be used: it is too large for a progress file \(600 MB, 629145600 bytes; a progress file is at most 20 MB, 20971520 bytes\)\. It was moved, not deleted, to .*progress\.corrupt-/,
    );
    expect(progress.attempts.map((a) => a.id)).toEqual(['a0']);
    await store.saveAttempt(attempt('new'));
    expect((await openProgressStore(dir).load()).progress.attempts.map((a) => a.id)).toEqual(['a0', 'new']);
    const aside = readdirSync(dir).filter((f) => f.startsWith('progress.corrupt-'));
    expect(aside.map((f) => statSync(join(dir, f)).size)).toEqual([600 * 2 ** 20]);
    rmSync(dir, { recursive: true });
  });

  it('a pipe in the place of the file is moved aside, not waited on, and saving goes on', async () => {
    const dir = fresh();
    await seeded(dir, 2);
    const file = join(dir, 'progress.json');
    rmSync(file);
    execFileSync('mkfifo', [file]);
    const store = openProgressStore(dir);
    const { progress, notices } = await store.load();
    expect(notices.join('\n')).toMatch(/could not be used: it is not a regular file \(a pipe or a device\)/);
    expect(progress.attempts.map((a) => a.id)).toEqual(['a0']);
    await store.saveAttempt(attempt('new'));
    expect((await openProgressStore(dir).load()).progress.attempts.map((a) => a.id)).toEqual(['a0', 'new']);
    rmSync(dir, { recursive: true });
  });

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

  it('a version 1 file with "profile" (never a version-1 field) is not upgraded without it: kept aside, said', async () => {
    const dir = fresh();
    const v1 = JSON.stringify({
      version: 1,
      profile: { name: 'Lin', id: 'lin' },
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
    });
    writeFileSync(join(dir, 'progress.json'), v1);
    const { progress, notices } = await openProgressStore(dir).load();
    expect(progress.profile).toBeNull();
    expect(progress.attempts.map((a) => a.id)).toEqual(['v1-0']);
    const said = notices.join('\n');
    expect(said).not.toMatch(/Nothing was lost/);
    expect(said).toMatch(
      /^In your progress file \(.*progress\.json\), profile is not a field of a version-1 file \(version 1 wrote the name and id as "student"; "profile" is version 2's\): not read\. Your answers were kept \(1 attempt loaded\)\. Please enter your name and student id again\. The file as it was is kept, not deleted, at .*progress\.corrupt-/,
    );
    const aside = readdirSync(dir).find((f) => f.startsWith('progress.corrupt-')) as string;
    expect(readFileSync(join(dir, aside), 'utf8')).toBe(v1);
  });
});

describe('a progress file with fields this app does not know', () => {
  it('is loaded whole, and kept aside as it was before a save would drop them', async () => {
    const dir = fresh();
    const attempt = {
      id: 'a1',
      labId: 'lab-1',
      exerciseId: 'ex-2',
      variantSeed: 7,
      answer: { kind: 'choose', selected: [1] },
      score: 1,
      maxScore: 1,
      hintsUsed: 0,
      correct: true,
      solutionShown: false,
      at: '2026-11-25T10:00:00.000Z',
      durationMs: 1000,
      // What a later app of the same file version might add, or a hand edit.
      confidence: 'sure',
    };
    const text = JSON.stringify({
      version: 2,
      profile: { name: 'Kim', id: 'kim' },
      attempts: [attempt],
      theme: 'dark',
    });
    writeFileSync(join(dir, 'progress.json'), text);
    const store = openProgressStore(dir);
    const { progress, notices } = await store.load();
    expect(progress.profile).toEqual({ name: 'Kim', id: 'kim' });
    expect(progress.attempts.map((a) => a.id)).toEqual(['a1']);
    expect(notices.join('\n')).toMatch(
      /^In your progress file \(.*progress\.json\), fields this app does not know \("theme", "attempts\[0\]\.confidence"\): not read\. Your answers were kept \(1 attempt loaded\)\. The file as it was is kept, not deleted, at .*progress\.corrupt-/,
    );
    const aside = readdirSync(dir).find((f) => f.startsWith('progress.corrupt-')) as string;
    expect(readFileSync(join(dir, aside), 'utf8')).toBe(text);
    // Loaded again, the file the app wrote is whole: nothing more is said or moved.
    const again = await openProgressStore(dir).load();
    expect(again.notices).toEqual([]);
  });
});

describe('a progress file saved in Latin-1', () => {
  it('is loaded whole, and kept aside as it was: the next save writes the name as it read', async () => {
    const dir = fresh();
    const bytes = Buffer.from(
      '{"version": 2, "profile": {"name": "Jos\u00e9", "id": "jose"}, "attempts": []}',
      'latin1',
    );
    writeFileSync(join(dir, 'progress.json'), bytes);
    const { progress, notices } = await openProgressStore(dir).load();
    expect(progress.profile?.id).toBe('jose');
    expect(notices.join('\n')).toMatch(
      /^In your progress file \(.*progress\.json\), the file is not UTF-8 text \(a byte that is no character at line 1; Latin-1 or another 8-bit encoding\?\): read with U\+FFFD \(\uFFFD\) in its place\. Your answers were kept \(0 attempts loaded\)\. The file as it was is kept, not deleted, at .*progress\.corrupt-/,
    );
    const aside = readdirSync(dir).find((f) => f.startsWith('progress.corrupt-')) as string;
    expect(readFileSync(join(dir, aside))).toEqual(bytes);
  });
});

describe('a progress file with some attempts that cannot be read', () => {
  const damage = (dir: string, edit: (attempts: Record<string, unknown>[]) => void) => {
    const data = JSON.parse(readFileSync(join(dir, 'progress.json'), 'utf8'));
    edit(data.attempts);
    const text = JSON.stringify(data);
    writeFileSync(join(dir, 'progress.json'), text);
    return text;
  };

  it('loads the others, keeps the file as it was aside, and says how many and where', async () => {
    const dir = fresh();
    await seeded(dir, 5);
    const text = damage(dir, (a) => {
      (a[1] as Record<string, unknown>).score = 'high';
      (a[3] as Record<string, unknown>).labId = 'no spaces';
    });
    writeFileSync(join(dir, 'progress.json.bak'), 'junk');
    const { progress, notices } = await openProgressStore(dir).load();
    expect(progress.attempts.map((a) => a.id)).toEqual(['a0', 'a2', 'a4']);
    expect(progress.profile).toEqual({ name: 'Ada', id: 'ada-1' });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(
      /2 attempts of 5 could not be read \(attempts\[1\]\.score must be .*, and 1 more\)\. The other 3 attempts were loaded\. The file as it was is kept, not deleted, at .*progress\.corrupt-.*\.json\.$/,
    );
    const aside = readdirSync(dir).filter((f) => f.startsWith('progress.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0] as string), 'utf8')).toBe(text);
    expect((await openProgressStore(dir).load()).notices).toEqual([]);
  });

  it('takes an attempt that cannot be read from the backup when it has it, in its place', async () => {
    const dir = fresh();
    await seeded(dir, 3);
    damage(dir, (a) => ((a[0] as Record<string, unknown>).score = 'high'));
    const { progress, notices } = await openProgressStore(dir).load();
    expect(progress.attempts).toEqual([attempt('a0'), attempt('a1'), attempt('a2')]);
    expect(notices.join('\n')).toMatch(/1 attempt of those restored from the backup/);
  });
});

describe('a progress file whose profile cannot be read (an older app took names the schema now refuses)', () => {
  /** progress.json, and its backup when `backup`, with `profile` in place of the student's own. */
  async function withProfile(profile: unknown, backup = true) {
    const dir = fresh();
    await seeded(dir, 3);
    const data = JSON.parse(readFileSync(join(dir, 'progress.json'), 'utf8'));
    const text = `${JSON.stringify({ ...data, profile }, null, 1)}\n`;
    writeFileSync(join(dir, 'progress.json'), text);
    if (backup) writeFileSync(join(dir, 'progress.json.bak'), text);
    return { dir, text };
  }
  const aside = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('progress.corrupt-'));

  // Fails without the fix: the file and its backup (the same profile) were both moved aside, and the
  // app started with no attempts at all.
  it.each([
    ['a name with a right-to-left mark', { name: 'Ada\u200f', id: 'ada-1' }, 'profile.name must not hold'],
    [
      'an id of 101 characters',
      { name: 'Ada', id: 'a'.repeat(101) },
      'profile.id must be an id of at most 100',
    ],
  ])(
    '%s: every attempt kept, no profile (asked again), the field named, the file kept aside',
    async (_, profile, field) => {
      const { dir, text } = await withProfile(profile);
      const { progress, notices } = await openProgressStore(dir).load();
      expect(progress.attempts).toEqual([attempt('a0'), attempt('a1'), attempt('a2')]);
      expect(progress.profile).toBeNull();
      expect(notices).toHaveLength(1);
      expect(notices[0]).toContain(`your name and student id could not be used (${field}`);
      expect(notices[0]).toMatch(
        /\. Your answers were kept \(3 attempts loaded\)\. Please enter your name and student id again\. The file as it was is kept, not deleted, at .*progress\.corrupt-.*\.json\.$/,
      );
      expect(aside(dir)).toHaveLength(1);
      expect(readFileSync(join(dir, aside(dir)[0] as string), 'utf8')).toBe(text);
      // Loads cleanly next time, and the name and id entered again are saved with every attempt.
      const again = openProgressStore(dir);
      expect((await again.load()).notices).toEqual([]);
      await again.setProfile({ name: 'Ada', id: 'ada-1' });
      const after = await openProgressStore(dir).load();
      expect(after.progress.profile).toEqual({ name: 'Ada', id: 'ada-1' });
      expect(after.progress.attempts.map((a) => a.id)).toEqual(['a0', 'a1', 'a2']);
    },
  );

  it("with a good backup: all the attempts kept (the last one too), not only the backup's", async () => {
    // Fails without the fix: the backup was restored instead, losing the attempt saved after it (a2).
    const { dir } = await withProfile({ name: 'Ada\nEvil', id: 'ada-1' }, false);
    const { progress, notices } = await openProgressStore(dir).load();
    expect(progress.attempts.map((a) => a.id)).toEqual(['a0', 'a1', 'a2']);
    expect(progress.profile).toBeNull();
    expect(notices.join('\n')).toMatch(/profile\.name must not hold line breaks.*Please enter your name/);
  });

  it('with a bad attempt too: both said in one notice, the attempt taken from the backup', async () => {
    const { dir } = await withProfile({ name: '', id: 'ada-1' });
    const data = JSON.parse(readFileSync(join(dir, 'progress.json'), 'utf8'));
    data.attempts[1].score = 'high';
    writeFileSync(join(dir, 'progress.json'), JSON.stringify(data));
    const { progress, notices } = await openProgressStore(dir).load();
    expect(progress.attempts).toEqual([attempt('a0'), attempt('a1'), attempt('a2')]);
    expect(progress.profile).toBeNull();
    expect(notices).toEqual([
      expect.stringMatching(
        /, 1 attempt of 3 could not be read \(attempts\[1\]\.score must be .*\), and your name and student id could not be used \(profile\.name must not be empty\)\. The other 2 attempts were loaded; 1 attempt of those restored from the backup \(.*\)\. Please enter your name and student id again\. The file as it was/,
      ),
    ]);
  });

  // Fails without the fix: the backup was moved aside as unusable, and the app started empty.
  it("a broken file whose backup has such a profile: the backup's attempts restored, it kept aside", async () => {
    const { dir, text } = await withProfile({ name: 'Ada\u202e', id: 'ada-1' });
    writeFileSync(join(dir, 'progress.json'), '{"trunc');
    const { progress, notices } = await openProgressStore(dir).load();
    expect(progress.attempts.map((a) => a.id)).toEqual(['a0', 'a1', 'a2']);
    expect(progress.profile).toBeNull();
    expect(notices[0]).toMatch(/could not be used: it is not valid JSON/);
    expect(notices[1]).toMatch(
      /^Your progress was restored from the backup \(.*\) as far as it could be read: 3 attempts\. In the backup, your name and student id could not be used \(profile\.name must not hold .*\)\. Please enter your name and student id again\. The backup as it was is kept, not deleted, at .*progress\.corrupt-.*\.json\. The backup is your progress as it was before your last save, .*$/,
    );
    expect(aside(dir).map((f) => readFileSync(join(dir, f), 'utf8'))).toContain(text);
    expect((await openProgressStore(dir).load()).notices).toEqual([]);
  });
});

describe('an attempt whose time is malformed (a field nothing reads)', () => {
  // Fails without the fix: the attempt was dropped from progress.json, so the copy saved for the
  // instructor lacked it, though `flushpoint grade` grades it.
  it('is kept as written, through loading, saving and the copy for the instructor', async () => {
    const dir = fresh();
    await seeded(dir, 3);
    const data = JSON.parse(readFileSync(join(dir, 'progress.json'), 'utf8'));
    data.attempts[1].at = '2026-11-25 10:00';
    writeFileSync(join(dir, 'progress.json'), JSON.stringify(data));
    const store = openProgressStore(dir);
    const { progress, notices } = await store.load();
    expect(notices).toEqual([]);
    expect(progress.attempts).toEqual([
      attempt('a0'),
      attempt('a1', { at: '2026-11-25 10:00' }),
      attempt('a2'),
    ]);
    await store.saveAttempt(attempt('a3'));
    const target = join(fresh(), 'copy.json');
    expect(await store.exportTo(target)).toEqual({ saved: target, attempts: 4 });
    const copy = JSON.parse(readFileSync(target, 'utf8'));
    expect(copy.attempts.map((a: { at: string }) => a.at)[1]).toBe('2026-11-25 10:00');
    const graded = readProgressForGrading(copy);
    expect(graded.ok && graded.value.attempts.map((r) => r.attempt.id)).toEqual(['a0', 'a1', 'a2', 'a3']);
    expect(readdirSync(dir).sort()).toEqual(['progress.json', 'progress.json.bak']);
  });
});

describe('loading', () => {
  it('reads a file that starts with a byte-order mark, as Windows editors save it', async () => {
    const dir = fresh();
    await seeded(dir, 2);
    writeFileSync(join(dir, 'progress.json'), `\ufeff${readFileSync(join(dir, 'progress.json'), 'utf8')}`);
    const { progress, notices } = await openProgressStore(dir).load();
    expect(notices).toEqual([]);
    expect(progress.attempts.map((a) => a.id)).toEqual(['a0', 'a1']);
    expect(readdirSync(dir).sort()).toEqual(['progress.json', 'progress.json.bak']);
  });

  it('refuses a version 1 file whose attempts are not a list, keeping it aside', async () => {
    const dir = fresh();
    const v1 = JSON.stringify({
      version: 1,
      student: { name: 'Lin', id: 'lin' },
      attempts: { 0: attempt('x') },
    });
    writeFileSync(join(dir, 'progress.json'), v1);
    const { progress, notices } = await openProgressStore(dir).load();
    expect(progress.attempts).toEqual([]);
    expect(notices.join('\n')).toMatch(
      /could not be used: attempts must be a list\. It was moved, not deleted/,
    );
    expect(notices.join('\n')).not.toMatch(/Nothing was lost/);
    const aside = readdirSync(dir).find((f) => f.startsWith('progress.corrupt-')) as string;
    expect(readFileSync(join(dir, aside), 'utf8')).toBe(v1);
  });

  it.each(['EACCES', 'EPERM', 'EBUSY', 'EMFILE'])(
    'a file that cannot be read now (%s) is left as it is, named, and nothing is saved over it',
    async (code) => {
      const dir = fresh();
      await seeded(dir, 2);
      const file = join(dir, 'progress.json');
      const before = readFileSync(file, 'utf8');
      faults.read.set(file, code);
      const store = openProgressStore(dir);
      const refusal = new RegExp(`\\(${file}\\) could not be read: .*\\(${code}\\)\\. It was left as it is`);
      await expect(store.load()).rejects.toThrow(refusal);
      await expect(store.saveAttempt(attempt('new'))).rejects.toThrow(refusal);
      expect(readdirSync(dir).sort()).toEqual(['progress.json', 'progress.json.bak']);
      expect(readFileSync(file, 'utf8')).toBe(before);
      // Once it can be read again, the same store goes on with everything in it.
      faults.read.clear();
      await store.saveAttempt(attempt('new'));
      expect((await openProgressStore(dir).load()).progress.attempts.map((a) => a.id)).toEqual([
        'a0',
        'a1',
        'new',
      ]);
    },
  );

  it('a folder in the place of the backup is set aside, said, and saving goes on', async () => {
    const dir = fresh();
    await seeded(dir, 2);
    rmSync(join(dir, 'progress.json.bak'));
    mkdirSync(join(dir, 'progress.json.bak'));
    const store = openProgressStore(dir);
    const { progress, notices } = await store.load();
    expect(progress.attempts.map((a) => a.id)).toEqual(['a0', 'a1']);
    expect(notices).toEqual([
      expect.stringMatching(
        /^The backup \(.*progress\.json\.bak\) could not be used: it is a folder, not a file\. It was moved, not deleted, to .*progress\.corrupt-.*\.json\. Your progress file is fine, and the next save makes a new backup\.$/,
      ),
    ]);
    await store.saveAttempt(attempt('a2'));
    expect(readdirSync(dir).filter((f) => !f.startsWith('progress.corrupt-'))).toEqual([
      'progress.json',
      'progress.json.bak',
    ]);
    const aside = readdirSync(dir).filter((f) => f.startsWith('progress.corrupt-'));
    expect(aside.map((f) => statSync(join(dir, f)).isDirectory())).toEqual([true]);
    expect((await openProgressStore(dir).load()).notices).toEqual([]);
  });

  it("removes the temp files of saves cut short, and only those: not another name, not a running process's", async () => {
    const dir = fresh();
    await seeded(dir, 2);
    const gone = spawnSync(process.execPath, ['-e', '']).pid as number;
    const leftovers = [`progress.json.tmp-${gone}-12`, `progress.json.bak.tmp-${gone}`];
    const kept = [
      `progress.json.tmp-${process.pid}-0`,
      `progress.json.bak.tmp-${process.pid}`,
      `progress.json.tmp-${gone}`,
      `progress.json.tmp-${gone}-1.old`,
      'notes.txt',
    ];
    for (const name of [...leftovers, ...kept]) writeFileSync(join(dir, name), '{"trunc');
    const { progress, notices } = await openProgressStore(dir).load();
    expect(notices).toEqual([]);
    expect(progress.attempts).toHaveLength(2);
    expect(readdirSync(dir).sort()).toEqual(['progress.json', 'progress.json.bak', ...kept].sort());
  });

  it('a backup that cannot be read, with no progress file, is not written over', async () => {
    const dir = fresh();
    await seeded(dir, 2);
    writeFileSync(join(dir, 'progress.json'), '{"trunc');
    faults.read.set(join(dir, 'progress.json.bak'), 'EACCES');
    await expect(openProgressStore(dir).load()).rejects.toThrow(
      /progress\.json\.bak\) could not be read: permission denied/,
    );
    expect(readdirSync(dir).sort()).toEqual(['progress.json', 'progress.json.bak']);
  });
});

describe('saving', () => {
  it('refuses an answer nested too deep, which the indented file would grow quadratically with', async () => {
    const dir = fresh();
    const store = await seeded(dir, 1);
    await expect(store.saveAttempt(attempt('deep', { answer: nest(3800) }))).rejects.toThrow(
      /cannot save the attempt: attempt\.answer is nested too deep/,
    );
    expect(statSync(join(dir, 'progress.json')).size).toBeLessThan(2_000);
  });

  it('saves over a read-only progress.json (its backup copy is made writable to flush it)', async () => {
    const dir = fresh();
    const store = await seeded(dir, 2);
    chmodSync(join(dir, 'progress.json'), 0o444);
    await store.saveAttempt(attempt('a2'));
    expect((await openProgressStore(dir).load()).progress.attempts).toHaveLength(3);
    expect(readdirSync(dir).sort()).toEqual(['progress.json', 'progress.json.bak']);
  });

  it('a save that cannot be written names the file and the folder to check, not a temp file', async () => {
    const dir = fresh();
    const store = await seeded(dir, 1);
    faults.readOnlyDirs.add(dir);
    const error = await store.saveAttempt(attempt('a1')).catch((e: Error) => e.message);
    expect(error).toBe(
      `Your progress could not be saved to ${join(dir, 'progress.json')}: permission denied (EACCES). Check that you can write to the folder ${dir}, then retry; what was saved before is unchanged.`,
    );
    faults.readOnlyDirs.clear();
    expect((await openProgressStore(dir).load()).progress.attempts).toHaveLength(1);
  });

  it('refuses a save that would make the file larger than a start can read, keeping every attempt saved', async () => {
    // A file just under the limit, of answers as long as an attempt may hold (a lab that cannot be
    // loaded takes them unchecked): the next save goes over it.
    const dir = fresh();
    const file = join(dir, 'progress.json');
    const long = (i: number, chars: number) => attempt(`big${i}`, { answer: { text: 'x'.repeat(chars) } });
    const attempts = [long(0, 99_000)];
    const text = () => progressText({ version: 2, profile: null, attempts } as never);
    const each = Buffer.byteLength(text());
    while (attempts.length < (MAX_PROGRESS_BYTES - 150_000) / each)
      attempts.push(long(attempts.length, 99_000));
    attempts.push(long(attempts.length, 0));
    const last = attempts.length - 1;
    attempts[last] = long(last, MAX_PROGRESS_BYTES - 50_000 - Buffer.byteLength(text()));
    writeFileSync(file, text());
    expect(statSync(file).size).toBe(MAX_PROGRESS_BYTES - 50_000);
    const before = readFileSync(file);
    const store = openProgressStore(dir);
    expect((await store.load()).notices).toEqual([]);

    const over = long(attempts.length, 99_000);
    const bytes = Buffer.byteLength(
      progressText({ version: 2, profile: null, attempts: [...attempts, over] } as never),
    );
    const error = await store.saveAttempt(over).catch((e: Error) => e.message);
    expect(error).toBe(
      `Your progress could not be saved to ${file}: with this change the file would be ${(bytes / 2 ** 20).toFixed(2)} MB (${bytes} bytes), more than a progress file may be (20 MB, 20971520 bytes), and Flushpoint could not read it back. Nothing already saved is lost: what was saved before is kept as it was. Save a copy for your instructor (Results, then "Save my progress for my instructor…") and ask them what to do.`,
    );
    expect(bytes).toBeGreaterThan(MAX_PROGRESS_BYTES);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(dir)).toEqual(['progress.json']);
    // What still fits is saved, and a new start reads every attempt.
    await store.saveAttempt(attempt('small'));
    const { progress, notices } = await openProgressStore(dir).load();
    expect(notices).toEqual([]);
    expect(progress.attempts).toHaveLength(attempts.length + 1);
    expect(progress.attempts.at(-1)?.id).toBe('small');
    rmSync(dir, { recursive: true });
  });

  it('a folder put where the backup goes is named when a save meets it, not taken for a full disk', async () => {
    const dir = fresh();
    const store = await seeded(dir, 1);
    rmSync(join(dir, 'progress.json.bak'));
    mkdirSync(join(dir, 'progress.json.bak'));
    const error = await store.saveAttempt(attempt('a1')).catch((e: Error) => e.message);
    expect(error).toMatch(
      `could not be saved to ${join(dir, 'progress.json')}: a folder is where a file should be: ${join(dir, 'progress.json.bak')} (EISDIR).`,
    );
  });

  it('a file that cannot be moved aside is named with the folder to check, and left as it is', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'progress.json'), '{"trunc');
    faults.readOnlyDirs.add(dir);
    await expect(openProgressStore(dir).load()).rejects.toThrow(
      new RegExp(
        `could not be used \\(it is not valid JSON.*\\) nor moved aside to keep it: permission denied \\(EACCES\\)\\. Nothing was changed: check that you can write to the folder ${dir}`,
      ),
    );
    expect(readdirSync(dir)).toEqual(['progress.json']);
  });
});

describe('a progress.json that is a link (to a synced folder, a USB stick)', () => {
  /** A data folder whose progress.json is a link to `target`, and a progress file of `n` attempts there. */
  async function linked(n: number): Promise<{ dir: string; file: string; target: string }> {
    const dir = fresh();
    await seeded(dir, n);
    const target = join(fresh(), 'synced.json');
    writeFileSync(target, readFileSync(join(dir, 'progress.json')));
    rmSync(join(dir, 'progress.json'));
    symlinkSync(target, join(dir, 'progress.json'));
    return { dir, file: join(dir, 'progress.json'), target };
  }

  it('is saved through: the file it leads to updated, the link kept, the temp file beside that file', async () => {
    const { dir, file, target } = await linked(2);
    const store = openProgressStore(dir);
    expect((await store.load()).notices).toEqual([]);
    await store.saveAttempt(attempt('a2'));
    expect(lstatSync(file).isSymbolicLink()).toBe(true);
    const there = parseProgress(JSON.parse(readFileSync(target, 'utf8')));
    expect(there.ok && there.value.attempts.map((a) => a.id)).toEqual(['a0', 'a1', 'a2']);
    // Renamed over it in its own folder (a rename across file systems is no rename), and no temp left.
    expect(faults.renames.filter(([, to]) => to === target)).toEqual([
      [expect.stringMatching(new RegExp(`^${target}\\.tmp-${process.pid}-\\d+$`)), target],
    ]);
    expect(readdirSync(join(target, '..'))).toEqual(['synced.json']);
    // The backup stays in the app's folder.
    expect(lstatSync(join(dir, 'progress.json.bak')).isFile()).toBe(true);
    expect((await openProgressStore(dir).load()).progress.attempts).toHaveLength(3);
  });

  it('that leads nowhere (a drive not connected) is refused, named with where it leads; nothing saved over it', async () => {
    const { dir, file, target } = await linked(2);
    rmSync(target);
    const refusal = `Your progress file (${file}) is a link to ${target}, which is not there (is the drive or the synced folder it is on connected?). The link was left as it is, and nothing will be saved over it: make ${target} available, or put your progress file in the place of the link, then try again.`;
    const store = openProgressStore(dir);
    await expect(store.load()).rejects.toThrow(refusal);
    await expect(store.saveAttempt(attempt('new'))).rejects.toThrow(refusal);
    expect(lstatSync(file).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['progress.json', 'progress.json.bak']);
    // Once the drive is back, the same store goes on with what is there.
    writeFileSync(target, readFileSync(join(dir, 'progress.json.bak')));
    await store.saveAttempt(attempt('new'));
    const there = parseProgress(JSON.parse(readFileSync(target, 'utf8')));
    expect(there.ok && there.value.attempts.map((a) => a.id)).toEqual(['a0', 'new']);
  });

  it('that stops leading anywhere after loading is refused at the save, the link kept', async () => {
    const { dir, file, target } = await linked(2);
    const store = openProgressStore(dir);
    await store.load();
    unlinkSync(target);
    await expect(store.saveAttempt(attempt('a2'))).rejects.toThrow(
      `is a link to ${target}, which is not there`,
    );
    expect(lstatSync(file).isSymbolicLink()).toBe(true);
    expect(readdirSync(join(target, '..'))).toEqual([]);
  });

  it('whose file cannot be used: only the link is moved, that file left as it was, and the student told', async () => {
    const { dir, file, target } = await linked(2);
    writeFileSync(target, '{"trunc');
    const { progress, notices } = await openProgressStore(dir).load();
    expect(progress.attempts.map((a) => a.id)).toEqual(['a0']);
    expect(notices[0]).toMatch(
      new RegExp(
        `^Your progress file \\(${file}, a link to ${target}\\) could not be used: .* It was moved, not deleted, to .*progress\\.corrupt-.*\\.json\\. Only the link was moved: ${target} was left as it is, and your progress is saved in ${file} from now on, not there\\.$`,
      ),
    );
    expect(readFileSync(target, 'utf8')).toBe('{"trunc');
    expect(lstatSync(file).isFile()).toBe(true);
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
      // A save cut short leaves its temp file: the next start removes it.
      expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    }
    expect(completed.length).toBeGreaterThan(50);
  }, 120_000);
});
