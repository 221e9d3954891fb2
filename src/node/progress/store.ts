/**
 * The progress store: one JSON file in the app's user-data folder, written so that a crash at any moment
 * leaves either the old or the new file (temp file, fsync, rename, fsync the folder), with the last good
 * file kept as a backup. A damaged file is moved aside, never deleted, and the student is told; one the
 * system will not let us read now (permissions, a lock) is left alone, and loading and saving refuse.
 */
import { constants } from 'node:fs';
import { chmod, copyFile, mkdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  parseAttempt,
  parseProfile,
  parseProgressKeepingGood,
  progressText,
  type BadAttempt,
} from '../../lab/progress/schema.ts';
import { emptyProgress, type Attempt, type Progress } from '../../lab/progress/types.ts';
import { describeJsonError } from '../../lab/json-error.ts';
import { findRepeatedKey, repeatedKeyText, tooLargeText } from '../../lab/progress/file-text.ts';
import { notUtf8Text, readProgressText } from './read-text.ts';
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

/** What the operating system's error codes mean for the student, in words. */
const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted',
  EBUSY: 'the file is in use by another program',
  EMFILE: 'too many files are open',
  ENFILE: 'too many files are open',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the disk is read-only',
  EIO: 'the disk could not be read or written',
};

/** Why a file operation failed, in words and with the code a helper can look up. */
function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (!code) return String((err as Error).message ?? err);
  return REASONS[code] ? `${REASONS[code]} (${code})` : code;
}

/**
 * An attempt that could not be read is taken from the backup when it holds one at that place: attempts
 * are only ever appended, so the backup's attempts are the first ones of the file.
 */
function recoverFromBackup(
  good: Attempt[],
  bad: BadAttempt[],
  backup: Progress | null,
): { attempts: Attempt[]; recovered: number } {
  const ids = new Set(good.map((a) => a.id));
  const badPlaces = new Set(bad.map((b) => b.index));
  const attempts: Attempt[] = [];
  let recovered = 0;
  let next = 0;
  for (let place = 0; place < good.length + bad.length; place++) {
    if (!badPlaces.has(place)) {
      attempts.push(good[next++] as Attempt);
      continue;
    }
    const old = backup?.attempts[place];
    if (old && !ids.has(old.id)) {
      attempts.push(old);
      ids.add(old.id);
      recovered++;
    }
  }
  return { attempts, recovered };
}

/** What reading progress.json or its backup found. */
type Candidate =
  | { kind: 'missing' }
  | { kind: 'unreadable'; reason: string }
  | { kind: 'bad'; error: string; future: boolean }
  | {
      kind: 'good';
      progress: Progress;
      migratedFrom: number | null;
      bad: BadAttempt[];
      /** Why its profile could not be read (it reads as none); null when it has none or a good one. */
      badProfile: string | null;
      /**
       * Fields of the file that its version does not have, not read (a version-1 file's `profile`): the
       * file is kept aside as it was, not rewritten without them.
       */
      notRead: string[];
      /**
       * What a save would change of a file read whole: fields this app does not know (a hand edit, a later
       * app), bytes that are not UTF-8 (read as U+FFFD). The file is kept aside as it was.
       */
      notKept: string[];
    };

type Good = Extract<Candidate, { kind: 'good' }>;

const FOLDER: Candidate = { kind: 'bad', error: 'it is a folder, not a file', future: false };

/** A file read in full: every attempt, its profile, and nothing its version does not have. */
const whole = (c: Good) =>
  c.bad.length === 0 && c.badProfile === null && c.notRead.length === 0 && c.notKept.length === 0;

/** Whether the student is asked for their name and id again: the file's could not be read. */
const asksProfile = (c: Good) =>
  c.badProfile !== null || (c.notRead.length > 0 && c.progress.profile === null);

/** Why a file could be read only in part: the attempts that could not be read, its profile. */
function partlyWhy(c: Good): string {
  const { bad } = c;
  const parts: string[] = [];
  if (bad.length) {
    const total = c.progress.attempts.length + bad.length;
    const first = bad[0] as BadAttempt;
    parts.push(
      `${count(bad.length, 'attempt')} of ${total} could not be read (${first.error}${bad.length > 1 ? `, and ${bad.length - 1} more` : ''})`,
    );
  }
  if (c.badProfile !== null) parts.push(`your name and student id could not be used (${c.badProfile})`);
  parts.push(...c.notRead, ...c.notKept);
  return parts.join(', and ');
}

