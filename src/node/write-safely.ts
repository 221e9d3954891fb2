/**
 * Whole-file writes for everything the app saves on the student's disk (progress, its backup, the copy
 * for the instructor, a scenario file): a file is either the old one or the new one, never half of each.
 */
import { open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes a whole file or nothing: a temp file beside it (named with `tmpSuffix`), synced, then renamed
 * over it and the folder synced; `beforeReplace` runs once the new text is safe and the old file still
 * there (the store keeps that one as its backup). A write that fails leaves no temp file behind; one
 * cut short by a crash does, and the progress store removes those by this name (store.ts, LEFTOVER).
 * `path` is written as it is: a caller that follows a link passes where it leads, so that the temp file
 * is in that folder and the rename stays within one file system.
 */
export async function writeFileSafely(
  path: string,
  text: string,
  tmpSuffix = '',
  beforeReplace: () => Promise<void> = async () => {},
): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}${tmpSuffix}`;
  try {
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await beforeReplace();
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
  await fsyncDir(dirname(path));
}

/**
 * Flushes a file to disk. Through a handle that may write: Windows refuses to flush a read-only one
 * (EPERM), which failed every save after the first there.
 */
export async function fsyncFile(path: string): Promise<void> {
  const fh = await open(path, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Codes with which a platform says it cannot flush a folder (Windows cannot open one at all). */
const NO_DIR_SYNC = new Set(['EPERM', 'EISDIR', 'EINVAL', 'ENOTSUP', 'EACCES']);

/**
 * Flushes a folder, so that a rename in it survives a crash, where the platform can: the file itself is
 * already whole and in place, so a platform that cannot (Windows, some network file systems) is no error.
 */
export async function fsyncDir(path: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const fh = await open(path, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch (err) {
    if (!NO_DIR_SYNC.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
  }
}
