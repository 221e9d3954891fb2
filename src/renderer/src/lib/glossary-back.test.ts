import { describe, expect, it } from 'vitest';
import { backLabel, goesBack, nextBack, type BackTarget } from './glossary-back.ts';
import type { Route } from './routes.ts';

const lab: BackTarget = { screen: 'lab', labId: '02-sme-two-wbinvds', step: 2, exercise: 3 };
const sandbox: BackTarget = { screen: 'sandbox' };
const word = (term: string): Route => ({ screen: 'glossary', term });

describe('the glossary leads back', () => {
  it('to the lab step and exercise, or the sandbox, it was opened from', () => {
    expect(nextBack(null, lab, word('kexec'))).toEqual(lab);
    expect(nextBack(null, sandbox, { screen: 'glossary' })).toEqual(sandbox);
  });

  it('past the words read in it: a "See also" keeps the place', () => {
    const back = nextBack(null, lab, word('kexec'));
    expect(nextBack(back, word('kexec'), word('wbinvd'))).toEqual(lab);
  });

  it('nowhere when opened from elsewhere or on leaving it', () => {
    expect(nextBack(null, { screen: 'results', labId: null }, word('kexec'))).toBeNull();
    expect(nextBack(null, { screen: 'labs' }, word('kexec'))).toBeNull();
    // Left for the results and back: the old place is not offered any more.
    expect(nextBack(lab, word('kexec'), { screen: 'results', labId: null })).toBeNull();
    expect(nextBack(lab, { screen: 'results', labId: null }, word('kexec'))).toBeNull();
    // Back in the lab: nothing kept.
    expect(nextBack(lab, word('kexec'), lab)).toBeNull();
  });

  it('a copy, not the route object the router goes on changing', () => {
    const from: Route = { screen: 'lab', labId: 'x', step: 1 };
    const back = nextBack(null, from, word('kexec'));
    (from as { step: number }).step = 5;
    expect(back).toEqual({ screen: 'lab', labId: 'x', step: 1 });
  });

  it('knows going back to the place kept, by its link or the browser', () => {
    expect(goesBack(lab, word('kexec'), { ...lab })).toBe(true);
    expect(goesBack(sandbox, { screen: 'glossary' }, sandbox)).toBe(true);
    // Another step or exercise of the lab, another screen, or from outside the glossary: not going back.
    expect(goesBack(lab, word('kexec'), { ...lab, step: 1 })).toBe(false);
    expect(goesBack(lab, word('kexec'), sandbox)).toBe(false);
    expect(goesBack(lab, { screen: 'labs' }, lab)).toBe(false);
    expect(goesBack(null, word('kexec'), lab)).toBe(false);
  });

  it('says where, by the lab title when known', () => {
    expect(backLabel(sandbox)).toBe('Back to the sandbox');
    expect(backLabel(lab, 'SME: two WBINVDs')).toBe('Back to SME: two WBINVDs, step 2, exercise 3');
    expect(backLabel(lab, 'The two WBINVDs')).toBe('Back to the two WBINVDs, step 2, exercise 3');
    expect(backLabel({ screen: 'lab', labId: 'x', step: 1 })).toBe('Back to x, step 1');
    expect(backLabel({ screen: 'lab', labId: 'x', step: 1 }, '  ')).toBe('Back to x, step 1');
  });
});
