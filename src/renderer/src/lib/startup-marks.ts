/**
 * User-timing marks of startup: read by `npm run bench` (time to an interactive sandbox beside an empty
 * Svelte page, which calls the same function) and shown in DevTools' performance panel.
 */
export const MOUNTED = 'flushpoint:mounted';
export const FIRST_FRAME = 'flushpoint:first-frame';

/** Call right after mount(). */
export function markStartup(): void {
  performance.mark(MOUNTED);
  // A frame callback runs before the first frame with the mounted UI is painted; a task queued from it
  // runs once that frame is done and the main thread is free to take input: the page is interactive.
  requestAnimationFrame(() => setTimeout(() => performance.mark(FIRST_FRAME), 0));
}
