import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStatic, resolveStaticPath } from './static-files.ts';

const root = mkdtempSync(join(tmpdir(), 'fp-static-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html>');
writeFileSync(join(root, 'assets', 'a.js'), 'x');
// Beside the root: never served, even through a link placed inside it.
const outside = mkdtempSync(join(tmpdir(), 'fp-static-outside-'));
writeFileSync(join(outside, 'secret.txt'), 'TOP SECRET');
symlinkSync(join(outside, 'secret.txt'), join(root, 'assets', 'secret.js'));
symlinkSync(outside, join(root, 'elsewhere'));
symlinkSync(join(root, 'assets', 'a.js'), join(root, 'assets', 'alias.js'));

describe('static files under a root', () => {
  it('serves index.html for / and files below the root', async () => {
    expect(resolveStaticPath(root, '/')).toBe(join(root, 'index.html'));
    const js = await readStatic(root, '/assets/a.js');
    expect(js.status).toBe(200);
    expect(js.status === 200 && js.type).toMatch(/javascript/);
  });

  it.each([
    '/../etc/passwd',
    '/assets/../../x',
    '/%2e%2e/secret',
    '/..%2fsecret',
    '/a\\..\\b',
    '/%00',
    '/%E0%A4%A',
  ])('refuses %s', async (path) => {
    expect(resolveStaticPath(root, path)).toBeNull();
    expect((await readStatic(root, path)).status).toBe(403);
  });

  it('refuses a link inside the root to a file or folder outside it', async () => {
    for (const path of ['/assets/secret.js', '/elsewhere/secret.txt'])
      expect(await readStatic(root, path)).toEqual({ status: 403 });
  });

  it('serves a link to a file inside the root, and a root that is itself a link', async () => {
    expect(await readStatic(root, '/assets/alias.js')).toMatchObject({ status: 200 });
    const linkedRoot = join(mkdtempSync(join(tmpdir(), 'fp-static-link-')), 'renderer');
    symlinkSync(root, linkedRoot);
    expect(await readStatic(linkedRoot, '/assets/a.js')).toMatchObject({ status: 200 });
    expect(await readStatic(linkedRoot, '/assets/secret.js')).toEqual({ status: 403 });
  });

  it('answers 404 for a missing file inside the root', async () => {
    expect((await readStatic(root, '/nope.js')).status).toBe(404);
  });
});
