#!/usr/bin/env node
// Runs the TypeScript CLI straight from a checkout (no build step): tsx compiles on the fly.
import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// A reader that stops early (`flushpoint simulate big.yaml | head`) closes the pipe: that is not an
// error of ours, so stop quietly, as other command-line tools do, rather than with a stack trace.
// Any other failure to write (a full disk: ENOSPC) loses the output: said in one line, exit 1, as a
// file that cannot be read is.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  process.stderr.write(`flushpoint: cannot write the output: ${errorWords(e)}\n`);
  process.exit(1);
});
// With stderr gone there is nowhere left to say anything.
process.stderr.on('error', (e) => process.exit(e.code === 'EPIPE' ? 0 : 1));

// "no space left on device (ENOSPC)": src/cli/error-words.ts, loaded once tsx is registered (below);
// nothing is written before then, so nothing can fail to be written.
let errorWords = (e) => e.code ?? String(e.message ?? e);

// `npm run flushpoint -- grade alice.json` runs this script from the package's folder, not the user's:
// npm moves there and keeps the folder it was started in as INIT_CWD. Move back, so that relative paths
// on the command line are the user's. The labs this copy ships are found from this file, not the cwd.
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const real = (p) => {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
};
const initCwd = process.env.INIT_CWD;
if (
  initCwd &&
  process.env.npm_lifecycle_script?.includes('flushpoint.mjs') &&
  real(process.cwd()) === real(root) &&
  real(initCwd) !== real(root)
) {
  try {
    process.chdir(initCwd);
  } catch (err) {
    process.stderr.write(
      `flushpoint: cannot go back to ${initCwd} (${err.code ?? err}): paths are read from ${root}\n`,
    );
  }
}

register();
({ errorWords } = await import('../src/cli/error-words.ts'));
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
