import { describe, expect, it } from 'vitest';
import { CSP, DEV_CSP } from './csp.ts';

const directives = (policy: string) =>
  new Map(policy.split('; ').map((d) => [d.split(' ')[0] as string, d.split(' ').slice(1)]));

describe('the Content-Security-Policy', () => {
  it('allows only our own scripts, styles and connections, and nothing to be framed or posted', () => {
    const d = directives(CSP);
    expect(d.get('default-src')).toEqual(["'none'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('style-src')).toEqual(["'self'"]);
    expect(d.get('connect-src')).toEqual(["'self'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('form-action')).toEqual(["'none'"]);
  });

  it('relaxes, for the dev server only, inline styles and the hot-reload socket, and nothing else', () => {
    const prod = directives(CSP);
    const dev = directives(DEV_CSP);
    expect([...dev.keys()]).toEqual([...prod.keys()]);
    const changed = [...dev.keys()].filter((k) => dev.get(k)?.join(' ') !== prod.get(k)?.join(' '));
    expect(changed).toEqual(['style-src', 'connect-src']);
    expect(dev.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev.get('connect-src')).toEqual(["'self'", 'ws://localhost:*', 'ws://127.0.0.1:*']);
    expect(dev.get('script-src')).toEqual(["'self'"]);
  });
});
