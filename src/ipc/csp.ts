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
