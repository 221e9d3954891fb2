/**
 * The domain reference's evidence tags written in lab prose ("[INF]", "[UNVERIFIED]", "[SRC]"...) shown as
 * the badges the model view uses, with what each means on hover, so a student tells an inference from a
 * fact at a glance. Runs on marked's HTML before it is sanitised, in text only: never inside code or a
 * tag's attributes.
 */

/** What each tag means (the reference's legend). */
export const EVIDENCE: Record<string, string> = {
  SRC: 'read in kernel source',
  DIFF: 'read in the patch or tip commit',
  LIST: 'read in mailing-list prose',
  INF: 'inferred from the code, not confirmed by the authors',
  UNVERIFIED: 'not checked: never graded',
};

/** Tags a student should read as "not established": shown in the warning colour. */
export function isWarnEvidence(tag: string): boolean {
  return tag === 'INF' || tag === 'UNVERIFIED';
}

/** What a tag means, the glossary's SDM (Intel's manual, beside the reference's own tags) included. */
export function evidenceMeaning(tag: string): string {
  return tag === 'SDM' ? "from Intel's manual (SDM)" : (EVIDENCE[tag] ?? tag);
}

const TAG = /\[(SRC|DIFF|LIST|INF|UNVERIFIED)\]/g;
/** Code spans and blocks, left as they are. */
const CODE = /(<pre[\s>][\s\S]*?<\/pre>|<code[\s>][\s\S]*?<\/code>)/;

/** A tag with its attributes: a tag written in a link's title stays text of the title. */
const MARKUP = /(<[^>]*>)/;

/**
 * Plain text (a step's note, a site's why, as the model writes them) cut at its evidence tags, for a
 * component to show each tag as a badge: `[{text}, {tag: 'INF'}, {text}]`. Text with no tag is one piece.
 */
export function splitEvidence(text: string): ({ text: string } | { tag: string })[] {
  const out: ({ text: string } | { tag: string })[] = [];
  let at = 0;
  for (const m of text.matchAll(TAG)) {
    if (m.index > at) out.push({ text: text.slice(at, m.index) });
    out.push({ tag: m[1] as string });
    at = m.index + m[0].length;
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at) });
  return out;
}

/**
 * Plain text with its evidence tags in words, for what is read aloud: "[LIST]" becomes "(read in
 * mailing-list prose)", where a screen reader would spell out L, I, S, T.
 */
export function spellEvidence(text: string): string {
  return text.replace(TAG, (_, tag: string) => `(${EVIDENCE[tag]})`);
}

export function badgeEvidence(html: string): string {
  const badge = (text: string) =>
    text.replace(TAG, (_, tag: string) => {
      const warn = isWarnEvidence(tag) ? ' warn' : '';
      return `<abbr class="badge evidence${warn}" title="${EVIDENCE[tag]}">${tag}</abbr>`;
    });
  return html
    .split(CODE)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .split(MARKUP)
            .map((bit, j) => (j % 2 === 1 ? bit : badge(bit)))
            .join(''),
    )
    .join('');
}
