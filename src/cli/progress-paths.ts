/**
 * The progress files `flushpoint grade` is given: files named on the command line as they are, and a
 * folder (a USB stick of collected copies, a course's upload folder) read for the progress files in it
 * and its subfolders. A folder holds other things too (a README, a spreadsheet, the stick's own files):
 * those are skipped, each with a note saying why, so that the instructor can tell a student's file that
 * was left out from the stick's clutter.
 */
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_PROGRESS_BYTES } from '../lab/progress/file-text.ts';

/** How deep a folder is read: a stick sorted by class and then by student, and no deeper. */
const MAX_DEPTH = 4;

/** How much of a .json file too large to be a progress file is read to tell whether it claims to be one. */
const SNIFF_BYTES = 64 * 1024;

/** The names the app saves a progress file under: graded even when they cannot be read. */
const PROGRESS_NAME = /^(flushpoint-progress-.*|progress)\.json$/i;

export interface ProgressPaths {
  /** The files to grade, in order: each named file where it was named, each folder's in name order. */
  files: string[];
  /** What was skipped in folders, and why ("notes.txt is not a .json file"): said on stderr. */
  notes: string[];
  /** The folders given that held no progress file. */
  empty: string[];
}

/** Whether JSON text is an object with a "version" key and one of a progress file's own keys. */
function claimsProgress(text: string): boolean {
  const body = text.replace(/^\uFEFF/, '');
  if (!/^\s*\{/.test(body)) return false;
  try {
    const data: unknown = JSON.parse(body);
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
    return 'version' in data && ('attempts' in data || 'profile' in data || 'student' in data);
  } catch {
    // Damaged (cut short, edited by hand): the keys anywhere in it, so the copy is graded and named.
    return /"version"\s*:/.test(body) && /"(attempts|profile|student)"\s*:/.test(body);
  }
}

/**
 * Whether a .json file not named as the app names progress files looks like one: an object with a
 * "version" and an "attempts" (or "profile", or an old file's "student") key, in any order and anywhere in
 * the file: a copy saved again with its keys sorted has "version" last. A file that does not look like one
 * (a package.json, a spreadsheet's export) is skipped; one that does is graded, so a damaged copy is
 * named, not dropped. A file over a progress file's size limit is judged by its start, and if it looks
 * like one, graded, which names it as too large.
 */
export async function looksLikeProgress(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const n = size > MAX_PROGRESS_BYTES ? SNIFF_BYTES : size;
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    const text = buf.subarray(0, bytesRead).toString('utf8');
    if (size <= MAX_PROGRESS_BYTES) return claimsProgress(text);
    return (
      /^\s*\{/.test(text.replace(/^\uFEFF/, '')) && /"(version|attempts|profile|student)"\s*:/.test(text)
    );
  } finally {
    await fh.close();
  }
}

/** The progress files of one folder and its subfolders (to MAX_DEPTH), in name order, into `out`. */
async function walk(dir: string, depth: number, out: ProgressPaths): Promise<void> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const e of entries) {
    const path = join(dir, e.name);
    // Hidden files and folders: a stick's own (.Trashes, ._name copies macOS leaves), never a student's.
    if (e.name.startsWith('.')) continue;
    if (e.isDirectory()) {
      if (depth < MAX_DEPTH) await walk(path, depth + 1, out);
      else out.notes.push(`${path}: a folder more than ${MAX_DEPTH} levels down: not read`);
      continue;
    }
    if (!e.isFile()) {
      out.notes.push(`${path}: not a regular file: skipped`);
      continue;
    }
    if (!/\.json$/i.test(e.name)) {
      out.notes.push(`${path}: not a .json file, so not a progress file: skipped`);
      continue;
    }
    if (PROGRESS_NAME.test(e.name)) {
      out.files.push(path);
      continue;
    }
    let looks: boolean;
    try {
      looks = await looksLikeProgress(path);
    } catch (err) {
      out.notes.push(`${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}): skipped`);
      continue;
    }
    if (looks) out.files.push(path);
    else
      out.notes.push(
        `${path}: a .json file that is not a progress file (no "version" and "attempts"): skipped`,
      );
  }
}

/**
 * The files to grade from the paths given: a file as it is (whatever it is: grading names what is wrong
 * with it), a folder for the progress files in it. A path that does not exist is passed on as a file, for
 * grading to say it cannot be read, as it always has.
 */
export async function progressPaths(paths: readonly string[]): Promise<ProgressPaths> {
  const out: ProgressPaths = { files: [], notes: [], empty: [] };
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = (await stat(p)).isDirectory();
    } catch {
      // Not there, or not readable: grading says so, by name.
    }
    if (!isDir) {
      out.files.push(p);
      continue;
    }
    const before = out.files.length;
    await walk(p, 1, out);
    if (out.files.length === before) out.empty.push(p);
  }
  return out;
}