/**
 * What the student is asked to do about a profile that could not be read: the app starts without one,
 * so it asks for it (and gives the guest variants of the exercises until it has it).
 */
const ENTER_PROFILE = 'Please enter your name and student id again.';

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

  async function readCandidate(path: string): Promise<Candidate> {
    const read = await readProgressText(path);
    switch (read.kind) {
      case 'missing':
        return { kind: 'missing' };
      case 'folder':
        return FOLDER;
      // Read whole, a pipe would keep the app waiting at start for a writer that never comes.
      case 'special':
        return { kind: 'bad', error: 'it is not a regular file (a pipe or a device)', future: false };
      // Read whole, a file of hundreds of MB (zeros, a disk image) cannot become a string: every load and
      // save failed as if the folder could not be read, until the student deleted the file by hand.
      case 'too-large':
        return {
          kind: 'bad',
          error: `it is ${tooLargeText(read.bytes, { atLeast: read.growing })}`,
          future: false,
        };
      // Blank, or saved as UTF-16 (Notepad's "Unicode"), said as grading says it.
      case 'not-text':
        return { kind: 'bad', error: `it ${read.problem}`, future: false };
      // Permissions, a lock held by another program, too many open files: these may pass, and the file
      // may be fine: it must not be moved aside.
      case 'error':
        return { kind: 'unreadable', reason: reason(read.error) };
      case 'text':
        break;
    }
    const text = read.text;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return { kind: 'bad', error: `it is not valid JSON: ${describeJsonError(text)}`, future: false };
    }
    // JSON.parse keeps the last copy of a repeated key: a second "attempts" list pasted in to merge two
    // computers' work would load as that list alone, and the next save would write the first one away.
    // Kept aside whole instead, as any file that cannot be read as it stands.
    const repeated = findRepeatedKey(text);
    if (repeated)
      return {
        kind: 'bad',
        error: `${repeatedKeyText(text, repeated)}: only the second copy would be read, and what the first holds lost (keep one copy, holding what both should)`,
        future: false,
      };
    const parsed = parseProgressKeepingGood(data);
    if (!parsed.ok) return { kind: 'bad', error: parsed.error, future: parsed.problem === 'future-version' };
    return {
      kind: 'good',
      progress: parsed.value,
      migratedFrom: parsed.migratedFrom,
      bad: parsed.bad,
      badProfile: parsed.badProfile,
      notRead: parsed.notRead,
      notKept: [
        ...(read.strayLine === null ? [] : [`the file ${notUtf8Text(read.strayLine)}`]),
        ...parsed.unknown,
      ],
    };
  }

  function refuseUnreadable(path: string, why: string): never {
    throw new Error(
      `Your progress file (${path}) could not be read: ${why}. It was left as it is, and nothing will be saved over it: check that you can read and write the folder ${dir} (and that no other program holds the file), then try again.`,
    );
  }

  async function moveAside(path: string, why: string): Promise<string> {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    let target = join(dir, `progress.corrupt-${stamp}.json`);
    for (let i = 1; await exists(target); i++) target = join(dir, `progress.corrupt-${stamp}-${i}.json`);
    try {
      await rename(path, target);
    } catch (err) {
      throw new Error(
        `Your progress file (${path}) could not be used (${why}) nor moved aside to keep it: ${reason(err)}. Nothing was changed: check that you can write to the folder ${dir}, then try again.`,
        { cause: err },
      );
    }
    return target;
  }

  async function keepAsBackup(): Promise<void> {
    // The file being replaced was written by this same procedure, so it is good.
    if (!(await exists(file))) return;
    const bakTmp = `${backup}.tmp-${process.pid}`;
    try {
      await copyFile(file, bakTmp, constants.COPYFILE_FICLONE);
      // The copy takes the file's mode: from a read-only progress.json, a read-only copy that cannot be
      // opened to flush, which failed every save.
      await chmod(bakTmp, 0o600);
      await fsyncFile(bakTmp);
      await rename(bakTmp, backup);
    } catch (err) {
      await unlink(bakTmp).catch(() => {});
      throw err;
    }
  }

  async function writeAtomically(progress: Progress): Promise<void> {
    try {
      await mkdir(dir, { recursive: true });
      await writeFileSafely(file, progressText(progress), `-${tmpCounter++}`, keepAsBackup);
    } catch (err) {
      throw new Error(
        `Your progress could not be saved to ${file}: ${reason(err)}. Check that you can write to the folder ${dir} and that its disk is not full; what was saved before is unchanged.`,
        { cause: err },
      );
    }
  }

  /** The backup's progress when every attempt in it can be read, for restoring attempts by their place. */
  async function wholeBackup(): Promise<Progress | null> {
    const bak = await readCandidate(backup);
    return bak.kind === 'good' && bak.bad.length === 0 ? bak.progress : null;
  }

  /**
   * A file with some attempts or its profile that cannot be read: the rest loaded (an attempt that cannot
   * be read taken from the backup where it has it; a profile, never: the student enters it again), and
   * the file as it was kept aside.
   */
  async function loadWhatCanBeRead(main: Good): Promise<LoadResult> {
    const why = partlyWhy(main);
    const fromBackup = await wholeBackup();
    const moved = await moveAside(file, why);
    const { attempts, recovered } = recoverFromBackup(main.progress.attempts, main.bad, fromBackup);
    current = { ...main.progress, attempts };
    await writeAtomically(current);
    const n = main.progress.attempts.length;
    const restored = recovered
      ? `; ${count(recovered, 'attempt')} of those restored from the backup (${backup})`
      : '';
    const loaded = main.bad.length
      ? `The other ${count(n, 'attempt')} ${n === 1 ? 'was' : 'were'} loaded${restored}.`
      : `Your answers were kept (${count(n, 'attempt')} loaded).`;
    const ask = asksProfile(main) ? ` ${ENTER_PROFILE}` : '';
    return {
      progress: current,
      notices: [
        `In your progress file (${file}), ${why}. ${loaded}${ask} The file as it was is kept, not deleted, at ${moved}.`,
      ],
    };
  }

  async function load(): Promise<LoadResult> {
    const notices: string[] = [];
    const main = await readCandidate(file);
    if (main.kind === 'unreadable') refuseUnreadable(file, main.reason);
    if (main.kind === 'good' && !whole(main)) return loadWhatCanBeRead(main);
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
    // Read before the file is moved: a backup that cannot be read now must not be written over later.
    const bak = await readCandidate(backup);
    if (bak.kind === 'unreadable') refuseUnreadable(backup, bak.reason);
    if (main.kind === 'bad') {
      const moved = await moveAside(file, main.error);
      notices.push(
        main.future
          ? `Your progress file (${file}) was written by a newer version of Flushpoint: ${main.error}. It was moved, unchanged, to ${moved} so that version can still read it.`
          : `Your progress file (${file}) could not be used: ${main.error}. It was moved, not deleted, to ${moved}.`,
      );
    }
    if (bak.kind === 'good') {
      // A backup read only in part is moved aside as it was once what can be read of it is restored: left
      // in place, the next save but one would write the new backup over it.
      const partly = whole(bak) ? null : partlyWhy(bak);
      const moved = partly === null ? null : await moveAside(backup, partly);
      current = bak.progress;
      await writeAtomically(current);
      const n = count(current.attempts.length, 'attempt');
      if (partly !== null) {
        const ask = asksProfile(bak) ? ` ${ENTER_PROFILE}` : '';
        notices.push(
          `${main.kind === 'bad' ? 'Your progress was' : 'The progress file was missing; your progress was'} restored from the backup (${backup}) as far as it could be read: ${n}. In the backup, ${partly}.${ask} The backup as it was is kept, not deleted, at ${moved}.`,
        );
      } else if (main.kind === 'bad')
        notices.push(`Your progress was restored from the backup (${backup}): ${n}.`);
      else
        notices.push(
          `The progress file was missing; your progress was restored from the backup (${backup}).`,
        );
      return { progress: current, notices };
    }
    if (bak.kind !== 'missing') {
      // Moved too: left in place, the next save but one would write the new backup over it.
      const error = bak.error;
      const moved = await moveAside(backup, error);
      notices.push(
        `The backup (${backup}) could not be used${main.kind === 'bad' ? ' either' : ''}: ${error}. It was moved, not deleted, to ${moved}. Starting with empty progress.`,
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
        try {
          await writeFileSafely(target, progressText(progress));
        } catch (err) {
          throw new Error(
            `The copy could not be saved to ${target}: ${reason(err)}. Check that you can write to the folder ${dirname(target)}, or choose another.`,
            { cause: err },
          );
        }
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
