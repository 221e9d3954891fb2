import type { Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { fakeSession, fakeWebContents } from './__mocks__/electron.ts';
import { denyAllPermissions, devServerUrlFrom, hardenWebContents, isAppUrl } from './security.ts';

const DEV = 'http://localhost:5173';

describe('devServerUrlFrom', () => {
  const dev = { ELECTRON_RENDERER_URL: DEV, NODE_ENV_ELECTRON_VITE: 'development' };
  it('takes the dev server of electron-vite dev in a checkout', () => {
    expect(devServerUrlFrom(dev, false)).toBe(DEV);
    expect(devServerUrlFrom({ ...dev, ELECTRON_RENDERER_URL: 'http://127.0.0.1:5174' }, false)).toBe(
      'http://127.0.0.1:5174',
    );
  });
  it.each([
    ['packaged', dev, true],
    ['not dev mode', { ELECTRON_RENDERER_URL: DEV }, false],
    ['production mode', { ...dev, NODE_ENV_ELECTRON_VITE: 'production' }, false],
    ['a remote host', { ...dev, ELECTRON_RENDERER_URL: 'https://attacker.example' }, false],
    ['another scheme', { ...dev, ELECTRON_RENDERER_URL: 'file:///etc/passwd' }, false],
    ['not a URL', { ...dev, ELECTRON_RENDERER_URL: 'localhost:5173' }, false],
    ['none', { NODE_ENV_ELECTRON_VITE: 'development' }, false],
  ] as const)('ignores it when %s', (_, env, packaged) => {
    expect(devServerUrlFrom(env, packaged)).toBeUndefined();
  });
});

describe('isAppUrl', () => {
  it.each(['app://flushpoint/', 'app://flushpoint/index.html', 'app://flushpoint/assets/a.js?x=1#y'])(
    'accepts %s',
    (url) => {
      expect(isAppUrl(url, undefined)).toBe(true);
      expect(isAppUrl(url, DEV)).toBe(true);
    },
  );

  it('accepts the dev server only when one is set', () => {
    expect(isAppUrl('http://localhost:5173/', DEV)).toBe(true);
    expect(isAppUrl('http://localhost:5173/src/main.ts', DEV)).toBe(true);
    expect(isAppUrl('http://localhost:5173/', undefined)).toBe(false);
  });

  it.each([
    'file:///etc/passwd',
    'file:///work/out/renderer/index.html',
    'https://flushpoint/',
    'https://example.com/',
    'http://flushpoint/',
    'app://other/index.html',
    'app://flushpoint.evil.example/',
    'app://evil@flushpoint.example/',
    'App://Other/',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    'devtools://devtools/bundled/inspector.html',
    'not a url',
    '',
  ])('rejects %s', (url) => {
    expect(isAppUrl(url, undefined)).toBe(false);
    expect(isAppUrl(url, DEV)).toBe(false);
  });

  it('rejects other ports, hosts and schemes than the dev server', () => {
    expect(isAppUrl('http://localhost:5174/', DEV)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', DEV)).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/', DEV)).toBe(false);
    expect(isAppUrl('http://localhost:5173.evil.example/', DEV)).toBe(false);
  });

  it('rejects everything but app:// when the dev server URL is malformed', () => {
    expect(isAppUrl('http://localhost:5173/', 'nonsense')).toBe(false);
    expect(isAppUrl('app://flushpoint/', 'nonsense')).toBe(true);
  });
});

describe('hardenWebContents', () => {
  function harden(devServerUrl?: string) {
    const contents = fakeWebContents();
    const log = vi.fn();
    hardenWebContents(contents as unknown as WebContents, devServerUrl, log);
    return { contents, log };
  }

  it('prevents navigation and redirects to foreign URLs, and logs them', () => {
    const { contents, log } = harden();
    for (const url of ['https://example.com/', 'file:///etc/passwd', 'app://other/']) {
      expect(contents.emit('will-navigate', url), url).toBe(true);
      expect(contents.emit('will-redirect', url), url).toBe(true);
    }
    expect(log).toHaveBeenCalledWith('refused navigation to https://example.com/');
    expect(log).toHaveBeenCalledWith('refused redirect to file:///etc/passwd');
  });

  it('hardens a web contents once, however often asked: each refusal is logged once', () => {
    // main hardens its window, and web-contents-created hands it over again.
    const { contents, log } = harden();
    hardenWebContents(contents as unknown as WebContents, undefined, log);
    expect(contents.setWindowOpenHandler).toHaveBeenCalledTimes(1);
    expect(contents.emit('will-navigate', 'https://example.com/')).toBe(true);
    expect(log.mock.calls).toEqual([['refused navigation to https://example.com/']]);
  });

  it('lets navigation within the app (and the dev server, when set) proceed', () => {
    const { contents, log } = harden(DEV);
    expect(contents.emit('will-navigate', 'app://flushpoint/index.html')).toBe(false);
    expect(contents.emit('will-navigate', 'http://localhost:5173/')).toBe(false);
    expect(contents.emit('will-redirect', 'app://flushpoint/index.html')).toBe(false);
    expect(log).not.toHaveBeenCalled();
  });

  it('prevents navigation to the dev server when none is running', () => {
    const { contents } = harden(undefined);
    expect(contents.emit('will-navigate', 'http://localhost:5173/')).toBe(true);
  });

  it('denies every new window, even one for an app URL', () => {
    const { contents, log } = harden(DEV);
    expect(contents.setWindowOpenHandler).toHaveBeenCalledTimes(1);
    const handler = contents.setWindowOpenHandler.mock.calls[0]![0] as (d: { url: string }) => unknown;
    expect(handler({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'app://flushpoint/index.html' })).toEqual({ action: 'deny' });
    expect(log).toHaveBeenCalledWith('refused new window for https://example.com/');
  });

  it('prevents attaching a webview', () => {
    const { contents, log } = harden();
    expect(contents.emit('will-attach-webview', {}, { src: 'app://flushpoint/' })).toBe(true);
    expect(log).toHaveBeenCalledWith('refused a webview');
  });
});

describe('denyAllPermissions', () => {
  it('refuses every permission request and check', () => {
    const session = fakeSession();
    denyAllPermissions(session as unknown as Session);
    expect(session.setPermissionRequestHandler).toHaveBeenCalledTimes(1);
    expect(session.setPermissionCheckHandler).toHaveBeenCalledTimes(1);
    const request = session.setPermissionRequestHandler.mock.calls[0]![0] as (
      contents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
    ) => void;
    const check = session.setPermissionCheckHandler.mock.calls[0]![0] as (...args: unknown[]) => boolean;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      request({}, permission, callback);
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
      expect(check({}, permission, 'app://flushpoint', {})).toBe(false);
    }
  });
});
