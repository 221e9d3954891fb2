/** lab.yaml text to data, with a field-to-line lookup for error messages. */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { documentData, lineOf } from '../sim/index.ts';
import {
  collectionKey,
  duplicateKeyMessage,
  isTooDeep,
  PARSE_OPTIONS,
  TAB_INDENT,
  TOO_DEEP,
  yamlErrorsAt,
  type YamlErrorAt,
} from '../sim/parse.ts';
import {
  encodingProblem,
  escapeControls,
  normalizeLineEnds,
  STRAY_BYTE,
  strayByteLine,
} from '../sim/text-encoding.ts';
import { cut } from '../sim/validate.ts';

/** A line's indentation: the spaces it starts with. */
const indentOf = (line: string): number => /^ */.exec(line)?.[0].length ?? 0;

/** A line of list entry (`- …`), against one of a mapping's keys (`key: …`). */
const isItem = (line: string): boolean => /^\s*-(\s|$)/.test(line);

/** `1 space`, `4 spaces`. */
const spaces = (n: number): string => `${n} space${n === 1 ? '' : 's'}`;

/** Quoted in a message: the line as written, its indentation aside, cut when long. */
const lineSaid = (line: string): string => {
  const s = line.trim();
  return `"${s.length > 40 ? `${s.slice(0, 39)}…` : s}"`;
};

/**
 * The lines (0-based) an indentation slip can be measured against: not blank, not a comment, not the
 * text of a block scalar (the lines under `explain: >-` are text, whatever they start with).
 */
