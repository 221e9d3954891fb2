#!/usr/bin/env node
// Runs the TypeScript CLI straight from a checkout (no build step): tsx compiles on the fly.
import { register } from 'tsx/esm/api';

// A reader that stops early (`flushpoint simulate big.yaml | head`) closes the pipe: that is not an
// error of ours, so stop quietly, as other command-line tools do, rather than with a stack trace.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
