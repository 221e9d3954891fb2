import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { proseProblems } from './validate.ts';

const messages = (md: string) => proseProblems(md).map((p) => p.message);

describe('lab prose, untrusted', () => {
  it('refuses raw HTML, script and data links, and links that leave the app', () => {
    expect(messages('<script>x</script>')).toEqual([
      'raw HTML is not allowed in lab prose (<script>): write Markdown; to show a tag, put it in `code`',
    ]);
    expect(messages('[a](javascript:alert(1))')).toEqual([
      'link "javascript:alert(1)" uses a forbidden scheme',
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
