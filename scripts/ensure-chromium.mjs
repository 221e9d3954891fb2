#!/usr/bin/env node
// The e2e tests drive Debian's Chromium (Playwright's own browser download cannot work offline).
// On a fresh Debian machine this installs it through apt, the only other registry we use.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const CHROMIUM = process.env.FLUSHPOINT_CHROMIUM ?? '/usr/bin/chromium';
if (existsSync(CHROMIUM)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const sudo = isRoot ? [] : ['sudo'];
const apt = (args) => {
  const cmd = [...sudo, 'apt-get', ...args];
  console.error(`ensure-chromium: ${cmd.join(' ')}`);
  const r = spawnSync(cmd[0], cmd.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return r.status === 0;
};
console.error(
  `ensure-chromium: ${CHROMIUM} is missing; installing Debian's chromium package for the browser tests.`,
);
if (
  !(apt(['update', '-qq']) && apt(['install', '-y', '-qq', 'chromium', 'fonts-dejavu-core'])) ||
  !existsSync(CHROMIUM)
) {
  console.error(
    'ensure-chromium: could not install chromium. Install it yourself (Debian: `sudo apt-get install chromium`),\n' +
      'or point FLUSHPOINT_CHROMIUM at a Chromium binary, then run the tests again.',
  );
  process.exit(1);
}
