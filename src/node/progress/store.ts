/**
 * The progress store: one JSON file in the app's user-data folder, written so that a crash at any moment
 * leaves either the old or the new file (temp file, fsync, rename, fsync the folder), with the last good
 * file kept as a backup. A damaged file is moved aside, never deleted, and the student is told; one the
 * system will not let us read now (permissions, a lock, a link to a drive not connected) is left alone,
 * and loading and saving refuse. A progress.json that is a link (to a synced folder, a USB stick) is
 * read and written through: the temp file goes beside the file it leads to, so the rename stays atomic.
 */
import { constants } from 'node:fs';
import {
  chmod,
  copyFile,
  lstat,
  mkdir,
  readdir,
  readlink,
  realpath,
  rename,
  stat,
  unlink,
} from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import {
  parseAttempt,
  parseProfile,
  parseProgressKeepingGood,
  progressText,
  type BadAttempt,
} from '../../lab/progress/schema.ts';
import { emptyProgress, type Attempt, type Progress } from '../../lab/progress/types.ts';
import { describeJsonError } from '../../lab/json-error.ts';
import {
  findRepeatedKey,
  MAX_PROGRESS_BYTES,
  MAX_PROGRESS_TEXT,
  megabytes,
  repeatedKeyText,
  tooLargeText,
} from '../../lab/progress/file-text.ts';
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
  EISDIR: 'a folder is where a file should be',
  ELOOP: 'a link leads round in a circle',
};

/** Why a file operation failed, in words and with the code a helper can look up. */
/** What a student can do about a failed save, by its cause: the advice fits what went wrong. */
function whatToDo(err: unknown, folder: string): string {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'EISDIR':
      return 'Move or rename that folder (Flushpoint did not make it), then retry';
    case 'ENOSPC':
    case 'EDQUOT':
      return `Free some space on the disk of ${folder}, then retry`;
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `Check that you can write to the folder ${folder}, then retry`;
    default:
      return `Check that you can write to the folder ${folder} and that its disk is not full`;
  }
}

function reason(err: unknown): string {
  const error = err as NodeJS.ErrnoException & { dest?: string };
  const code = error.code;
  if (!code) return String((err as Error).message ?? err);
  // Which folder is in the way: a rename's error names the temp file first, the folder as `dest`.
  const where = code === 'EISDIR' && (error.dest ?? error.path) ? `: ${error.dest ?? error.path}` : '';
  return REASONS[code] ? `${REASONS[code]}${where} (${code})` : code;
}

/**
 * Temp files of a save cut short (the app stopped or the computer went off mid-save), by the names
 * writeFileSafely and keepAsBackup give them: progress.json.tmp-PID-N, progress.json.bak.tmp-PID.
 */
const LEFTOVER = /^progress\.json(?:\.tmp-(\d+)-\d+|\.bak\.tmp-(\d+))$/;

/** Whether a process of that id runs now (EPERM: it runs, as another user). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Where progress.json's text is: the file itself, or, when it is a link, the file the link leads to. */
interface Live {
  path: string;
  /** Whether progress.json is a link (`path` is then where it leads, every link followed). */
  linked: boolean;
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
  /** `repairable`: text whose fault an editor can mend (bad JSON, a key twice, a field), not a folder, a device, a file too large or one from a newer version. */
  | { kind: 'bad'; error: string; future: boolean; repairable?: boolean }
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

  /**
   * Where progress.json is read and written: followed when it is a link, so that the copy it leads to (a
   * synced folder, a USB stick) keeps being the one saved; replaced, it would silently stop being updated.
   * A link that leads nowhere (a drive not connected) is refused, as a file that cannot be read now is:
   * read as no file, it started the student with empty progress, and the first save replaced the link.
   */
  async function liveFile(): Promise<Live> {
    try {
      if (!(await lstat(file)).isSymbolicLink()) return { path: file, linked: false };
    } catch {
      // No file, or one that cannot be looked at: reading it says which.
      return { path: file, linked: false };
    }
    let target = file;
    try {
      target = resolve(dir, await readlink(file));
      return { path: await realpath(file), linked: true };
    } catch (err) {
      const why =
        (err as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'which is not there (is the drive or the synced folder it is on connected?)'
          : `which cannot be followed: ${reason(err)}`;
      throw new Error(
        `Your progress file (${file}) is a link to ${target}, ${why}. The link was left as it is, and nothing will be saved over it: make ${target} available, or put your progress file in the place of the link, then try again.`,
        { cause: err },
      );
    }
  }

  /**
   * Removes the temp files of saves cut short: each may be as large as the progress file, and their
   * names hold the id of a process that is gone, so none is ever written over. Only the store's own temp
   * names, and only of processes no longer running: one still running (this one, another copy of the app
   * left open) may be in the middle of a save. Never the live file nor the backup, which no rename had
   * yet replaced. Not in a linked file's folder: a synced folder may hold another computer's save.
   */
  async function removeLeftovers(): Promise<void> {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      const match = LEFTOVER.exec(name);
      if (!match) continue;
      const pid = Number(match[1] ?? match[2]);
      if (pid === process.pid || running(pid)) continue;
      await unlink(join(dir, name)).catch(() => {});
    }
  }

