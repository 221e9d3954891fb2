/**
 * The HTTP server of `npm run preview:web` (see scripts/preview-web.mjs for the HTTP shape): the built
 * renderer with the same CSP header as app://, and the IPC contract over POST /api/<channel>, through the
 * same dispatch() wrapper and src/node handlers as main. Only Electron's transport is replaced.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IpcResult } from '../src/ipc/contract.ts';
import { CSP } from '../src/ipc/csp.ts';
import { dispatch, type Handlers } from '../src/main/ipc.ts';
import { readStatic } from '../src/node/static-files.ts';

export interface PreviewOptions {
  /** The built renderer (out/renderer). */
  root: string;
  handlers: Handlers;
  log: (msg: string) => void;
}

/** Largest request body accepted (the contract's largest argument is 1 MB of JSON). */
export const MAX_BODY_BYTES = 2_000_000;

const BASE_HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
};

class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: IpcResult<unknown>, extra = {}): void {
  let text: string;
  try {
    text = JSON.stringify(body);
  } catch {
    status = 500;
    text = JSON.stringify({ ok: false, error: 'the result could not be sent as JSON' });
  }
  res.writeHead(status, { ...BASE_HEADERS, ...extra, 'Content-Type': 'application/json; charset=utf-8' });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is read and dropped, so the 413 answer still reaches the client.
      if (size > MAX_BODY_BYTES) reject(new RequestError(413, `request body over ${MAX_BODY_BYTES} bytes`));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Parses `{"args": [...]}`. */
export function parseApiBody(text: string): unknown[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new RequestError(400, 'the request body must be JSON: {"args": [...]}');
  }
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { args?: unknown }).args))
    throw new RequestError(400, 'the request body must be {"args": [...]}');
  return (body as { args: unknown[] }).args;
}

/**
 * Whether a request comes from our own page. The Host must be ours (no DNS rebinding), an Origin, when
 * sent, must be ours too, and the body must be declared JSON (so another site cannot send a "simple"
 * cross-origin POST without a CORS preflight, which this server never grants).
 */
function checkApiRequest(req: IncomingMessage, port: number): void {
  const allowed = [`127.0.0.1:${port}`, `localhost:${port}`];
  const host = req.headers.host ?? '';
  if (!allowed.includes(host)) throw new RequestError(403, `refused Host ${JSON.stringify(host)}`);
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`)
    throw new RequestError(403, `refused Origin ${JSON.stringify(origin)}`);
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new RequestError(415, 'Content-Type must be application/json');
}

async function handleApi(req: IncomingMessage, res: ServerResponse, opts: PreviewOptions, port: number) {
  if (req.method !== 'POST') {
    sendJson(res, 405, { ok: false, error: 'use POST' }, { Allow: 'POST' });
    return;
  }
  checkApiRequest(req, port);
  const rawChannel = new URL(req.url ?? '/', 'http://x').pathname.slice('/api/'.length);
  let channel: string;
  try {
    channel = decodeURIComponent(rawChannel);
  } catch {
    throw new RequestError(400, 'malformed channel name');
  }
  const args = parseApiBody(await readBody(req));
  sendJson(res, 200, await dispatch(opts.handlers, channel, args, opts.log));
}

async function handleStatic(req: IncomingMessage, res: ServerResponse, opts: PreviewOptions) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...BASE_HEADERS, Allow: 'GET, HEAD' });
    res.end();
    return;
  }
  const file = await readStatic(opts.root, new URL(req.url ?? '/', 'http://x').pathname);
  if (file.status !== 200) {
    res.writeHead(file.status, { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(file.status === 403 ? 'forbidden' : 'not found');
    return;
  }
  res.writeHead(200, { ...BASE_HEADERS, 'Content-Type': file.type, 'Content-Length': file.body.length });
  res.end(req.method === 'HEAD' ? undefined : file.body);
}

/** An HTTP server (not yet listening) for the preview. */
export function createPreviewServer(opts: PreviewOptions): Server {
  const server = createServer((req, res) => {
    const port = (server.address() as AddressInfo | null)?.port ?? 0;
    const path = (req.url ?? '/').split('?')[0]!;
    const isApi = path.startsWith('/api/');
    const work = isApi ? handleApi(req, res, opts, port) : handleStatic(req, res, opts);
    work.catch((err: unknown) => {
      const status = err instanceof RequestError ? err.status : 500;
      const message = err instanceof Error ? err.message : String(err);
      if (status === 500) opts.log(`preview: ${req.method} ${path} failed: ${message}`);
      if (res.headersSent) res.destroy();
      else if (isApi) sendJson(res, status, { ok: false, error: message });
      else {
        res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(message);
      }
    });
  });
  return server;
}
