import { describe, expect, it } from 'vitest';
import { proseProblems } from './validate.ts';

describe('lab prose, untrusted', () => {
  it('refuses raw HTML, script and data links, and links that leave the app', () => {
    expect(proseProblems('<script>x</script>')).toEqual(['raw HTML is not allowed in lab prose']);
    expect(proseProblems('[a](javascript:alert(1))')).toEqual([
      'link "javascript:alert(1" uses a forbidden scheme',
    ]);
    expect(proseProblems('[a](https://example.com/)')).toEqual([
      'link "https://example.com/" points outside the app: everything must work offline',
    ]);
  });

  it('links to the glossary only at its words', () => {
    expect(proseProblems('[SEAMCALL](#/glossary/seamcall) and [all](#/glossary) and [lab](#/labs)')).toEqual(
      [],
    );
    // The words are listed, and the nearest one named: the error is where to look them up.
    expect(proseProblems('[x](#/glossary/seamcalls)')).toEqual([
      expect.stringMatching(
        /^link "#\/glossary\/seamcalls" names no word of the glossary \(src\/lab\/glossary\.ts\) \(did you mean seamcall\?\): its words are wbinvd, .*, seamcall, /,
      ),
    ]);
  });
});
