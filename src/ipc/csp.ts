/** The Content-Security-Policy of every page: served as a header by main and by the e2e server. */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** The scheme and host the app is served from inside Electron. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'flushpoint';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * The policy of the dev server (`npm run dev`), the same but for what Vite's dev mode needs: it injects
 * each component's CSS as a <style> element and talks to its hot-reload server over a WebSocket. Built
 * pages never get it.
 */
export const DEV_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace(
  "connect-src 'self'",
  "connect-src 'self' ws://localhost:* ws://127.0.0.1:*",
);
