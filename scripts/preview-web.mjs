#!/usr/bin/env node
/**
 * `npm run preview:web`: the app's UI in a local browser, for machines without the Electron binary.
 * Builds with `electron-vite build`, then serves out/renderer on http://127.0.0.1:5199 with the same
 * Content-Security-Policy header as app:// (src/ipc/csp.ts). Progress is kept in
 * ~/.local/share/flushpoint-preview ($XDG_DATA_HOME/flushpoint-preview when set), apart from the app's.
 *
 * A plain browser has no window.api (the preload), so the IPC contract is offered over HTTP instead, and
 * the renderer's api.ts falls back to it when window.api is missing. Nothing is injected into the page.
 *
 *   POST /api/<channel>              e.g. POST /api/labs:get   (the channel may be URL-encoded)
 *   Content-Type: application/json   required
 *   request body:  {"args": [...]}   the arguments of the window.api method, in order ([] for none)
 *   response body: the IpcResult JSON, exactly what window.api resolves to:
 *                  {"ok": true, "value": ...} or {"ok": false, "error": "..."}
 *
 * Every call goes through dispatch() of src/main/ipc.ts (channel and argument validation, errors as data)
 * to the handlers of src/node/handlers.ts, like in Electron. Status 200 carries dispatch()'s result, ok
 * or not; a malformed request gets 400/405/413/415, and a request whose Host or Origin is not this server
 * 403 (other sites and DNS rebinding); those bodies are IpcResult JSON too, with ok: false.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const HOST = '127.0.0.1';
const PORT = Number(process.env.FLUSHPOINT_PREVIEW_PORT ?? 5199);
const say = (msg) => console.error(`preview:web: ${msg}`);

const isWindows = process.platform === 'win32';
const build = spawnSync(
  join(ROOT, 'node_modules', '.bin', isWindows ? 'electron-vite.cmd' : 'electron-vite'),
  ['build'],
  {
    cwd: ROOT,
    stdio: 'inherit',
    shell: isWindows,
  },
);
if (build.status !== 0) {
  say(`the build failed${build.error ? ` (${build.error.message})` : ''}; see above.`);
  process.exit(1);
}

register();
const { createPreviewServer } = await import('./preview-server.ts');
const { createHandlers } = await import('../src/node/handlers.ts');

const dataHome = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
const userDataDir = join(dataHome, 'flushpoint-preview');
mkdirSync(userDataDir, { recursive: true });
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const handlers = createHandlers({
  labsDir: join(ROOT, 'labs'),
  userDataDir,
  appInfo: { version, electron: null, chrome: null, platform: process.platform },
  // A browser page cannot open a save dialog on this machine: copies go beside the preview's progress.
  chooseSaveFile: async (_kind, name) => {
    mkdirSync(join(userDataDir, 'exports'), { recursive: true });
    return join(userDataDir, 'exports', name);
  },
  openFolder: async () => 'this browser preview cannot open a file manager; the folder is named above',
  // Nor an open dialog: the instructor names the files in FLUSHPOINT_PREVIEW_GRADE (separated like PATH).
  chooseProgressFiles: async () => {
    const files = (process.env.FLUSHPOINT_PREVIEW_GRADE ?? '').split(delimiter).filter(Boolean);
    if (files.length === 0)
      throw new Error(
        'this browser preview cannot show a file dialog: start it with FLUSHPOINT_PREVIEW_GRADE naming the progress files, or run flushpoint grade',
      );
    return files;
  },
});

const server = createPreviewServer({
  root: join(ROOT, 'out', 'renderer'),
  handlers,
  log: (msg) => say(msg),
});
server.on('error', (err) => {
  say(
    err.code === 'EADDRINUSE'
      ? `port ${PORT} is in use (another preview running?). Stop it, or set FLUSHPOINT_PREVIEW_PORT.`
      : `the server failed: ${err.message}`,
  );
  process.exit(1);
});
server.listen(PORT, HOST, () => {
  console.log(`Flushpoint preview: http://${HOST}:${PORT}/  (progress in ${userDataDir}; Ctrl+C to stop)`);
});
