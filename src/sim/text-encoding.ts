/**
 * Whether a file read as UTF-8 text was saved as something else. Every file of this app (scenarios,
 * lab.yaml, a step's prose, a progress file) is read as UTF-8; one saved by Windows Notepad as "Unicode"
 * or written by PowerShell 5's `>` is UTF-16, and then reads as a byte-order mark that is no character
 * (two U+FFFD) and a NUL after every letter. The YAML and JSON readers then say something true of the
 * garbage ("must be a mapping", "unexpected character") and nothing of the cause: this names it.
 * Pure: it looks at the decoded text, as Node's readFile(…, 'utf8') and the browser's File.text() give it.
 */

/**
 * Where the first character is that no text file holds, or -1. Bytes that are no UTF-8 read as U+FFFD;
 * a NUL or another control character (not a tab or a line end) is no text either. Either shows as
 * garbage on the student's screen: a binary file, or a file in another encoding.
 */
export function firstNonText(text: string): number {
  return text.search(NON_TEXT);
}

/** The control characters (a NUL among them) that no text holds: a tab and the line ends aside. */
const CONTROL_CHARS = '\\u0000-\\u0008\\u000e-\\u001f\\u007f';
const CONTROL = new RegExp(`[${CONTROL_CHARS}]`);
/** The same, or a byte that is no UTF-8 (read as U+FFFD). */
const NON_TEXT = new RegExp(`[${CONTROL_CHARS}\\ufffd]`);

/** How much of a long file is looked at for NULs: its start says how it was saved. */
const SAMPLE = 4096;

/** The encoding a byte-order mark at the start of a text read as UTF-8 names, if any. */
function wideBom(text: string): 'UTF-16' | 'UTF-32' | null {
  // The marks FF FE 00 00 (UTF-32LE) and 00 00 FE FF (UTF-32BE), then FF FE and FE FF (UTF-16), each byte
  // of FF and FE being no UTF-8.
  if (text.startsWith('\uFFFD\uFFFD\0\0') || text.startsWith('\0\0\uFFFD\uFFFD')) return 'UTF-32';
  if (text.startsWith('\uFFFD\uFFFD')) return 'UTF-16';
  return null;
}

/**
 * The encoding a text read as UTF-8 was really saved in, when it shows: 'UTF-16' or 'UTF-32' (from the
 * byte-order mark, or, without one, from NULs between the letters), else null.
 */
export function wideEncoding(text: string): 'UTF-16' | 'UTF-32' | null {
  const bom = wideBom(text);
  if (bom) return bom;
  // No mark (iconv, some editors): a letter of the ASCII range is one byte and a NUL in UTF-16, three
  // NULs in UTF-32. A text file has none; a few in a binary file say nothing of an encoding.
  const sample = text.slice(0, SAMPLE);
  if (sample.length < 4) return null;
  let nuls = 0;
  for (let i = 0; i < sample.length; i++) if (sample.charCodeAt(i) === 0) nuls++;
  const share = nuls / sample.length;
  if (share >= 0.6) return 'UTF-32';
  if (share >= 0.25) return 'UTF-16';
  return null;
}

/**
 * What to say of a text that is not UTF-8 (to follow the file's name), or null when it reads as UTF-8
 * or shows no other encoding. `what`: the kind of file, in "save it as UTF-8 …" (e.g. "Markdown").
 */
export function encodingProblem(text: string, what = ''): string | null {
  const wide = wideEncoding(text);
  if (!wide) return null;
  const as = `UTF-8${what ? ` ${what}` : ''}`;
  return wide === 'UTF-16'
    ? `is not UTF-8 text (it looks like UTF-16, as Windows Notepad saves "Unicode" and PowerShell 5's > writes): save it as ${as} (in Notepad: Save As, Encoding UTF-8; in PowerShell: | Out-File -Encoding utf8)`
    : `is not UTF-8 text (it looks like UTF-32): save it as ${as}`;
}

/**
 * What to say, at its line, of a text with a byte that is no UTF-8 (read as U+FFFD) but no other sign of
 * another encoding: saved in Latin-1 or another 8-bit encoding, an accented letter is such a byte. The
 * text parses, and would show or read "Jos�": refused instead, where it is.
 */
export const STRAY_BYTE =
  'is not UTF-8 text (a byte that is no character, U+FFFD, first at this line; Latin-1 or another 8-bit encoding?): save it as UTF-8';

/** The line (1-based) of the first U+FFFD in a text, or null when it has none. */
export function strayByteLine(text: string): number | null {
  const at = text.indexOf('\uFFFD');
  return at < 0 ? null : text.slice(0, at).split('\n').length;
}

/** How many bytes a text takes in UTF-8 (the text as decoded: a character no UTF-8 made is not in it). */
function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * Where a text read as UTF-8 shows it is no text file at all (an executable, an image, an archive, random
 * bytes): the first byte no text holds, with its value when the text tells it (null: bytes that are no
 * UTF-8, read as U+FFFD, whose value is gone), at its offset in the file. Only when the text holds a
 * control character (a NUL, an escape…): a file in another 8-bit encoding (Latin-1) holds none, and one
 * saved as UTF-16 or UTF-32 (a byte-order mark, or NULs between control-free letters) is for
 * encodingProblem to name. Null for text.
 */
export function binaryAt(text: string): { offset: number; byte: number | null } | null {
  if (wideBom(text) || !CONTROL.test(text)) return null;
  if (wideEncoding(text) && !CONTROL.test(text.slice(0, SAMPLE).replace(/\0/g, ''))) return null;
  // Before the first character that is no text, every character is text: its UTF-8 length is the offset.
  const at = firstNonText(text);
  const c = text.charCodeAt(at);
  return { offset: utf8Length(text.slice(0, at)), byte: c === 0xfffd ? null : c };
}

/** The control characters with an escape of their own, as YAML and JSON spell them. */
const ESCAPES: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * Text from a file, made safe to echo in a message: each control character (C0, DEL and C1, a tab and
 * line ends among them) written as an escape (`\x1b`, `\n`), as a YAML or JSON string may spell it. Raw,
 * an escape sequence from a file reaches the terminal and acts there (clears the screen, retitles the
 * window); a line end would break the message's one line. `keepLayout`: tabs and LFs stay, for text
 * printed as the lines it has.
 */
export function escapeControls(text: string, { keepLayout = false } = {}): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    if (keepLayout && (c === '\t' || c === '\n')) return c;
    const named = ESCAPES[c];
    return named ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

/**
 * Text with its line ends made LF: CRLF (Windows) and a lone CR (old Mac OS, or the last line of a CRLF
 * file cut after its CR). YAML reads a lone CR as part of the text around it ("kexec\r"), and a file of
 * CR-only lines as one line. Each line end becomes one LF: a line keeps the number an editor gives it.
 */
export const normalizeLineEnds = (text: string): string => text.replace(/\r\n?/g, '\n');
