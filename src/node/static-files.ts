/**
 * Resolves a request path to a file under the renderer's root, refusing anything that could leave it.
 * Shared by main's app:// handler and the e2e server, so both serve exactly the same files.
 */
import { readFile, realpath } from 'node:fs/promises';
import { extname, join, normalize, relative } from 'node:path';
import { isInside } from './inside.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

/** The file for a URL pathname (`/` is index.html), or null when it would escape `root` or is malformed. */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const rel = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  if (rel.split('/').some((part) => part === '..')) return null;
  const full = normalize(join(root, rel));
  const back = relative(root, full);
  if (back !== '' && !isInside(root, full)) return null;
  return full;
}

/** Reads a static file: its bytes and content type, or a status when refused or missing. */
export async function readStatic(
  root: string,
  urlPath: string,
): Promise<{ status: 200; body: Buffer; type: string } | { status: 403 | 404 }> {
  const file = resolveStaticPath(root, urlPath);
  if (!file) return { status: 403 };
  try {
    // The path stays inside the root, but a link there could point anywhere: what it resolves to must be
    // inside the root too. (Electron's fs resolves inside app.asar as well.)
    if (!isInside(await realpath(root), await realpath(file))) return { status: 403 };
    const body = await readFile(file);
    return { status: 200, body, type: TYPES[extname(file)] ?? 'application/octet-stream' };
  } catch {
    return { status: 404 };
  }
}
