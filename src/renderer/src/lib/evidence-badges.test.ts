import { describe, expect, it } from 'vitest';
import { badgeEvidence, spellEvidence, splitEvidence } from './evidence-badges.ts';

describe('evidence tags in lab prose', () => {
  it('become badges saying what they mean, inferences and unchecked points marked as such', () => {
    expect(badgeEvidence('<p>a BIOS that disabled SME ([INF]) and [SRC].</p>')).toBe(
      '<p>a BIOS that disabled SME (<abbr class="badge evidence warn" title="inferred from the code, not confirmed by the authors">INF</abbr>) and <abbr class="badge evidence" title="read in kernel source">SRC</abbr>.</p>',
    );
    expect(badgeEvidence('[UNVERIFIED]')).toContain(
      'class="badge evidence warn" title="not checked: never graded">UNVERIFIED<',
    );
  });

  it("leaves a tag's attributes alone: a tag in a link's title stays text of the title", () => {
    const html = '<p>See <a href="#ok" title="[INF] &lt;details open&gt;x">the note [SRC]</a>.</p>';
    expect(badgeEvidence(html)).toBe(
      '<p>See <a href="#ok" title="[INF] &lt;details open&gt;x">the note <abbr class="badge evidence" title="read in kernel source">SRC</abbr></a>.</p>',
    );
  });

  it('leaves code alone, and anything that is not a tag', () => {
    const html = '<p><code>a[INF]</code> [inf] [FOO]</p><pre><code>[SRC]\n</code></pre>';
    expect(badgeEvidence(html)).toBe(html);
  });
});

describe("evidence tags in the model's own text", () => {
  it('are cut out of the text, to be shown as badges; text without one is one piece', () => {
    expect(splitEvidence('hygon.c does not (read from the code: [INF]), so no WBINVD.')).toEqual([
      { text: 'hygon.c does not (read from the code: ' },
      { tag: 'INF' },
      { text: '), so no WBINVD.' },
    ]);
    expect(splitEvidence('[SRC] then [UNVERIFIED]')).toEqual([
      { tag: 'SRC' },
      { text: ' then ' },
      { tag: 'UNVERIFIED' },
    ]);
    expect(splitEvidence('no tag [XYZ] here')).toEqual([{ text: 'no tag [XYZ] here' }]);
    expect(splitEvidence('')).toEqual([{ text: '' }]);
  });
});

describe('evidence tags read aloud', () => {
  it('are said in words, in parentheses; anything that is not a tag is left alone', () => {
    expect(spellEvidence('leave in no fixed order [LIST]; and [INF].')).toBe(
      'leave in no fixed order (read in mailing-list prose); and (inferred from the code, not confirmed by the authors).',
    );
    expect(spellEvidence('a[XYZ] [list]')).toBe('a[XYZ] [list]');
  });
});
