/**
 * Whole-file writes for everything the app saves on the student's disk (progress, its backup, the copy
 * for the instructor, a scenario file): a file is either the old one or the new one, never half of each.
 */
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes a whole file or nothing: a temp file beside it (named with `tmpSuffix`), synced, then renamed
 * over it and the folder synced; `beforeReplace` runs once the new text is safe and the old file still
 * there (the store keeps that one as its backup).
 */
export async function writeFileSafely(
  path: string,
  text: string,
  tmpSuffix = '',
  beforeReplace: () => Promise<void> = async () => {},
): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}${tmpSuffix}`;
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  await beforeReplace();
  await rename(tmp, path);
  await fsyncPath(dirname(path));
}

export async function fsyncPath(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
