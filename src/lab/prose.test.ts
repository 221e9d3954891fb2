import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { INLINE_TAGS, inlinePlainText, inlineProblems, PAGE_HEADINGS } from './prose.ts';
import { proseProblems } from './validate.ts';

const messages = (md: string) => proseProblems(md).map((p) => p.message);

describe('lab prose, untrusted', () => {
  it('refuses raw HTML, script and data links, and links that leave the app', () => {
    expect(messages('<script>x</script>')).toEqual([
      'raw HTML is not allowed in lab prose (<script>): write Markdown; to show a tag, put it in `code`',
    ]);
    expect(messages('[a](javascript:alert(1))')).toEqual([
      'link "javascript:alert(1)" uses a forbidden scheme: link to a place in the app (#/glossary/wbinvd, #/labs...), or put the address in `code` to show it',
    ]);
    expect(messages('[a](https://example.com/)')).toEqual([
      'link "https://example.com/" points outside the app: everything must work offline',
    ]);
  });

  it('reads the prose as the renderer does: every tag and every way of writing a link', () => {
    // Tags the old pattern let through, inline and as a block.
    // Its tag and its end tag are one mistake, said once.
    expect(messages('Open <details>this</details>.')).toEqual([expect.stringContaining('(<details>)')]);
    expect(messages('<div onclick="x()">\nhi\n</div>')).toEqual([expect.stringContaining('(<div>)')]);
    // An autolink and a reference-style link leave the app as surely as an inline one.
    expect(messages('See <https://example.com/>.')).toEqual([
      expect.stringContaining('points outside the app'),
    ]);
    expect(messages('See [x][1].\n\n[1]: https://example.com/')).toEqual([
      expect.stringContaining('points outside the app'),
    ]);
    // Links that are no place in the app: dropped by the renderer, so named here.
    expect(messages('[m](mailto:a@b.c)')).toEqual([expect.stringContaining('is not a place in the app')]);
    expect(messages('[p](../../etc/passwd)')).toEqual([expect.stringContaining('is not a place in the app')]);
    expect(messages('[g](#/glossar/seamcall)')).toEqual([
      expect.stringMatching(/names no screen of the app \(did you mean glossary\?\)/),
    ]);
    // A broken %-escape: the app could not read the address (it fell back to no screen at all).
    for (const link of ['#/labs/%E0', '#/lab/01-why-flush/%', '#/results/%zz'])
      expect(messages(`[x](${link})`), link).toEqual([expect.stringContaining('does not start an escape')]);
    expect(messages('![a picture](pic.png)')).toEqual([expect.stringContaining('images are not shown')]);
    expect(messages('---\ntitle: x\n---\n\nText')).toEqual([expect.stringContaining('front matter')]);
  });

  it('leaves code alone: a tag or a link in code is text to show', () => {
    expect(messages('The loop `while (i < a)` and `<div>` in code.')).toEqual([]);
    expect(messages('```\n[x](https://example.com/)\n<script>\n```')).toEqual([]);
    expect(messages('A heading link [up](#ex-h) and a screen [labs](#/labs).')).toEqual([]);
  });

  it('says on which line of the prose file each problem is', () => {
    const md = 'First line.\n\nSecond paragraph with [a link](https://example.com/).\n\n<b>bold</b>\n';
    expect(proseProblems(md).map((p) => p.line)).toEqual([3, 5]);
  });

  it('links to the glossary only at its words', () => {
    expect(messages('[SEAMCALL](#/glossary/seamcall) and [all](#/glossary) and [lab](#/labs)')).toEqual([]);
    // The words are listed, and the nearest one named: the error is where to look them up.
    expect(messages('[x](#/glossary/seamcalls)')).toEqual([
      expect.stringMatching(
        /^link "#\/glossary\/seamcalls" names no word of the glossary \(src\/lab\/glossary\.ts\) \(did you mean seamcall\?\): its words are wbinvd, .*, seamcall, /,
      ),
    ]);
  });
});

