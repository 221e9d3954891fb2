/** Whether a path lies inside a folder, for confining what a lab or the app:// protocol may read. */
import { isAbsolute, relative, sep } from 'node:path';

/**
 * Strictly inside `dir` (not `dir` itself). A name that merely starts with two dots (`..notes.md`) is
 * inside: only a `..` segment leads out.
 */
export function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}
