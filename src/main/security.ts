/** Locks a window down: no navigation away, no new windows, no webviews, no permissions. */
import type { Session, WebContents } from 'electron';

/**
 * The dev server to load instead of app://, from `electron-vite dev`'s environment: only in a checkout
 * (not packaged), only in dev mode, and only on this machine. A variable left in a launcher's environment
 * would otherwise load a remote page as the app, with the whole bridge.
 */
export function devServerUrlFrom(
  env: Record<string, string | undefined>,
  packaged: boolean,
): string | undefined {
  const url = env['ELECTRON_RENDERER_URL'];
  if (!url || packaged || env['NODE_ENV_ELECTRON_VITE'] !== 'development') return undefined;
  try {
    const { protocol, hostname } = new URL(url);
    const local = hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
    return (protocol === 'http:' || protocol === 'https:') && local ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a URL belongs to the app (the app:// origin, or the dev server in `electron-vite dev`). */
export function isAppUrl(url: string, devServerUrl: string | undefined): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'app:' && parsed.host === 'flushpoint') return true;
  if (devServerUrl) {
    try {
      return parsed.origin === new URL(devServerUrl).origin;
    } catch {
      return false;
    }
  }
  return false;
}

/** Web contents already hardened: main hardens its window, and app's web-contents-created sees it too. */
const hardened = new WeakSet<WebContents>();

/**
 * Denies navigation, window.open, webview attachment; logs what it refused. Once per web contents: a
 * second call adds nothing, so each refusal is logged once.
 */
export function hardenWebContents(
  contents: WebContents,
  devServerUrl: string | undefined,
  log: (msg: string) => void,
): void {
  if (hardened.has(contents)) return;
  hardened.add(contents);
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, devServerUrl)) {
      event.preventDefault();
      log(`refused navigation to ${url}`);
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, devServerUrl)) {
      event.preventDefault();
      log(`refused redirect to ${url}`);
    }
  });
  contents.setWindowOpenHandler(({ url }) => {
    log(`refused new window for ${url}`);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('refused a webview');
  });
}

/** Every permission request and check is refused: the app needs none. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
