/**
 * The progress store: one JSON file in the app's user-data folder, written so that a crash at any moment
 * leaves either the old or the new file (temp file, fsync, rename, fsync the folder), with the last good
 * file kept as a backup. A file that cannot be read is moved aside, never deleted, and the student is told.
 */
import { constants } from 'node:fs';
import { copyFile, mkdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAttempt, parseProfile, parseProgress } from '../../lab/progress/schema.ts';
import { emptyProgress, type Progress } from '../../lab/progress/types.ts';
import { describeJsonError } from '../../lab/json-error.ts';
import { fsyncFile, writeFileSafely } from '../write-safely.ts';
import { count } from '../../sim/words.ts';

export interface LoadResult {
  progress: Progress;
  /** Plain-words messages for the student: what was wrong, where it went, what was restored. */
  notices: string[];
}

export interface ProgressStore {
  readonly file: string;
  load(): Promise<LoadResult>;
  saveAttempt(input: unknown): Promise<{ saved: true; attempts: number }>;
  setProfile(input: unknown): Promise<{ saved: true }>;
  /** The student's profile, for naming an exported copy. */
  profile(): Promise<Progress['profile']>;
  /** Writes a copy of the progress, as saved, to `target` (for the instructor's `flushpoint grade`). */
  exportTo(target: string): Promise<{ saved: string; attempts: number }>;
}

/** The name suggested for an exported copy: the student's id in it, so an instructor's folder sorts. */
export function exportFileName(profile: Progress['profile']): string {
  const id = (profile?.id ?? '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+|-+$/g, '');
  return `flushpoint-progress-${id || 'student'}.json`;
}

const FILE = 'progress.json';
const BACKUP = 'progress.json.bak';

/** Opens the store of one user-data folder. Saves are queued: two never interleave. */
export function openProgressStore(dir: string): ProgressStore {
  const file = join(dir, FILE);
  const backup = join(dir, BACKUP);
  let current: Progress | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let tmpCounter = 0;

  const enqueue = <T>(job: () => Promise<T>): Promise<T> => {
    const next = queue.then(job, job);
    queue = next.catch(() => undefined);
    return next;
  };

  async function readCandidate(path: string) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' as const };
      return {
        kind: 'bad' as const,
        error: `it could not be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
        future: false,
      };
    }
    if (text.trim() === '' || /^\0+$/.test(text))
      return { kind: 'bad' as const, error: 'it is empty or blank (zero-filled)', future: false };
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return {
        kind: 'bad' as const,
        error: `it is not valid JSON: ${describeJsonError(text)}`,
        future: false,
      };
    }
    const parsed = parseProgress(data);
    if (!parsed.ok)
      return { kind: 'bad' as const, error: parsed.error, future: parsed.problem === 'future-version' };
    return { kind: 'good' as const, progress: parsed.value, migratedFrom: parsed.migratedFrom };
  }

  async function moveAside(path: string): Promise<string> {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    let target = join(dir, `progress.corrupt-${stamp}.json`);
    for (let i = 1; await exists(target); i++) target = join(dir, `progress.corrupt-${stamp}-${i}.json`);
    await rename(path, target);
    return target;
  }

  async function writeAtomically(progress: Progress): Promise<void> {
    await mkdir(dir, { recursive: true });
    await writeFileSafely(file, `${JSON.stringify(progress, null, 1)}\n`, `-${tmpCounter++}`, async () => {
      // Keep the file being replaced as the backup: it was written by this same procedure, so it is good.
      if (!(await exists(file))) return;
      const bakTmp = `${backup}.tmp-${process.pid}`;
      try {
        await copyFile(file, bakTmp, constants.COPYFILE_FICLONE);
        await fsyncFile(bakTmp);
        await rename(bakTmp, backup);
      } catch (err) {
        await unlink(bakTmp).catch(() => {});
        throw err;
      }
    });
  }

  async function load(): Promise<LoadResult> {
    const notices: string[] = [];
    const main = await readCandidate(file);
    if (main.kind === 'good') {
      if (main.migratedFrom !== null) {
        notices.push(
          `Your progress file was from an older version of Flushpoint (format ${main.migratedFrom}); it was upgraded. Nothing was lost.`,
        );
        await writeAtomically(main.progress);
      }
      current = main.progress;
      return { progress: current, notices };
    }
    if (main.kind === 'bad') {
      const moved = await moveAside(file);
      notices.push(
        main.future
          ? `Your progress file (${file}) was written by a newer version of Flushpoint: ${main.error}. It was moved, unchanged, to ${moved} so that version can still read it.`
          : `Your progress file (${file}) could not be used: ${main.error}. It was moved, not deleted, to ${moved}.`,
      );
    }
    const bak = await readCandidate(backup);
    if (bak.kind === 'good') {
      current = bak.progress;
      await writeAtomically(current);
      if (main.kind === 'bad')
        notices.push(
          `Your progress was restored from the backup (${backup}): ${count(current.attempts.length, 'attempt')}.`,
        );
      else
        notices.push(
          `The progress file was missing; your progress was restored from the backup (${backup}).`,
        );
      return { progress: current, notices };
    }
    if (bak.kind === 'bad' && main.kind === 'bad') {
      notices.push(
        `The backup (${backup}) could not be used either: ${bak.error}. Starting with empty progress; the moved file is kept for recovery.`,
      );
    }
    current = emptyProgress();
    return { progress: current, notices };
  }

  return {
    file,
    load: () => enqueue(load),
    saveAttempt: (input) =>
      enqueue(async () => {
        const parsed = parseAttempt(input);
        if (!parsed.ok) throw new Error(`cannot save the attempt: ${parsed.error}`);
        if (!current) await load();
        const progress = current as Progress;
        const next: Progress = {
          ...progress,
          attempts: progress.attempts.some((a) => a.id === parsed.value.id)
            ? progress.attempts
            : [...progress.attempts, parsed.value],
        };
        await writeAtomically(next);
        current = next;
        return { saved: true as const, attempts: next.attempts.length };
      }),
    setProfile: (input) =>
      enqueue(async () => {
        const parsed = parseProfile(input);
        if (!parsed.ok) throw new Error(`cannot save the profile: ${parsed.error}`);
        if (!current) await load();
        const next: Progress = { ...(current as Progress), profile: parsed.value };
        await writeAtomically(next);
        current = next;
        return { saved: true as const };
      }),
    profile: () =>
      enqueue(async () => {
        if (!current) await load();
        return (current as Progress).profile;
      }),
    exportTo: (target) =>
      enqueue(async () => {
        if (!current) await load();
        const progress = current as Progress;
        await writeFileSafely(target, `${JSON.stringify(progress, null, 1)}\n`);
        return { saved: target, attempts: progress.attempts.length };
      }),
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