describe('prose that is not text', () => {
  it('a binary file or a wrong encoding is named at the line of its first stray byte', () => {
    expect(proseProblems('# Step\n\nfine text\nbad \uFFFD byte\n')).toEqual([
      {
        message:
          'is not UTF-8 text (a byte that is no character, U+FFFD, first at this line): save it as UTF-8 Markdown',
        line: 4,
      },
    ]);
    expect(proseProblems('\u0000\u0001PNG').map((p) => p.line)).toEqual([1]);
    // Tabs and line ends are text.
    expect(proseProblems('# Step\r\n\n\tindented\n')).toEqual([]);
  });

  it('a control character in a UTF-8 file is named as one, at its line, not as a file in another encoding', () => {
    expect(proseProblems('# Step\n\nHello \u0007 there\n')).toEqual([
      { message: 'holds a control character U+0007 at line 3: delete it', line: 3 },
    ]);
    // A form feed (a page break in some editors) and a vertical tab are no line ends here.
    expect(proseProblems('# Step\n\nOne page\u000cthe next\n')).toEqual([
      { message: 'holds a control character U+000C at line 3: delete it', line: 3 },
    ]);
    expect(inlineProblems('a\u000bvertical tab')).toEqual([
      'holds a control character U+000B, which shows as nothing or as a box: delete it',
    ]);
  });

  it('a bidirectional override or isolate in prose is refused at its line: it reorders what is shown', () => {
    expect(proseProblems('# Step\n\nNo CPU \u202eat all\n')).toEqual([
      {
        message:
          'holds a bidirectional control character U+202E, which reorders the text after it on the screen and in a terminal that prints it (line 3): delete it',
        line: 3,
      },
    ]);
    // A zero-width space or a direction mark reorders nothing: no problem of its own.
    expect(proseProblems('# Step\n\nCPU\u200b 0\u200e\n')).toEqual([]);
  });
});

