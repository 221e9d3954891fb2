/**
 * An answer names options and items by their place in the lab file's lists, so an instructor who
 * reorders a lab's options after students started would see every saved answer name another option.
 * The app therefore also saves, beside the numbers, what they named: `texts`, the text each option or
 * item has in the lab file (a find_bug option's broken-rule id), one per number and in the same order.
 * Grading (and the app, reading a saved answer back) first moves each number to where its text is now.
 * Texts are compared as a student reads them (spacing and line breaks aside: rewrapping the lab file's
 * lines changes nothing), and against an option's former wordings too (`was`, listed by an author who
 * rewords it). A text found nowhere, or in more than one place (reworded without `was`, removed), leaves
 * its number as saved: the answer is then read by position, as one saved without texts always is.
 */
import { findBugOptions } from './find-bug-options.ts';
import type { Exercise } from './types.ts';

type Obj = Record<string, unknown>;
/** Superscripts, subscripts and fractions (Latin-1's ² ³ ¹ ¼ ½ ¾, and their blocks U+2070-209F, U+2150-218F). */
const KEPT_AS_WRITTEN = /[\u00b2\u00b3\u00b9\u00bc-\u00be\u2070-\u209f\u2150-\u218f]/u;
/**
 * A text as a student reads it: spaces at either end, and runs of spaces and line breaks, are not seen;
 * nor is a format character (Unicode Cf: a zero-width space or joiner, a soft hyphen, a direction mark,
 * typical of text pasted from a web page), and a compatibility form reads as its plain letter (NFKC: a
 * no-break space, a ligature ﬁ, a full-width Ａ). But not a superscript, a subscript or a fraction,
 * which NFKC would read as plain digits (2² as 22, ½ as 1/2): a student tells those apart.
 * (labs check tells options apart so too: validate.ts.)
 */
export const asRead = (s: unknown): string => {
  const text = String(s);
  // Plain ASCII, as nearly every option is, has no other form: a regrade reads thousands of texts.
  // eslint-disable-next-line no-control-regex
  const folded = /^[\x00-\x7f]*$/.test(text)
    ? text
    : [...text.normalize('NFC')]
        .map((c) => (KEPT_AS_WRITTEN.test(c) ? c : c.normalize('NFKC')))
        .join('')
        .normalize('NFC')
        .replace(/\p{Cf}/gu, '');
  return folded.replace(/\s+/g, ' ').trim();
};
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIndexList = (v: unknown): v is number[] =>
  Array.isArray(v) && v.every((n) => Number.isInteger(n) && n >= 0);

/**
 * The text of each option or item an answer to `ex` can name, in the lab file's order, as written there
 * (before a variant's parameters are put in, so that the same option has the same text in every
 * variant); a find_bug option's is its broken rule's id. Null for exercises whose answers name none.
 */
export function choiceTexts(ex: Exercise): string[] | null {
  switch (ex.kind) {
    case 'choose':
    case 'predict':
      return ex.options.map((o) => o.text);
    case 'order':
      return ex.items.map((i) => i.label);
    case 'find_bug':
      return findBugOptions(ex);
    case 'grid':
    case 'explain':
      return null;
  }
}

/**
 * Every wording each option or item has had, in the lab file's order: its text now, then its former ones
 * (`was`: an author who rewords an option after students started lists the old wording there, so that
 * answers saved with it still find it). A find_bug option's is its rule id alone.
 */
function choiceWordings(ex: Exercise): string[][] | null {
  switch (ex.kind) {
    case 'choose':
    case 'predict':
      return ex.options.map((o) => [o.text, ...(o.was ?? [])]);
    case 'order':
      return ex.items.map((i) => [i.label, ...(i.was ?? [])]);
    case 'find_bug':
      return findBugOptions(ex).map((id) => [id]);
    case 'grid':
    case 'explain':
      return null;
  }
}

/** Whether `saved` (a text saved with an answer) is a wording of option or item `n`. */
const wordingOf = (wordings: readonly string[][], n: number, saved: unknown): boolean =>
  (wordings[n] ?? []).some((w) => asRead(w) === asRead(saved));

/** Which field of an answer of this kind holds the numbers it names, and whether it is one number. */
function namedField(kind: unknown): { key: 'selected' | 'order'; single: boolean } | null {
  switch (kind) {
    case 'choose':
      return { key: 'selected', single: false };
    case 'order':
      return { key: 'order', single: false };
    case 'predict':
    case 'find_bug':
      return { key: 'selected', single: true };
    default:
      return null;
  }
}

