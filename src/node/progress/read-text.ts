/**
 * A progress file's text as the app's store (src/node/progress/store.ts) and grading
 * (src/node/grade-files.ts) both read it, so that a student and their instructor are told the same thing
 * of the same file. Each says it in its own words: the store moves a bad file aside and keeps a file it
 * cannot read now; grading lists either as not graded.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { MAX_PROGRESS_BYTES, textProblem } from '../../lab/progress/file-text.ts';
import { strayByteLine } from '../../sim/text-encoding.ts';
import { readCappedAsync } from '../read-capped.ts';

/** What reading a progress file found. */
export type ProgressText =
  /**
   * `strayLine`: where its bytes are not UTF-8 (Latin-1, or another 8-bit encoding: an editor's), the line
   * of the first such byte, read as U+FFFD; null for UTF-8. The JSON reads, so the file is not refused for
   * it, but a name "José" would read "Jos�": each reader says so.
   */
  | { kind: 'text'; text: string; strayLine: number | null }
  | { kind: 'missing' }
  | { kind: 'folder' }
  /** A pipe or a device: read whole, a pipe waits for a writer that never comes, /dev/zero never ends. */
  | { kind: 'special' }
  /** Over MAX_PROGRESS_BYTES: `bytes` its size, or how many had come when the read stopped (`growing`). */
  | { kind: 'too-large'; bytes: number; growing: boolean }
  /** Blank, zero-filled or not UTF-8 (textProblem's words, to follow "it" or the file's name). */
  | { kind: 'not-text'; problem: string }
  /** The system would not let it be read now (permissions, a lock, too many open files…). */
  | { kind: 'error'; error: NodeJS.ErrnoException };

/**
 * Reads one progress file: a regular file of at most MAX_PROGRESS_BYTES, a byte-order mark taken off.
 * Opened without blocking (O_NONBLOCK is POSIX's) and looked at once open, so a pipe is never waited
 * on, and read a piece at a time, so a file growing since its size was read is still refused.
 */
export async function readProgressText(path: string): Promise<ProgressText> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    const error = err as NodeJS.ErrnoException;
    if (error.code === 'ENOENT') return { kind: 'missing' };
    // Windows opens no folder as a file: it says EISDIR or EPERM where POSIX opens it.
    if (error.code === 'EISDIR') return { kind: 'folder' };
    return { kind: 'error', error };
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) return { kind: 'folder' };
    if (!info.isFile()) return { kind: 'special' };
    // Read whole, a file of hundreds of MB (zeros, a disk image) cannot even become a string.
    if (info.size > MAX_PROGRESS_BYTES) return { kind: 'too-large', bytes: info.size, growing: false };
    const read = await readCappedAsync(handle, MAX_PROGRESS_BYTES);
    if ('over' in read) return { kind: 'too-large', bytes: read.over, growing: true };
    // Saved by an editor that writes a byte-order mark: JSON.parse refuses it, the file is fine without.
    const text = read.text.replace(/^\uFEFF/, '');
    // Blank, or saved as UTF-16 (Notepad's "Unicode", PowerShell 5's >): JSON.parse would only say
    // "unexpected "�"" at line 1.
    const problem = textProblem(text);
    if (problem) return { kind: 'not-text', problem };
    return { kind: 'text', text, strayLine: read.utf8 ? null : (strayByteLine(text) ?? 1) };
  } catch (err) {
    return { kind: 'error', error: err as NodeJS.ErrnoException };
  } finally {
    await handle.close();
  }
}

/** What to say of a progress file whose bytes are not all UTF-8, to follow "it" or the file's name. */
export const notUtf8Text = (line: number): string =>
  `is not UTF-8 text (a byte that is no character at line ${line}; Latin-1 or another 8-bit encoding?): read with U+FFFD (�) in its place`;
