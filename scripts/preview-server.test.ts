import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '../src/ipc/contract.ts';
import { CSP } from '../src/ipc/csp.ts';
import type { Handlers } from '../src/main/ipc.ts';
import { createPreviewServer, MAX_BODY_BYTES, parseApiBody } from './preview-server.ts';

const base = mkdtempSync(join(tmpdir(), 'fp-preview-'));
const root = join(base, 'renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html><title>preview</title>');
writeFileSync(join(root, 'assets', 'a.js'), 'export {}');
writeFileSync(join(base, 'secret.txt'), 'TOP SECRET');

const handlers = Object.fromEntries(
  CHANNEL_NAMES.map((c) => [c, vi.fn(async (...args: unknown[]) => ({ channel: c, args }))]),
) as unknown as Handlers & Record<string, ReturnType<typeof vi.fn>>;

let server: Server;
let origin: string;

beforeAll(async () => {
  server = createPreviewServer({ root, handlers, log: () => undefined });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const api = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: origin, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

/** A POST with an exact Host header and no Origin; resolves to the status. */
function rawPost(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${origin}/api/app:info`,
      { method: 'POST', headers: { Host: host, 'Content-Type': 'application/json' } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end('{"args": []}');
  });
}

describe('preview server: static files', () => {
  it('serves the renderer with the CSP header', async () => {
    const res = await fetch(`${origin}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('<title>preview</title>');
    const js = await fetch(`${origin}/assets/a.js`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
  });

  it.each(['/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/nope.js'])(
    'refuses %s',
    async (path) => {
      const res = await fetch(`${origin}${path}`);
      expect([403, 404]).toContain(res.status);
      expect(await res.text()).not.toContain('TOP SECRET');
    },
  );

  it('allows only GET and HEAD', async () => {
    expect((await fetch(`${origin}/`, { method: 'PUT' })).status).toBe(405);
  });
});

describe('preview server: POST /api/<channel>', () => {
  it('answers a good call with the IpcResult of dispatch()', async () => {
    const res = await api('labs:get', { args: ['why-flush'] });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ ok: true, value: { channel: 'labs:get', args: ['why-flush'] } });
    const encoded = await api(encodeURIComponent('app:info'), { args: [] });
    expect(await encoded.json()).toMatchObject({ ok: true });
  });

  it('passes refusals from dispatch() through as {ok: false}', async () => {
    expect(await (await api('labs:get', { args: [42] })).json()).toMatchObject({
      ok: false,
      error: expect.stringContaining('labId'),
    });
    for (const channel of ['nope', 'toString', '__proto__'])
      expect(await (await api(channel, { args: [] })).json()).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^unknown channel/),
      });
  });

  it('answers a malformed body with 400 and an IpcResult', async () => {
    for (const body of ['not json', '{}', '{"args": 1}', 'null']) {
      const res = await api('app:info', body);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ ok: false });
    }
  });

  it('refuses requests from other sites, other hosts, and without a JSON content type', async () => {
    const evil = await api('app:info', { args: [] }, { Origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    const plain = await api('app:info', { args: [] }, { 'Content-Type': 'text/plain' });
    expect(plain.status).toBe(415);
    expect(await rawPost('evil.example:5199')).toBe(403); // DNS rebinding: our address, their name
    expect(await rawPost(new URL(origin).host)).toBe(200); // no Origin (curl): allowed
    const get = await fetch(`${origin}/api/app:info`);
    expect(get.status).toBe(405);
    expect(await get.json()).toMatchObject({ ok: false });
  });

  it('refuses a body over the limit with 413', async () => {
    const res = await api('progress:save-attempt', { args: [{ big: 'x'.repeat(MAX_BODY_BYTES) }] });
    expect(res.status).toBe(413);
  });
});

describe('parseApiBody', () => {
  it('returns the args list', () => {
    expect(parseApiBody('{"args": [1, "a"]}')).toEqual([1, 'a']);
  });
});
