/**
 * The window opens where and as large as it was closed: its bounds and maximised state saved in the
 * user-data folder. A saved place that no display shows any more (a monitor unplugged) or a file that is
 * not ours is ignored, never trusted: the window then opens at its default size, centred.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Bounds;
  maximized: boolean;
}

/** The file, in the user-data folder. */
export const WINDOW_STATE_FILE = 'window.json';

/** At least this much of the window must lie on a display to open it there. */
const VISIBLE = 100;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 1e6;

/** A saved state, or null when the text is not one (missing fields, wrong types, absurd sizes). */
export function parseWindowState(text: string): WindowState | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const { bounds, maximized } = data as { bounds?: Partial<Bounds>; maximized?: unknown };
  if (!bounds || typeof maximized !== 'boolean') return null;
  const { x, y, width, height } = bounds;
  if (!isInt(x) || !isInt(y) || !isInt(width) || !isInt(height) || width <= 0 || height <= 0) return null;
  return { bounds: { x, y, width, height }, maximized };
}

/**
 * The saved bounds if enough of them lies on one of the displays' work areas, grown to the window's
 * minimum size; else null (open at the default place).
 */
export function placeOnDisplays(
  saved: Bounds,
  workAreas: readonly Bounds[],
  min: { width: number; height: number },
): Bounds | null {
  const b = { ...saved, width: Math.max(saved.width, min.width), height: Math.max(saved.height, min.height) };
  const onSome = workAreas.some((a) => {
    const w = Math.min(b.x + b.width, a.x + a.width) - Math.max(b.x, a.x);
    const h = Math.min(b.y + b.height, a.y + a.height) - Math.max(b.y, a.y);
    return w >= VISIBLE && h >= VISIBLE;
  });
  return onSome ? b : null;
}

/** The saved state, or null when there is none or it cannot be read. */
export async function readWindowState(path: string): Promise<WindowState | null> {
  try {
    return parseWindowState(await readFile(path, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Saves the state whole or not at all. Synchronous: it runs as the window closes, and the app may quit
 * right after, before a promise would settle.
 */
export function saveWindowState(path: string, state: WindowState): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(state)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}
