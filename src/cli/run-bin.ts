/** For the CLI's tests: runs bin/flushpoint.mjs as a child process, as a user's shell would. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'flushpoint.mjs');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `node bin/flushpoint.mjs ARGS` in `cwd` (the checkout by default). The variables `npm run` sets are left
 * out unless given in `env`, so a test run under `npm test` from another folder behaves the same.
 */
export function runBin(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Run {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => k !== 'INIT_CWD' && !k.startsWith('npm_')),
  );
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...env, ...opts.env },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
