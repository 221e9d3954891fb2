#!/usr/bin/env node
// `npm start`: builds the app, makes sure the Electron binary is there (Electron 42+ downloads it lazily,
// on first use), and runs the app. Where the binary cannot be downloaded it says so plainly, with what to
// do instead, and exits 1.
//
// Never `require('electron')` here: when the binary is missing, that call itself starts the download.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ELECTRON_DIR = join(ROOT, 'node_modules', 'electron');
const isWindows = process.platform === 'win32';
const say = (msg) => console.error(`start: ${msg}`);

/** The name of the executable inside an Electron dist folder (what node_modules/electron/install.js writes). */
function platformExecutable() {
  if (process.platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return isWindows ? 'electron.exe' : 'electron';
}

/** Where the Electron binary is, or would be, following node_modules/electron/index.js without its download. */
function electronBinary() {
  const pathFile = join(ELECTRON_DIR, 'path.txt');
  const recorded = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) return join(override, recorded || platformExecutable());
  return join(ELECTRON_DIR, 'dist', recorded || platformExecutable());
}

function run(command, args, options = {}) {
  say(`${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', shell: isWindows, ...options });
  if (result.error) say(`could not run ${command}: ${result.error.message}`);
  return result.status ?? 1;
}

function bin(name) {
  return join(ROOT, 'node_modules', '.bin', isWindows ? `${name}.cmd` : name);
}

// 1. Build main, preload and renderer into out/.
if (run(bin('electron-vite'), ['build']) !== 0) {
  say('the build failed (see above); fix it and run `npm start` again.');
  process.exit(1);
}

// 2. The Electron binary: present, or downloaded now.
let binary = electronBinary();
if (!existsSync(binary)) {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    say(
      `ELECTRON_OVERRIDE_DIST_PATH is set to ${process.env.ELECTRON_OVERRIDE_DIST_PATH}, but there is no Electron at ${binary}.\n` +
        '  Point it at the folder that holds the electron executable, or unset it to download Electron.',
    );
    process.exit(1);
  }
  say(`the Electron binary is missing (${binary}); downloading it (install-electron) ...`);
  // The `install-electron` bin of the electron package, run directly (what `npx install-electron` runs).
  const status = run(process.execPath, [join(ELECTRON_DIR, 'install.js')]);
  binary = electronBinary();
  if (status !== 0 || !existsSync(binary)) {
    say(
      [
        `install-electron failed (exit code ${status}): the Electron binary could not be downloaded`,
        '  (no network, or github.com / the Electron mirror is unreachable).',
        '',
        '  The app is built (out/), only the Electron binary is missing. To go on:',
        '    - run `npm start` again on a machine or network with internet access; or',
        '    - set ELECTRON_OVERRIDE_DIST_PATH to the folder of an Electron you already have',
        '      (the one holding the `electron` executable), then run `npm start` again; or',
        '    - run `npm run preview:web` to open the same UI in a local browser (http://127.0.0.1:5199).',
      ].join('\n'),
    );
    process.exit(1);
  }
}

// 3. Run the app: Electron loads package.json's "main" (out/main/index.js).
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
say(`${binary} .`);
const app = spawnSync(binary, ['.', ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit', env });
if (app.error) {
  say(`could not start Electron (${binary}): ${app.error.message}`);
  process.exit(1);
}
process.exit(app.status ?? 1);
