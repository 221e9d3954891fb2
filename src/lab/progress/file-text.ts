/**
 * What is checked of a progress file's text besides its schema, by the app's store
 * (src/node/progress/store.ts) and by grading (src/lab/class-grade.ts, src/node/grade-files.ts) alike, so
 * that a student and their instructor are told the same thing of the same file. Pure.
 */
import { encodingProblem } from '../../sim/text-encoding.ts';

/**
 * Larger than any real progress file (thousands of attempts make a few hundred KB), so a wrong file (a
 * video, a disk image, a file of zeros) is refused before it is read: read whole, one of more than about
 * 512 MB cannot even be made a string, and the store then could neither load nor save anything.
 */
export const MAX_PROGRESS_BYTES = 20 * 1024 * 1024;

/**
 * A size in MB (2^20 bytes), to one decimal; to two within 1 MB of the limit, where one decimal read
 * "20 MB … a progress file is at most 20 MB" for a file just over it.
 */
export function megabytes(bytes: number): string {
  const mb = bytes / 2 ** 20;
  if (Math.abs(bytes - MAX_PROGRESS_BYTES) < 2 ** 20) return `${mb.toFixed(2)} MB`;
  return `${Number(mb.toFixed(1))} MB`;
}

/** The limit in words, with its bytes: a size just over it may still read "20.00 MB". */
export const MAX_PROGRESS_TEXT = `${MAX_PROGRESS_BYTES / 2 ** 20} MB, ${MAX_PROGRESS_BYTES} bytes`;

/**
 * Why a file of `bytes` is refused: "too large for a progress file (600 MB, 629145600 bytes; …)". `atLeast`:
 * the bytes read before the read stopped (a file growing while it was read), not its size.
 */
export function tooLargeText(bytes: number, { atLeast = false }: { atLeast?: boolean } = {}): string {
  return `too large for a progress file (${atLeast ? 'at least ' : ''}${megabytes(bytes)}, ${bytes} bytes; a progress file is at most ${MAX_PROGRESS_TEXT})`;
}

/**
 * What is wrong with a progress file's text before its JSON is read (a byte-order mark taken off), to
 * follow "it" or the file's name: "is empty or blank (zero-filled)", "is not UTF-8 text (it looks like
 * UTF-16, …)"; null when neither. Told apart, as JSON.parse would only say "unexpected "�"" at line 1.
 */
export function textProblem(text: string): string | null {
  if (text.trim() === '' || /^\0+$/.test(text)) return 'is empty or blank (zero-filled)';
  // A run of zero bytes is no encoding's (UTF-16 and UTF-32 put at most three together): a file whose
  // end was never written, the computer stopping mid-save, would be taken for UTF-32 by its NULs and the
  // student asked to save it as UTF-8. It is said to be bad JSON, where it is.
  return text.includes('\0\0\0\0') ? null : encodingProblem(text);
}

/** A key written twice in one JSON object. */
export interface RepeatedKey {
  key: string;
  /** The object holding both copies, as a path from the top ('' for the top-level object): `attempts[2].answer`. */
  path: string;
  /** The offset of each copy's opening quote in the text: the first, then the one repeating it. */
  first: number;
  again: number;
}

/** An object or an array being scanned. */
interface Frame {
  /** An object's keys so far, each at the offset of its first copy; null for an array. */
  keys: Map<string, number> | null;
  /** The key whose value is being read (an object). */
  key: string;
  /** The index of the item being read (an array). */
  index: number;
  /** Whether the next string is a key: after `{` or a `,` in an object. */
  expectKey: boolean;
}

/**
 * The first key written twice in one object of a JSON text, at any depth, or null. JSON.parse keeps the
 * last copy and drops the other without a word: a student who pastes a second "attempts" list into
 * their file, to merge two computers' work, would lose the first list silently. Keys are compared as
 * JSON.parse reads them ("a" and "\u0061" are the same key).
 *
 * Meant for a text JSON.parse has accepted: the scan checks no grammar, only follows strings and
 * brackets. On any other text it still ends, in one pass, and what it says is of no use.
 */
export function findRepeatedKey(text: string): RepeatedKey | null {
  const stack: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const end = closingQuote(text, i);
      if (end < 0) return null;
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectKey) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes('\\') ? unescapeKey(raw) : raw;
        const first = top.keys.get(key);
        if (first !== undefined) return { key, path: pathOf(stack), first, again: i };
        top.keys.set(key, i);
        top.key = key;
        top.expectKey = false;
      }
      i = end;
    } else if (c === 0x7b /* { */) stack.push({ keys: new Map(), key: '', index: 0, expectKey: true });
    else if (c === 0x5b /* [ */) stack.push({ keys: null, key: '', index: 0, expectKey: false });
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) stack.pop();
    else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.keys) top.expectKey = true;
      else if (top) top.index++;
    }
  }
  return null;
}

/** The offset of the quote that ends the string opened at `open` (one not escaped), or -1. */
function closingQuote(text: string, open: number): number {
  let at = open;
  for (;;) {
    at = text.indexOf('"', at + 1);
    if (at < 0) return -1;
    // Escaped when an odd number of backslashes stand before it: each backslash is counted for one quote
    // only, so the scan stays linear whatever the string.
    let slashes = 0;
    for (let k = at - 1; k > open && text.charCodeAt(k) === 0x5c; k--) slashes++;
    if (slashes % 2 === 0) return at;
  }
}

function unescapeKey(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** The path to the object on top of the stack, as it would be written in code: attempts[2].answer. */
function pathOf(stack: readonly Frame[]): string {
  let path = '';
  for (const f of stack.slice(0, -1)) {
    if (!f.keys) path += `[${f.index}]`;
    else path += IDENTIFIER.test(f.key) ? `.${f.key}` : `[${shownKey(f.key)}]`;
  }
  return path.replace(/^\./, '');
}

/**
 * A key from a file as it is shown, quoted: its control characters and the marks that reverse the
 * text's direction escaped (they would rewrite the lines of a terminal or a table around it), and a
 * long one cut.
 */
function shownKey(key: string): string {
  const cut = key.length > 60 ? `${key.slice(0, 60)}…` : key;
  return JSON.stringify(cut).replace(
    /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Where an offset of a text is, as describeJsonError says it: "line 3, column 15". */
function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) {
    line++;
    lineStart = at + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

/**
 * A repeated key in words, the key and both places named: 'the key "attempts" is written twice in the
 * same object (at the top level), at line 1, column 36 and at line 1, column 392'.
 */
export function repeatedKeyText(text: string, r: RepeatedKey): string {
  const where = r.path ? `in ${r.path}` : 'at the top level';
  return `the key ${shownKey(r.key)} is written twice in the same object (${where}), at ${lineAndColumn(text, r.first)} and at ${lineAndColumn(text, r.again)}`;
}