describe('links inside the page and to screens go where the app can take them', () => {
  it("a link to a heading the page does not have is refused: the prose's own headings get no id", () => {
    expect(messages('# Setup\n\nSee [setup](#setup) and [top](#).')).toEqual([
      expect.stringMatching(
        /^link "#setup" names no heading of the page, so it goes nowhere \(a step's own headings get no id\): link #ex-h \(the Exercises heading\) or a screen/,
      ),
      expect.stringMatching(/^link "#" names no heading of the page/),
    ]);
    // The headings the lab screen has, a lab and its step.
    expect(messages('On to [the exercises](#ex-h), or [lab 1, step 2](#/lab/01-why-flush/2).')).toEqual([]);
  });

  it('#/lab names a lab: without one the app opens the sandbox', () => {
    expect(messages('[a lab](#/lab)')).toEqual([
      'link "#/lab" names no lab: write #/lab/ID, with a lab\'s id (e.g. #/lab/01-why-flush), and /STEP to open a step',
    ]);
  });

  it('the page headings a link may name are ids the lab screen gives', () => {
    const screen = readFileSync(new URL('../renderer/src/screens/LabScreen.svelte', import.meta.url), 'utf8');
    for (const id of Object.keys(PAGE_HEADINGS)) expect(screen).toMatch(new RegExp(`<h\\d id="${id}"`));
  });
});

describe('exercise text (prompt, hint, option text and explain) holds what the app shows inline', () => {
  it('refuses what the app would drop, saying what to write instead', () => {
    expect(inlineProblems('Which CPU <N> flushes?')).toEqual([
      'raw HTML is not shown in exercise text: the app drops <N>; write it as text, or put it in `code` (`<N>`), or write &lt;N> to show it as written',
    ]);
    // A tag and its end tag are one mistake.
    expect(inlineProblems('<script>alert(1)</script> hi')).toEqual([
      expect.stringContaining('drops <script>'),
    ]);
    expect(inlineProblems('<img src=x onerror=alert(1)>')).toEqual([expect.stringContaining('drops <img>')]);
    // A tag the app shows, written as HTML: its attributes (a class, aria-hidden) are what it drops.
    expect(inlineProblems('<strong class="error-box" aria-hidden="true">Damaged</strong> file')).toEqual([
      'raw HTML is not allowed in exercise text (<strong>): write Markdown, **strong**, *emphasis* or `code` (the app keeps the tag but drops whatever attributes it has)',
    ]);
    expect(inlineProblems('x <!-- note --> y')).toEqual([expect.stringContaining('drops a comment')]);
    expect(inlineProblems('Read [the notes](https://example.com/n).')).toEqual([
      'link "https://example.com/n" is not shown as a link in exercise text, only its words ("the notes"): write the words alone; a link to the glossary or a screen belongs in a step\'s prose',
    ]);
    expect(inlineProblems('A [SEAMCALL](#/glossary/seamcall) sets it.')).toEqual([
      expect.stringMatching(
        /^link "#\/glossary\/seamcall" is not shown as a link in exercise text, only its words/,
      ),
    ]);
    expect(inlineProblems('See <https://example.com>.')).toEqual([expect.stringMatching(/^link "https:/)]);
    expect(inlineProblems('![the chart](chart.png)')).toEqual([
      expect.stringMatching(/^images are not shown/),
    ]);
    expect(inlineProblems('~~two~~ one WBINVD')).toEqual([
      expect.stringMatching(/^~~two~~ reads as strikethrough/),
    ]);
    expect(inlineProblems('first  \nsecond')).toEqual([expect.stringMatching(/^a hard line break/)]);
    expect(inlineProblems('bell \u0007')).toEqual([
      'holds a control character U+0007, which shows as nothing or as a box: delete it',
    ]);
    // C1 too (U+009B is a terminal's one-byte CSI, an escape sequence's start).
    expect(inlineProblems('csi \u009b2J')).toEqual([
      'holds a control character U+009B, which shows as nothing or as a box: delete it',
    ]);
  });

  it('accepts what the app shows: code, emphasis, evidence tags, a bare address, a < that is no tag', () => {
    for (const text of [
      'Which CPU `<N>` flushes, CPU \\<N> or CPU &lt;N>?',
      '*Which* CPU runs **relocate_kernel**? [INF] [UNVERIFIED]',
      'Is a < b, and c > d, for <3 of them?',
      'The patch is at https://lore.kernel.org/x (shown as written).',
      '[x] is not a link without a target.',
    ])
      expect([text, inlineProblems(text)]).toEqual([text, []]);
  });

  it('matches the renderer: what marked makes of a text refused holds a tag renderInline drops, and of one accepted none', () => {
    const tags = (text: string) =>
      [...(marked.parseInline(text, { gfm: true }) as string).matchAll(/<([a-z][\w-]*)/gi)].map((m) => m[1]);
    const dropped = (text: string) => tags(text).filter((t) => !INLINE_TAGS.includes(t as string));
    for (const text of ['CPU <N>', '[x](#/labs)', '![a](b.png)', '~~x~~', 'a  \nb', '<b>x</b>'])
      expect([text, dropped(text).length > 0, inlineProblems(text).length > 0]).toEqual([text, true, true]);
    for (const text of ['`<N>`', '*a* **b**', 'a < b', '\\<N>'])
      expect([text, dropped(text), inlineProblems(text)]).toEqual([text, [], []]);
  });
});

describe('inline Markdown as the words it shows (for an aria-label or an announcement)', () => {
  it('drops the marks, keeps the words, reads escapes and entities as their characters', () => {
    expect(inlinePlainText('CPU 1 runs `stop_this_cpu()`')).toBe('CPU 1 runs stop_this_cpu()');
    expect(inlinePlainText('a *b* **c** _d_ \\*e')).toBe('a b c d *e');
    expect(inlinePlainText('CPU &lt;N> &amp; &#60;M&#x3e; &bogus;')).toBe('CPU <N> & <M> &bogus;');
    // Words with underscores are words, and evidence tags read as written.
    expect(inlinePlainText('cpus_stop_mask is cleared [INF]')).toBe('cpus_stop_mask is cleared [INF]');
    expect(inlinePlainText('first  \nsecond')).toBe('first second');
  });
});

describe('each mistake of the prose once', () => {
  it('<script>…</script> and <a>…</a> are one problem each, not one per tag', () => {
    expect(proseProblems('Hello <script>alert(1)</script> and <a href="#/labs">x</a>\n')).toEqual([
      {
        message:
          'raw HTML is not allowed in lab prose (<script>): write Markdown; to show a tag, put it in `code`',
        line: 1,
      },
      {
        message:
          'raw HTML is not allowed in lab prose (<a>): write Markdown; to show a tag, put it in `code`',
        line: 1,
      },
    ]);
  });

  it('prose saved as UTF-16 is named as such, once, rather than as a stray byte', () => {
    const utf16 = Buffer.from('\uFEFF# Step\n\nSome <b>text</b>.\n', 'utf16le').toString('utf8');
    expect(proseProblems(utf16)).toEqual([
      {
        message: expect.stringMatching(
          /^is not UTF-8 text \(it looks like UTF-16, .*: save it as UTF-8 Markdown \(in Notepad/,
        ),
        line: 1,
      },
    ]);
  });
});
