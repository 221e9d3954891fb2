/**
 * Lab prose is untrusted: Markdown is rendered with marked, then sanitised with DOMPurify to a small
 * set of tags; links may only point inside the page. (labs check refuses raw HTML too: two fences.)
 */
import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { INLINE_TAGS } from '../../../lab/prose.ts';
import { badgeEvidence, EVIDENCE } from './evidence-badges.ts';

/**
 * The attributes lab text may carry to the page: a link's href (inside the page, ALLOWED_URI_REGEXP)
 * and title (Markdown's [text](#/labs "title")), and the class and title of an evidence badge, exactly
 * as badgeEvidence writes them. Nothing an author writes on a tag of their own: a `class` dressed an
 * exercise's words as the app's error box, and `aria-hidden` or a visually-hidden class made a blind
 * student hear other words than those shown.
 */
const BADGE_CLASSES = new Set(['badge evidence', 'badge evidence warn']);
const BADGE_TITLES = new Set(Object.values(EVIDENCE));
DOMPurify.addHook('uponSanitizeAttribute', (node, data) => {
  const tag = node.nodeName.toLowerCase();
  const keep =
    (tag === 'a' && (data.attrName === 'href' || data.attrName === 'title')) ||
    (tag === 'abbr' && data.attrName === 'class' && BADGE_CLASSES.has(data.attrValue)) ||
    (tag === 'abbr' && data.attrName === 'title' && BADGE_TITLES.has(data.attrValue));
  if (!keep) data.keepAttr = false;
});
const NO_AUTHOR_ATTRS = { ALLOW_DATA_ATTR: false, ALLOW_ARIA_ATTR: false } as const;

const ALLOWED_TAGS = [
  'p',
  'em',
  'strong',
  'code',
  'pre',
  'ul',
  'ol',
  'li',
  'blockquote',
  'h1',
  'h2',
  'h3',
  'h4',
  'a',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'hr',
  'br',
  'del',
];

/**
 * Every change to marked's HTML (the heading shift, the evidence badges) is made before DOMPurify, so
 * that what reaches the page is exactly what the sanitiser let through. (Badges added after it were
 * written into attribute values too, where a link's title could close the tag early.)
 */
export function renderMarkdown(md: string, headingOffset = 1): string {
  const html = marked.parse(md, { async: false, gfm: true }) as string;
  // Prose headings sit under the screen's own h1/h2: shift them down one level.
  const shifted =
    headingOffset > 0
      ? html.replace(
          /<(\/?)h([1-4])>/g,
          (_, slash: string, n: string) => `<${slash}h${Math.min(6, Number(n) + headingOffset)}>`,
        )
      : html;
  return DOMPurify.sanitize(badgeEvidence(shifted), {
    ALLOWED_TAGS: [...ALLOWED_TAGS, 'h5', 'h6', 'abbr'],
    ALLOWED_ATTR: ['href', 'title', 'class'],
    ALLOWED_URI_REGEXP: /^#/,
    ...NO_AUTHOR_ATTRS,
  });
}

/**
 * Inline Markdown (code, emphasis) for prompts, options and feedback: no blocks, no links. The tags kept
 * are src/lab/prose.ts's INLINE_TAGS, which labs check reads exercise text against: what this drops is
 * refused there, at its field.
 */
export function renderInline(text: string): string {
  const html = marked.parseInline(text, { async: false, gfm: true }) as string;
  return DOMPurify.sanitize(badgeEvidence(html), {
    ALLOWED_TAGS: [...INLINE_TAGS],
    ALLOWED_ATTR: ['class', 'title'],
    ...NO_AUTHOR_ATTRS,
  });
}
