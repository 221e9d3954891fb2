/**
 * What exercise text may hold. A prompt, a hint, and an option's text and explain are shown by the app's
 * renderInline (src/renderer/src/lib/markdown.ts): marked's inline Markdown, then DOMPurify keeping the
 * tags of INLINE_TAGS only. Whatever else an author writes there (raw HTML, a link, an image, a
 * strikethrough, a hard line break) would be dropped on the student's screen without a word, a word of
 * the text with it ("CPU <N>" shows as "CPU "): `labs check` names it at its field instead. The rules
 * are those of a step's prose (validate.ts, proseProblems), read the way renderInline reads the text.
 */
import { marked, type Token } from 'marked';
import { cut } from '../sim/validate.ts';

/**
 * The tags renderInline keeps (the renderer's own list): `code`, *emphasis*, **strong**, and the abbr of
 * an evidence badge ([INF]), which the app makes itself.
 */
export const INLINE_TAGS: readonly string[] = ['code', 'em', 'strong', 'abbr'];

/**
 * The headings of a lab's page a step's prose may link to (`#ex-h`), with what each is: the lab screen's
 * own (src/renderer/src/screens/LabScreen.svelte gives them their ids). The prose's own headings get no
 * id (marked makes none, and DOMPurify would drop one), so a link to one goes nowhere.
 */
export const PAGE_HEADINGS: Readonly<Record<string, string>> = { 'ex-h': 'the Exercises heading' };

/** The tag marked writes for each inline token that becomes one. */
const TOKEN_TAGS: Record<string, string> = {
  codespan: 'code',
  em: 'em',
  strong: 'strong',
  del: 'del',
  br: 'br',
  link: 'a',
  image: 'img',
};

/** `U+0007`. */
export const codePoint = (c: string): string =>
  `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * A control character no text shows (a tab and the line ends LF and CR aside), or -1. A vertical tab and
 * a form feed are no line end to Markdown or to the page: one shows as a box, the other as a space.
 */
export function firstControl(text: string): number {
  // eslint-disable-next-line no-control-regex
  return text.search(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/);
}

/**
 * A bidirectional embedding, override or isolate (U+202A–U+202E, U+2066–U+2069), or -1. No control
 * character, yet as bad in a lab's text: it reorders the text after it, on the student's screen and in a
 * terminal that prints it (`labs keys`, `grade`), so that what is shown is not what is written.
 */
export function firstBidiControl(text: string): number {
  return text.search(/[\u202a-\u202e\u2066-\u2069]/);
}

/** What to say of a text holding the bidirectional control `c` (firstBidiControl). */
export const bidiControlSaid = (c: string): string =>
  `holds a bidirectional control character ${codePoint(c)}, which reorders the text after it on the screen and in a terminal that prints it`;

/** The tag of a raw HTML token as a message names it: `<script>` for `</script>` too; null for a comment. */
export function htmlTag(raw: string): string | null {
  const name = /<\/?\s*([a-z][\w-]*)/i.exec(raw)?.[1];
  return name ? `<${name}>` : null;
}

/**
 * Inline Markdown as the words it shows, for where only text can go (an aria-label, an announcement):
 * `code`, *emphasis* and **strong** lose their marks, a backslash escape its backslash, and an entity
 * (&lt;) reads as its character. Evidence tags stay as written ([INF]): they are words too.
 */
export function inlinePlainText(text: string): string {
  const plain = (tokens: readonly Token[]): string =>
    tokens
      .map((t) => {
        if ('tokens' in t && Array.isArray(t.tokens) && t.tokens.length) return plain(t.tokens as Token[]);
        if (t.type === 'br') return ' ';
        return 'text' in t && typeof t.text === 'string' ? t.text : t.raw;
      })
      .join('');
  return decodeEntities(plain(marked.Lexer.lexInline(text, { gfm: true })));
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

/** The few entities an author writes (&lt;, &amp;, &#60;): the rest stay as written. */
function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] !== '#') return NAMED_ENTITIES[e.toLowerCase()] ?? whole;
    const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
    return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : whole;
  });
}

/**
 * What in an inline text (a prompt, a hint, an option's text or explain) the app would not show, each
 * said once with what to write instead; empty when everything shows as written. Plain text, `code`,
 * *emphasis*, **strong**, evidence tags and a bare address (shown as written, as text) are fine.
 */
export function inlineProblems(text: string): string[] {
  const out: string[] = [];
  const control = firstControl(text);
  if (control >= 0)
    out.push(
      `holds a control character ${codePoint(text[control] as string)}, which shows as nothing or as a box: delete it`,
    );
  const tokens = marked.Lexer.lexInline(text, { gfm: true });
  marked.walkTokens(tokens, (t: Token) => {
    if (t.type === 'html') {
      const tag = htmlTag(t.raw);
      out.push(
        !tag
          ? 'raw HTML is not shown in exercise text: the app drops a comment (<!-- … -->); delete it'
          : // The app shows these tags, but none of the attributes written on them: write Markdown.
            INLINE_TAGS.includes(tag.slice(1, -1).toLowerCase())
            ? `raw HTML is not allowed in exercise text (${tag}): write Markdown, **strong**, *emphasis* or \`code\` (the app keeps the tag but drops whatever attributes it has)`
            : `raw HTML is not shown in exercise text: the app drops ${tag}; write it as text, or put it in \`code\` (\`${tag}\`), or write &lt;${tag.slice(1)} to show it as written`,
      );
      return;
    }
    const tag = TOKEN_TAGS[t.type];
    if (!tag || INLINE_TAGS.includes(tag)) return;
    if (t.type === 'link') {
      // A bare address (https://…, www.…, a mail address) is made a link by gfm: its text shows as written.
      if (t.raw === t.text) return;
      out.push(
        `link "${cut(t.href)}" is not shown as a link in exercise text, only its words ("${cut(t.text)}"): write the words alone; a link to the glossary or a screen belongs in a step's prose`,
      );
    } else if (t.type === 'image')
      out.push(
        `images are not shown in exercise text (the app drops ${cut(t.raw)}, its alt text too): say it in words`,
      );
    else if (t.type === 'del')
      out.push(
        `${cut(t.raw)} reads as strikethrough, which exercise text does not show (the ~ disappear, the words stay): write it without ~, or as \\~`,
      );
    else if (t.type === 'br')
      out.push(
        'a hard line break (two spaces or a \\ at the end of a line) is not shown in exercise text: the app drops it, joining the words around it; remove the spaces or the \\',
      );
  });
  return [...new Set(out)];
}
