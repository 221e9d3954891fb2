import type { Protocol } from 'electron';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_SCHEME, CSP } from '../ipc/csp.ts';
import { fakeSession } from './__mocks__/electron.ts';
import { handleAppRequest, PRIVILEGED_SCHEMES, registerAppProtocol } from './protocol.ts';

// A spy on the file reads of the handler (src/node/static-files.ts), to prove nothing outside the root is read.
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  return { ...real, readFile: vi.fn(real.readFile) };
});

// <base>/renderer is the root; <base>/secret.txt and <base>/renderer-evil/x.txt sit beside it and must
// never be served.
const base = mkdtempSync(join(tmpdir(), 'fp-protocol-'));
const root = join(base, 'renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
mkdirSync(join(base, 'renderer-evil'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
writeFileSync(join(root, 'assets', 'main.js'), 'console.log(1)');
writeFileSync(join(root, 'assets', 'style.css'), 'body{}');
writeFileSync(join(base, 'secret.txt'), 'TOP SECRET');
writeFileSync(join(base, 'renderer-evil', 'x.txt'), 'TOP SECRET');

describe('app:// handler', () => {
  beforeEach(() => {
    vi.mocked(readFile).mockClear();
  });

  it('serves index.html for / with the CSP header, nosniff and a content type', async () => {
    for (const url of ['app://flushpoint/', 'app://flushpoint/index.html']) {
      const res = await handleAppRequest(root, url);
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Security-Policy')).toBe(CSP);
      expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
      expect(await res.text()).toContain('<title>app</title>');
    }
  });

  it('serves files below the root with their type, ignoring query and fragment', async () => {
    const js = await handleAppRequest(root, 'app://flushpoint/assets/main.js?v=1#x');
    expect(js.status).toBe(200);
    expect(js.headers.get('Content-Type')).toMatch(/^text\/javascript/);
    expect(js.headers.get('Content-Security-Policy')).toBe(CSP);
    expect(await js.text()).toBe('console.log(1)');
    const css = await handleAppRequest(root, 'app://flushpoint/assets/style.css');
    expect(css.headers.get('Content-Type')).toMatch(/^text\/css/);
  });

  it('answers 404 with the CSP header for a missing file', async () => {
    const res = await handleAppRequest(root, 'app://flushpoint/nope.js');
    expect(res.status).toBe(404);
    expect(res.headers.get('Content-Security-Policy')).toBe(CSP);
  });

  it('refuses another host', async () => {
    const res = await handleAppRequest(root, 'app://other/index.html');
    expect(res.status).toBe(403);
  });

  it.each([
    'app://flushpoint/../secret.txt',
    'app://flushpoint/../../../../etc/passwd',
    'app://flushpoint/assets/../../secret.txt',
    'app://flushpoint/%2e%2e/secret.txt',
    'app://flushpoint/%2E%2E/secret.txt',
    'app://flushpoint/..%2fsecret.txt',
    'app://flushpoint/%2e%2e%2fsecret.txt',
    'app://flushpoint/assets/..%2f..%2fsecret.txt',
    'app://flushpoint/..%5csecret.txt',
    'app://flushpoint/%2e%2e%2frenderer-evil/x.txt',
    'app://flushpoint/..%2frenderer-evil%2fx.txt',
    'app://flushpoint/%00',
    'app://flushpoint/index.html%00.js',
    'app://flushpoint/%E0%A4%A',
  ])('refuses %s without reading outside the root', async (url) => {
    const res = await handleAppRequest(root, url);
    expect([403, 404]).toContain(res.status);
    expect(await res.text()).not.toContain('TOP SECRET');
    for (const [path] of vi.mocked(readFile).mock.calls)
      expect(String(path).startsWith(root + sep)).toBe(true);
    expect(res.headers.get('Content-Security-Policy')).toBe(CSP);
  });

  it('registers itself for the app scheme and forwards request URLs', async () => {
    const { protocol } = fakeSession();
    registerAppProtocol(protocol as unknown as Protocol, root);
    expect(protocol.handle).toHaveBeenCalledTimes(1);
    const [scheme, handler] = protocol.handle.mock.calls[0]! as [
      string,
      (r: { url: string }) => Promise<Response>,
    ];
    expect(scheme).toBe(APP_SCHEME);
    const res = await handler({ url: 'app://flushpoint/assets/main.js' });
    expect(await res.text()).toBe('console.log(1)');
    expect((await handler({ url: 'app://flushpoint/%2e%2e/secret.txt' })).status).not.toBe(200);
  });
});

describe('privileged schemes', () => {
  it('makes app:// a standard, secure scheme and grants nothing that bypasses CSP', () => {
    expect(PRIVILEGED_SCHEMES).toHaveLength(1);
    const [entry] = PRIVILEGED_SCHEMES;
    expect(entry!.scheme).toBe(APP_SCHEME);
    expect(entry!.privileges).toMatchObject({ standard: true, secure: true });
    expect(entry!.privileges).not.toHaveProperty('bypassCSP');
    expect(entry!.privileges).not.toHaveProperty('corsEnabled');
  });
});
