/** Locks a window down: no navigation away, no new windows, no webviews, no permissions. */
import type { Session, WebContents } from 'electron';

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

/** Denies navigation, window.open, webview attachment; logs what it refused. */
export function hardenWebContents(
  contents: WebContents,
  devServerUrl: string | undefined,
  log: (msg: string) => void,
): void {
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