/** The numbers an answer names, as a list (a single choice as a list of one); null when not readable. */
function namedNumbers(answer: Obj): number[] | null {
  const field = namedField(answer['kind']);
  if (!field) return null;
  const v = answer[field.key];
  const list = field.single ? [v] : v;
  return isIndexList(list) ? list : null;
}

/**
 * `answer` (one the page built for `ex`) with `texts` added: the lab-file text of each option or item it
 * names, in its order. Unchanged where the exercise's answers name none (grid, explain).
 */
export function withTexts<A>(ex: Exercise, answer: A): A {
  const texts = choiceTexts(ex);
  if (!texts || !isObj(answer)) return answer;
  const named = namedNumbers(answer);
  if (!named || named.some((n) => n >= texts.length)) return answer;
  return { ...answer, texts: named.map((n) => texts[n] as string) };
}

/**
 * What is wrong with a saved answer's `texts`, or null when it has none or they can be read: a list of
 * text, one for each number the answer names. An answer whose texts cannot be read is read by position.
 */
export function textsProblem(answer: unknown): string | null {
  if (!isObj(answer) || !('texts' in answer)) return null;
  const texts = answer['texts'];
  const named = namedNumbers(answer);
  if (!named) return null; // the numbers themselves are reported as they are
  if (!Array.isArray(texts) || !texts.every((t) => typeof t === 'string'))
    return 'must be a list of text (the lab-file text of each option or item named)';
  if (texts.length !== named.length)
    return `names ${texts.length} ${texts.length === 1 ? 'text' : 'texts'} for ${named.length} ${named.length === 1 ? 'number' : 'numbers'}`;
  return null;
}

/**
 * A saved answer to `ex` as the lab has its options and items now: each number moved to the one place
 * whose text is the text saved with it. Returned as it is when it has no readable `texts`, when nothing
 * moves, or when moving would name an option or item twice that the saved numbers named once each (some
 * texts found and some not can collide): then it is read by position, as before texts were saved.
 */
export function alignAnswer(ex: Exercise, answer: unknown): unknown {
  const wordings = choiceWordings(ex);
  if (!wordings || !isObj(answer) || textsProblem(answer) !== null) return answer;
  const saved = answer['texts'];
  const named = namedNumbers(answer);
  if (!Array.isArray(saved) || !named) return answer;
  const places = new Map<string, number[]>();
  wordings.forEach((ws, i) => {
    for (const w of new Set(ws.map(asRead))) places.set(w, [...(places.get(w) ?? []), i]);
  });
  const moved = named.map((n, k) => {
    if (wordingOf(wordings, n, saved[k])) return n;
    const at = places.get(asRead(saved[k]));
    return at?.length === 1 ? (at[0] as number) : n;
  });
  if (moved.every((n, k) => n === named[k])) return answer;
  if (new Set(moved).size < new Set(named).size) return answer;
  const field = namedField(answer['kind']);
  if (!field) return answer;
  return { ...answer, [field.key]: field.single ? moved[0] : moved };
}

/** A text saved with an answer that the lab no longer has in one place: its number is read as it is. */
export interface LostText {
  /** Its place in the answer's `texts`. */
  k: number;
  text: string;
  /** The number it was saved with, read as it stands. */
  number: number;
  /** The text at that number in the lab now (undefined when the lab has no such option or item). */
  now: string | undefined;
}

/**
 * The texts saved with an answer to `ex` that alignAnswer could not place: reworded, removed, found
 * twice, or in a collision. Their numbers are read by position, which may name another option than the
 * student's: a grader says so. None for an answer without readable texts.
 */
export function lostTexts(ex: Exercise, answer: unknown): LostText[] {
  const texts = choiceTexts(ex);
  const wordings = choiceWordings(ex);
  if (!texts || !wordings || !isObj(answer) || textsProblem(answer) !== null) return [];
  const saved = answer['texts'];
  const aligned = alignAnswer(ex, answer);
  const named = isObj(aligned) ? namedNumbers(aligned) : null;
  if (!Array.isArray(saved) || !named) return [];
  return named.flatMap((number, k) =>
    wordingOf(wordings, number, saved[k])
      ? []
      : [{ k, text: saved[k] as string, number, now: texts[number] }],
  );
}
