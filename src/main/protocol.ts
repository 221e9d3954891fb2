/** The app:// scheme: serves the built renderer with the strict CSP header, nothing else. */
import type { Protocol } from 'electron';
import { APP_HOST, APP_SCHEME, CSP } from '../ipc/csp.ts';
import { readStatic } from '../node/static-files.ts';

/** Must run before the app is ready. */
export const PRIVILEGED_SCHEMES = [
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
  },
];

/** Answers one app:// request. Exported for tests. */
export async function handleAppRequest(root: string, requestUrl: string): Promise<Response> {
  const url = new URL(requestUrl);
  if (url.host !== APP_HOST) return new Response('forbidden', { status: 403 });
  const file = await readStatic(root, url.pathname);
  const headers = { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' };
  if (file.status !== 200)
    return new Response(file.status === 403 ? 'forbidden' : 'not found', { status: file.status, headers });
  return new Response(new Uint8Array(file.body), {
    status: 200,
    headers: { ...headers, 'Content-Type': file.type },
  });
}

/** Registers the handler on a session's protocol. */
export function registerAppProtocol(protocol: Protocol, root: string): void {
  protocol.handle(APP_SCHEME, (request) => handleAppRequest(root, request.url));
}
