import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandlers } from './handlers.ts';

function handlers(openFolder: (path: string) => Promise<string>) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'fp-handlers-'));
  const h = createHandlers({
    labsDir: join(import.meta.dirname, '..', '..', 'labs'),
    userDataDir,
    appInfo: { version: 'test', electron: null, chrome: null, platform: process.platform },
    chooseSaveFile: async () => null,
    openFolder,
  });
  return { h, dir: join(userDataDir, 'labs') };
}

describe('labs:open-folder', () => {
  it('makes the instructor-labs folder, then asks main to show it', async () => {
    const asked: string[] = [];
    const { h, dir } = handlers(async (p) => (asked.push(p), ''));
    await expect(h['labs:open-folder']()).resolves.toEqual({ path: dir, opened: true });
    expect(asked).toEqual([dir]);
    expect(statSync(dir).isDirectory()).toBe(true);
  });

  it("passes on why the file manager did not open (shell.openPath's answer)", async () => {
    const { h, dir } = handlers(async () => 'Failed to open path');
    await expect(h['labs:open-folder']()).resolves.toEqual({
      path: dir,
      opened: false,
      error: 'Failed to open path',
    });
  });
});