function structuralLines(lines: readonly string[]): boolean[] {
  const out = lines.map((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  for (let i = 0; i < lines.length; i++) {
    if (!/(:|^\s*-|\s-)\s+[|>][1-9+-]*\s*(#.*)?$/.test(lines[i] as string)) continue;
    const header = indentOf(lines[i] as string);
    for (let j = i + 1; j < lines.length; j++) {
      const l = lines[j] as string;
      if (l.trim() !== '' && indentOf(l) <= header) break;
      out[j] = false;
      i = j;
    }
  }
  return out;
}

/**
 * What to say of a line (1-based) whose indentation does not fit: against the nearest line above of
 * its kind (a list entry's "- ", or a key) that starts a column or two away, else the line above.
 */
function indentMessage(text: string, line: number): string {
  const lines = text.split(/\r?\n/);
  const here = lines[line - 1] ?? '';
  const structural = structuralLines(lines);
  const item = isItem(here);
  const col = indentOf(here);
  // The column of a line's key: after the "- " of an entry holding a mapping (`- text: …`).
  const keyCol = (l: string) => (isItem(l) ? (/^\s*-\s+/.exec(l)?.[0].length ?? indentOf(l)) : indentOf(l));
  let above: number | undefined;
  let like: number | undefined;
  for (let i = line - 2; i >= 0 && i >= line - 61; i--) {
    if (!structural[i]) continue;
    const l = lines[i] as string;
    above ??= i;
    const c = item ? (isItem(l) ? indentOf(l) : undefined) : keyCol(l);
    if (c !== undefined && c !== col && Math.abs(c - col) <= 2) {
      like = i;
      break;
    }
    // A line left of both ends the block the slipped line belongs to.
    if (indentOf(l) < col - 2) break;
  }
  // `-text: x`: a "-" with no space after it is no list entry, but a key of the mapping around it.
  if (/^\s*-[^\s-]/.test(here))
    return `a list entry needs a space after its "-": write "- ${cut(here.trim().slice(1))}"`;
  const rule = '(the keys of one mapping start in one column, and so do the "- " of one list)';
  const what = item ? 'its "- "' : 'it';
  if (like !== undefined) {
    const l = lines[like] as string;
    const c = item ? indentOf(l) : keyCol(l);
    return `check this line's indentation against the line above: ${what} starts after ${spaces(col)}, and on line ${like + 1} (${lineSaid(l)}) after ${spaces(c)} ${rule}`;
  }
  if (above !== undefined)
    return `check this line's indentation against the line above: ${what} starts after ${spaces(col)}, line ${above + 1} (${lineSaid(lines[above] as string)}) after ${spaces(indentOf(lines[above] as string))} ${rule}`;
  return `check this line's indentation ${rule}`;
}

/** The keys of lab.yaml (its own and a scenario's): a word of these before ": " is a key, not text. */
const LAB_KEYS = new Set(
  `id order title summary objectives steps exercises prose scenario actions kind prompt points hints params
  multiple options expect sites phases items unordered must after mutants decoys model_answer text claim fact explain why_not
  misconception label match values range fn cpu site via phase value first then how wbinvd no_wbinvd
  flag_at_start relocate_flag host_mem_enc_active outcome stopped race corrupted kexec_cpu step_before
  kernel platform path start_cpu stop events seed reboot_cpu faults mutant vendor cpus sme snp_host tdx
  tdx_host_kernel tdx_pw_mce seamcall offline kvm_disable skip_wbinvd`.split(/\s+/),
);

/**
 * Whether `word`, before a ": " on line `at` (1-based), is a key: one of lab.yaml's, or a word written as a
 * key on another line of the file. Else the ": " is part of a text.
 */
function isKey(word: string, lines: readonly string[], at: number): boolean {
  if (!/^[a-z_][\w-]*$/.test(word)) return false;
  if (LAB_KEYS.has(word)) return true;
  const key = new RegExp(`^\\s*(-\\s+)?${word}:(\\s|$)`);
  return lines.some((l, i) => i !== at - 1 && key.test(l));
}

/** The hint for a text holding ": " that YAML read as a key. */
const COLON_TIP = `quote text that contains ": " (e.g. prompt: 'Order: put these steps in order')`;

/** What YAML reads a text starting with each indicator as, for the ones an author's text may start with. */
const INDICATOR_READ: Readonly<Record<string, string>> = {
  '`': 'a reserved character',
  '@': 'a reserved character',
  '%': 'a directive',
  '*': 'an alias (*name)',
  '&': 'an anchor (&name)',
  '!': 'a tag (!name)',
  '[': 'the start of a list',
  '{': 'the start of a mapping',
  '"': 'a quoted text that ends at the next "',
  "'": "a quoted text that ends at the next '",
};

/**
 * A line whose text (after `key: ` or `- `) starts with a character YAML reads as something else, such as
 * inline Markdown's `code` or *emphasis*: what to write instead, or null when the line's text does not.
 */
function indicatorMessage(line: string): string | null {
  const m = /^(\s*(?:-\s+)?(?:[\w-]+:\s+)?)(\S.*)$/.exec(line);
  const text = m?.[2]?.trimEnd() ?? '';
  const read = INDICATOR_READ[text[0] ?? ''];
  if (!m || !read) return null;
  const key = (m[1] ?? '').trim();
  return `this line's text starts with ${text[0]}, which YAML reads as ${read}: put the whole text in quotes (${key ? `${key} ` : ''}'${text.replace(/'/g, "''")}'; inside '…' write ' as '')`;
}

/** What to say of a key written without its ": " (`hints` for `hints:`), or null when the line has one. */
function colonlessMessage(line: string): string | null {
  if (/:(\s|$)/.test(line)) return null;
  const m = /^\s*(?:-\s+)?([\w-]+)(?:\s+(.*))?$/.exec(line);
  return m ? `this line has no ": " after its key: write ${m[1]}:${m[2] ? ` ${m[2]}` : ''}` : null;
}

/**
 * A YAML error as an author can act on it, at the line to change (the library's may be the line before
 * it), and whether it is a slip (of indentation, a ": " left out, a { left open) that the library then
 * echoes at the lines after it: those are not said. The ": " tip is given only where a line holds ": "
 * inside a text. Other errors: the library's message, with what to do for the mistakes an author makes
 * most (a second document, a key written twice, a tab that indents a line, which the library may not
 * name: see yamlErrorsAt).
 */
function syntaxError(
  { error: e, line, tab }: YamlErrorAt,
  text: string,
  lc: LineCounter,
): { line: number; message: string; slip?: true } {
  const message = e.message.split('\n')[0] ?? e.message;
  const lines = text.split(/\r?\n/);
  const lineAt = (pos: number) => lc.linePos(pos).line;
  // The error's first character that is not a blank: the library may point at the line end before it.
  const start = e.pos[0] + (/^\s*/.exec(text.slice(e.pos[0]))?.[0].length ?? 0);
  const first = lineAt(start);
  /** The text of line n before offset `pos`, its indentation and a "- " aside. */
  const before = (n: number, pos: number) =>
    text
      .slice(lc.lineStarts[n - 1] ?? pos, pos)
      .trim()
      .replace(/^-(\s+|$)/, '');
  const slip = (m: string, at: number) => ({ line: at, message: m, slip: true as const });
  const indent = (at: number) => slip(indentMessage(text, at), at);
  if (tab) return { line, message: TAB_INDENT };
  if (isTooDeep(message)) return { line, message: TOO_DEEP };
  switch (e.code) {
    case 'BAD_SCALAR_START':
    case 'UNEXPECTED_TOKEN': {
      // `code` or *emphasis* first in a text: YAML reads its first character as syntax.
      const said = /^Plain value cannot start|^Unexpected scalar at node end/.test(message)
        ? indicatorMessage(lines[first - 1] ?? '')
        : null;
      return said ? { line: first, message: said } : { line, message };
    }
    case 'MULTIPLE_DOCS':
      return {
        line,
        message:
          'a lab.yaml holds one document: remove the --- line (and move what follows it into this document, or into a lab of its own)',
      };
    case 'DUPLICATE_KEY':
      return { line, message: duplicateKeyMessage(e, text) };
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY': {
      // "A block sequence may not be used as an implicit map key": a "- " entry indented into the line above.
      if (/block sequence/i.test(message)) return indent(first);
      // A key alone on its line with no ": " (`hints`): the lines below are read as more of it.
      const colonless = before(first, start) === '' ? colonlessMessage(lines[first - 1] ?? '') : null;
      if (colonless) return slip(colonless, first);
      // The text read as a key runs from the error to the first ": ". On the error's line: a text holding ": ".
      const colon = /:(?=\s|$)/.exec(text.slice(start));
      const end = colon ? start + colon.index : start;
      if (!text.slice(start, end).includes('\n'))
        return {
          line: first,
          message: `this line holds ": " inside a text, which YAML reads as a key: ${COLON_TIP}`,
        };
      // On a line below: a key indented past the one above (read as more of its value), or a text's ": ".
      const at = lineAt(end);
      return isKey(before(at, end), lines, at)
        ? indent(at)
        : { line: at, message: `this line, read as more of the text above it, holds ": ": ${COLON_TIP}` };
    }
    case 'BAD_INDENT':
      if (/flow (map|sequence|collection)/i.test(message)) {
        // A { or [ left open: the lines after it are read as more of it.
        const count = (l: string, c: string) => [...l].filter((x) => x === c).length;
        for (let i = first - 1; i >= 0 && i >= first - 20; i--) {
          const l = lines[i] ?? '';
          const brace = count(l, '{') > count(l, '}');
          if (brace || count(l, '[') > count(l, ']'))
            return slip(
              `the ${brace ? '{' : '['} on this line is not closed: end it with ${brace ? '}' : ']'}`,
              i + 1,
            );
        }
        return slip(message, first);
      }
      return indent(first);
    case 'MISSING_CHAR':
      if (/implicit map keys need to be followed/i.test(message)) {
        const colonless = colonlessMessage(lines[first - 1] ?? '');
        if (colonless) return slip(colonless, first);
      }
      return /sequence item without|implicit map keys need to be followed/i.test(message)
        ? indent(first)
        : { line, message };
    default:
      return { line, message };
  }
}

/** A list or mapping written in brackets (`[a, b]`), not as "- " lines or keys. */
const isFlow = (n: Node): boolean => 'flow' in n && n.flow === true;

/**
 * Texts that swallowed a list entry: an unquoted text whose next line starts with "- " is valid YAML,
 * read as more of the text ("Look at… - second": the line break folded to a space), never as an entry.
 * Indented under a hint, an objective or an option, the "- " line of the next entry merges the two:
 *
 *     hints:
 *     - Look at…
 *       - second
 *
 * is one hint. The parsed text no longer shows the line break ("a - b" is a fine text), so each unquoted
 * text is read as written, in the file: a "- " at the start of any line after its first is the slip,
 * named at that line and the text's field. A quoted text, or a block (`|`, `>`), is the author's own
 * layout and left alone.
 */
function swallowedItems(root: Node | null, text: string, lc: LineCounter): LabYamlError[] {
  const out: LabYamlError[] = [];
  const walk = (node: unknown, field: string, list: Node | null): void => {
    if (isMap(node))
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        walk(pair.value, field ? `${field}.${key}` : key, null);
      }
    else if (isSeq(node)) node.items.forEach((item, i) => walk(item, `${field}[${i}]`, node));
    else if (isScalar(node) && node.type === 'PLAIN' && node.range) {
      const [start, end] = node.range;
      const lines = text.slice(start, end).split('\n');
      const k = lines.findIndex((l, i) => i > 0 && isItem(l));
      if (k < 0) return;
      const line = lc.linePos(start).line + k;
      const here = text.split('\n')[line - 1] ?? '';
      const at = field || '(top level)';
      const read = cut(JSON.stringify(node.value));
      const quote = 'or, if the dash belongs to the text, put the whole text in quotes';
      // The column of the "- " of a block list's entries: the slipped line's belongs there.
      const col = list && !isFlow(list) && list.range ? lc.linePos(list.range[0]).col - 1 : undefined;
      out.push({
        line,
        field: at,
        message:
          col === undefined
            ? `this line (${lineSaid(here)}) was read as more of the text above it, not as a list entry (the text reads ${read}): YAML folds a "- " line under an unquoted text into it. If it is an entry of a list, check its indentation (the "- " of one list start in one column), ${quote}`
            : `this line (${lineSaid(here)}) was read as more of the entry above it, not as an entry of its own (the entry reads ${read}): the indentation merged two list entries. Its "- " starts after ${spaces(indentOf(here))}, the list's after ${spaces(col)}: start it after ${spaces(col)} to make it an entry of its own, ${quote}`,
      });
    }
  };
  walk(root, '', null);
  return out;
}

/**
 * A problem of the text: at a line, or (no line) of the whole file, `field` then saying so. Lines come in
 * the order of the file. A text that YAML reads other than its lines show (swallowedItems) is at its
 * line and names its field as well.
 */
export interface LabYamlError {
  line?: number;
  field?: string;
  message: string;
}

/**
 * lab.yaml's data, or the errors that keep YAML from reading it. Read, it may still hold problems of
 * its text (`problems`: a "- " line folded into the text above, swallowedItems): YAML read it, but not as
 * it is written. They do not stop the data from being validated, so that they are listed with the lab's
 * other problems (validateLab's `textProblems`), and the lab is refused all the same.
 */
export function parseLabYaml(
  text: string,
):
  | { ok: true; data: unknown; lineOf: (field: string) => number | undefined; problems: LabYamlError[] }
  | { ok: false; errors: LabYamlError[] } {
  const r = parseNormalized(normalizeLineEnds(text));
  // A message may quote a line of the file (what to write instead): its control characters escaped.
  const escaped = (list: LabYamlError[]) => list.map((e) => ({ ...e, message: escapeControls(e.message) }));
  return r.ok ? { ...r, problems: escaped(r.problems) } : { ok: false, errors: escaped(r.errors) };
}

function parseNormalized(
  text: string,
):
  | { ok: true; data: unknown; lineOf: (field: string) => number | undefined; problems: LabYamlError[] }
  | { ok: false; errors: LabYamlError[] } {
  // UTF-16 read as UTF-8 parses as one odd scalar ("must be a mapping"): say what it is instead.
  const encoding = encodingProblem(text);
  if (encoding) return { ok: false, errors: [{ field: '(file)', message: encoding }] };
  // Saved in Latin-1 (or any 8-bit encoding), an accented letter is no UTF-8 and reads as U+FFFD: the
  // YAML parses, and students would see "Qui ex�cute" in the title. Refused at its line, as in prose.
  const stray = strayByteLine(text);
  if (stray !== null) return { ok: false, errors: [{ line: stray, message: STRAY_BYTE }] };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, ...PARSE_OPTIONS });
  if (doc.errors.length) {
    const errors: LabYamlError[] = [];
    for (const at of yamlErrorsAt(doc.errors, text, lineCounter)) {
      const { slip, ...error } = syntaxError(at, text, lineCounter);
      // The library may say one mistake twice (an unquoted ": " twice on a line): once is enough.
      if (!errors.some((x) => x.line === error.line && x.message === error.message)) errors.push(error);
      // After a slip of indentation the lines below are read wrongly, each error an echo of it: one message.
      if (slip) break;
    }
    return { ok: false, errors };
  }
  // `prompt: {{c}}: the CPU…` reads as a key {c} inside a key, and the ": " after it as a key of the
  // exercise with no name: one message, at the line, with the whole text quoted (documentData's is generic).
  const key = collectionKey(doc);
  const keyLine = key?.range ? lineCounter.linePos(key.range[0]).line : undefined;
  const keySaid = keyLine ? indicatorMessage(text.split('\n')[keyLine - 1] ?? '') : null;
  if (keyLine && keySaid) return { ok: false, errors: [{ line: keyLine, message: keySaid }] };
  const data = documentData(doc, lineCounter);
  if (!data.ok) return { ok: false, errors: [{ line: data.line ?? 1, message: data.message }] };
  return {
    ok: true,
    data: data.data,
    lineOf: (field) => lineOf(doc.contents, field, lineCounter),
    problems: swallowedItems(doc.contents as Node | null, text, lineCounter),
  };
}
