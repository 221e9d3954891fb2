/** Serves the built renderer over HTTP with the app's CSP header (for e2e tests and the UI benchmarks). */
import { createServer, type Server } from 'node:http';
import { CSP } from '../src/ipc/csp.ts';
import { readStatic } from '../src/node/static-files.ts';

/**
 * `cacheAssets`: let the browser keep the content-hashed files under /assets/ (and so V8's code cache
 * for them), as the app's app:// scheme does on later launches (it is registered with codeCache; V8
 * keeps the compiled code once a script has run twice). Off, every load fetches and compiles everything
 * afresh: a first launch.
 */
export async function serveStatic(
  root: string,
  { cacheAssets = false }: { cacheAssets?: boolean } = {},
): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    void readStatic(root, path).then((r) => {
      if (r.status !== 200) {
        res.writeHead(r.status).end();
        return;
      }
      res.writeHead(200, {
        'content-type': r.type,
        'content-security-policy': CSP,
        'cache-control':
          cacheAssets && path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-store',
      });
      res.end(r.body);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    // close() waits for every open connection, and the browser may hold one it opened ahead (a preconnect
    // with no request yet, not "idle" to Node) for as long as the page lives: the tests are done, so end them.
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
