import { describe, expect, it } from 'vitest';
import { href, parseHash, type Route } from './routes.ts';

describe('hash routes', () => {
  it('reads and writes every screen, a lab exercise included', () => {
    const routes: Route[] = [
      { screen: 'sandbox' },
      { screen: 'labs' },
      { screen: 'lab', labId: '02-sme-two-wbinvds', step: 3 },
      { screen: 'lab', labId: '02-sme-two-wbinvds', step: 1, exercise: 4 },
      { screen: 'results', labId: null },
      { screen: 'results', labId: '06-crash-path' },
      { screen: 'grade' },
      { screen: 'glossary' },
      { screen: 'glossary', term: 'cache-state-incoherent' },
    ];
    for (const r of routes) expect(parseHash(href(r))).toEqual(r);
    expect(href({ screen: 'lab', labId: 'x', step: 2, exercise: 5 })).toBe('#/lab/x/2/5');
  });

  it('a bad part of an address falls back, never throws', () => {
    expect(parseHash('#/lab/02-sme/0/abc')).toEqual({ screen: 'lab', labId: '02-sme', step: 1 });
    expect(parseHash('#/lab/02-sme/2/-1')).toEqual({ screen: 'lab', labId: '02-sme', step: 2 });
    expect(parseHash('#/lab/02-sme/2/1.5')).toEqual({ screen: 'lab', labId: '02-sme', step: 2 });
    expect(parseHash('#/lab/Bad_Id/1')).toEqual({ screen: 'sandbox' });
    expect(parseHash('#/nowhere')).toEqual({ screen: 'sandbox' });
    expect(parseHash('')).toEqual({ screen: 'sandbox' });
  });

  it('an address with a broken %-escape (a lab link) is the sandbox, not an exception', () => {
    for (const hash of ['#/labs/%E0', '#/lab/01-why-flush/%', '#/results/%zz', '#/glossary/%E0%A4'])
      expect(parseHash(hash), hash).toEqual({ screen: 'sandbox' });
    // A well-formed escape still reads.
    expect(parseHash('#/glossary/%77binvd')).toEqual({ screen: 'glossary', term: 'wbinvd' });
  });
});