  /**
   * A backup that is not a file (a folder in its place) made every save fail, as the new backup is renamed
   * into its place: set aside at load as a bad backup is. A link is left: that rename replaces the link,
   * not what it leads to.
   */
  async function setAsideOddBackup(): Promise<string | null> {
    const info = await lstat(backup).catch(() => null);
    if (!info || info.isFile() || info.isSymbolicLink()) return null;
    const why = info.isDirectory()
      ? 'it is a folder, not a file'
      : 'it is not a regular file (a pipe or a device)';
    const moved = await moveAside(backup, why);
    return `The backup (${backup}) could not be used: ${why}. It was moved, not deleted, to ${moved}. Your progress file is fine, and the next save makes a new backup.`;
  }

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
        return { kind: 'bad', error: `it ${read.problem}`, future: false, repairable: true };
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
      return {
        kind: 'bad',
        error: `it is not valid JSON: ${describeJsonError(text)}`,
        future: false,
        repairable: true,
      };
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
        repairable: true,
      };
    const parsed = parseProgressKeepingGood(data);
    if (!parsed.ok) {
      const future = parsed.problem === 'future-version';
      return { kind: 'bad', error: parsed.error, future, repairable: !future };
    }
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

  /**
   * The backup is the file as it was before the last save (keepAsBackup): restored, the last answer
   * saved may be missing, and said so, with where it still is. (It read as a full recovery: a student's
   * solved exercise went missing from the lab, Results and the grade, with nothing to tell.)
   */
  const behind = (moved: string): string =>
    `The backup is your progress as it was before your last save, so what you saved last may be missing from it. It is still in ${moved}: repaired there (the notice above says what is wrong with it) and put back as ${file} while Flushpoint is closed, nothing is lost; your instructor can help.`;

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
    const text = progressText(progress);
    // Written, a file over the limit would be refused at the next start, and its backup after it: the
    // student would start with no attempts although every save had said saved.
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > MAX_PROGRESS_BYTES)
      throw new Error(
        `Your progress could not be saved to ${file}: with this change the file would be ${megabytes(bytes)} (${bytes} bytes), more than a progress file may be (${MAX_PROGRESS_TEXT}), and Flushpoint could not read it back. Nothing already saved is lost: what was saved before is kept as it was. Save a copy for your instructor (Results, then "Save my progress for my instructor…") and ask them what to do.`,
      );
    const live = await liveFile();
    const where = live.linked ? `${file}, a link to ${live.path}` : file;
    try {
      await mkdir(dir, { recursive: true });
      await writeFileSafely(live.path, text, `-${tmpCounter++}`, keepAsBackup);
    } catch (err) {
      throw new Error(
        `Your progress could not be saved to ${where}: ${reason(err)}. ${whatToDo(err, dirname(live.path))}; what was saved before is unchanged.`,
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
  async function loadWhatCanBeRead(main: Good, live: Live, notices: string[]): Promise<LoadResult> {
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
        ...notices,
        `In your progress file (${shown(live)}), ${why}. ${loaded}${ask} The file as it was is kept, not deleted, at ${moved}.${linkMoved(live)}`,
      ],
    };
  }

  /** progress.json in a notice, with where it leads when it is a link. */
  const shown = (live: Live) => (live.linked ? `${file}, a link to ${live.path}` : file);

  /**
   * What a notice adds when progress.json, set aside, was a link: the link is moved, never the file it
   * leads to (a folder, a device, a file elsewhere is not the app's to move), and saving goes on here.
   */
  const linkMoved = (live: Live) =>
    live.linked
      ? ` Only the link was moved: ${live.path} was left as it is, and your progress is saved in ${file} from now on, not there.`
      : '';

  async function load(): Promise<LoadResult> {
    await removeLeftovers();
    const live = await liveFile();
    const notices: string[] = [];
    const main = await readCandidate(file);
    if (main.kind === 'unreadable') refuseUnreadable(file, main.reason);
    if (main.kind === 'good') {
      const odd = await setAsideOddBackup();
      if (odd) notices.push(odd);
    }
    if (main.kind === 'good' && !whole(main)) return loadWhatCanBeRead(main, live, notices);
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
    // Where a damaged file went, to say the backup may lack its last save (behind); '' when there is none
    // or it cannot be mended (a folder, a file from a newer version).
    let mendable = '';
    if (main.kind === 'bad') {
      const moved = await moveAside(file, main.error);
      if (main.repairable) mendable = moved;
      notices.push(
        (main.future
          ? `Your progress file (${shown(live)}) was written by a newer version of Flushpoint: ${main.error}. It was moved, unchanged, to ${moved} so that version can still read it.`
          : `Your progress file (${shown(live)}) could not be used: ${main.error}. It was moved, not deleted, to ${moved}.`) +
          linkMoved(live),
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
          `${main.kind === 'bad' ? 'Your progress was' : 'The progress file was missing; your progress was'} restored from the backup (${backup}) as far as it could be read: ${n}. In the backup, ${partly}.${ask} The backup as it was is kept, not deleted, at ${moved}.${mendable ? ` ${behind(mendable)}` : ''}`,
        );
      } else if (main.kind === 'bad')
        notices.push(
          `Your progress was restored from the backup (${backup}): ${n}.${mendable ? ` ${behind(mendable)}` : ''}`,
        );
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
