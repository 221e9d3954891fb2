/** Scenario files (YAML or JSON text) to a validated Scenario, with line numbers on every issue. */
import {
  isAlias,
  isCollection,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Alias,
  type Document,
  type Node,
  type YAMLError,
} from 'yaml';
import type { ScenarioIssue, ScenarioResult } from './scenario.ts';
import { binaryAt, encodingProblem, escapeControls, normalizeLineEnds } from './text-encoding.ts';
import { cut, issueKeyPath, validateScenario, type KeyPath } from './validate.ts';

/** What to say of data nested past what the reader's recursion can follow (it overflows the stack). */
export const TOO_DEEP =
  'is nested too deeply to be read (lists or mappings inside one another, far deeper than any file of this app needs)';

/** The reader's recursion ran out of stack: the data is nested too deeply, whatever the library calls it. */
export const isTooDeep = (message: string): boolean => /maximum call stack/i.test(message);

/** What to say of a tab that indents a line: YAML indents with spaces only. */
export const TAB_INDENT =
  'this line is indented with a tab: YAML indents with spaces only; replace the tab with spaces';

/** A YAML error with its line, and whether that line is indented with a tab (what then caused it). */
export interface YamlErrorAt {
  error: YAMLError;
  line: number;
  tab: boolean;
}

/** Whether line `line` (1-based) starts with a tab among the blanks that indent it. */
function tabIndented(text: string, lineCounter: LineCounter, line: number): boolean {
  const start = lineCounter.lineStarts[line - 1];
  return start !== undefined && /^ *\t/.test(text.slice(start, start + 256));
}

/**
 * The library's errors in the order of the file, each with its line. A line indented with a tab makes
 * the library read the rest of its block wrongly and say so at that line and every line after, never
 * naming the tab (after a `>-` text: "Block scalar lines must not be less indented", then "Nested
 * mappings…", ten errors in all), and it may say so first at the line above (`hints:` over a tab-indented
 * `- `: "A block sequence may not be used as an implicit map key"). So when the first error is on a line
 * indented with a tab, or on the line just above one, that tab is the mistake: only the errors on lines
 * indented with a tab are kept, each to be said as a tab.
 */
export function yamlErrorsAt(
  errors: readonly YAMLError[],
  text: string,
  lineCounter: LineCounter,
): YamlErrorAt[] {
  const at = [...errors]
    .sort((a, b) => a.pos[0] - b.pos[0])
    .map((error) => {
      const line = lineCounter.linePos(error.pos[0]).line;
      return { error, line, tab: error.code === 'TAB_AS_INDENT' || tabIndented(text, lineCounter, line) };
    });
  const firstTab = at.find((x) => x.tab);
  const first = at[0];
  return first && firstTab && first.line >= firstTab.line - 1 ? at.filter((x) => x.tab) : at;
}

/** A key written twice, named (the library says only "Map keys must be unique"), with what to do. */
export function duplicateKeyMessage(e: YAMLError, text: string): string {
  const message = e.message.split('\n')[0] ?? e.message;
  const key = /^\s*(?:-\s+)?["']?([^"':#{},[\]\n]+?)["']?\s*:/.exec(text.slice(e.pos[0]))?.[1];
  return `${key ? `key "${key}" is written twice in this mapping` : message}: keep one of them`;
}

/**
 * A YAML error as a scenario's author can act on it. The library's words for a second document and for
 * data nested past its recursion speak of its own API and of the stack, not of the file; for a key
 * written twice they do not name the key.
 */
function syntaxIssue({ error: e, line, tab }: YamlErrorAt, text: string): ScenarioIssue {
  const message = e.message.split('\n')[0] ?? e.message;
  if (tab) return { field: '(syntax)', message: TAB_INDENT, line };
  if (e.code === 'MULTIPLE_DOCS')
    return {
      field: '(file)',
      message: `a scenario file holds one YAML document, and a second one starts at line ${line} (---): remove it, or put it in a file of its own`,
      line,
    };
  if (isTooDeep(message)) return { field: '(file)', message: TOO_DEEP, line };
  if (e.code === 'DUPLICATE_KEY') return { field: '(syntax)', message: duplicateKeyMessage(e, text), line };
  return { field: '(syntax)', message, line };
}

/** Each syntax error once: data nested too deeply overflows the reader at every level it unwinds. */
function syntaxIssues(errors: readonly YAMLError[], text: string, lineCounter: LineCounter): ScenarioIssue[] {
  const out: ScenarioIssue[] = [];
  for (const issue of yamlErrorsAt(errors, text, lineCounter).map((e) => syntaxIssue(e, text)))
    if (!out.some((x) => x.line === issue.line && x.message === issue.message)) out.push(issue);
  return out;
}

/** Issues in the order of the file (an issue of no line, about the whole file, first). */
const byLine = (issues: ScenarioIssue[]): ScenarioIssue[] =>
  issues
    .map((issue, i) => ({ issue, i }))
    .sort((a, b) => (a.issue.line ?? 0) - (b.issue.line ?? 0) || a.i - b.i)
    .map((x) => x.issue);

/**
 * An issue as it is printed: a field that echoes a key of the file (a pasted paragraph, an escape
 * sequence) cut and its control characters escaped, as a message's echoes of values are (show).
 */
const printable = (issue: ScenarioIssue): ScenarioIssue => ({
  ...issue,
  field: cut(escapeControls(issue.field)),
  message: escapeControls(issue.message),
});

/** What to say of a scenario file with nothing in it (or only comments). */
export const EMPTY_SCENARIO =
  'is empty: a scenario needs at least kernel and platform, with its vendor and cpus';

/** What to say of a scenario file that is no text (binaryAt). */
const notTextMessage = ({ offset, byte }: { offset: number; byte: number | null }): string =>
  `is not a text file (${byte === null ? 'a byte that is not UTF-8' : `byte 0x${byte.toString(16).padStart(2, '0')}`} at offset ${offset}): a scenario is YAML or JSON text`;

/** Parses and validates scenario text; YAML is a superset of JSON, so both work. */
export function parseScenarioText(text: string): ScenarioResult {
  const r = parseNormalized(normalizeLineEnds(text));
  return r.ok ? r : { ok: false, issues: r.issues.map(printable) };
}

function parseNormalized(text: string): ScenarioResult {
  // A binary file reads as pages of YAML syntax errors, or as one odd scalar ("must be a mapping"), and
  // UTF-16 read as UTF-8 as the latter too: say what it is instead, before YAML reads it.
  const binary = binaryAt(text);
  if (binary) return { ok: false, issues: [{ field: '(file)', message: notTextMessage(binary) }] };
  const encoding = encodingProblem(text);
  if (encoding) return { ok: false, issues: [{ field: '(file)', message: encoding }] };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, ...PARSE_OPTIONS });
  if (doc.errors.length > 0) return { ok: false, issues: syntaxIssues(doc.errors, text, lineCounter) };
  // Nothing but blanks and comments: "must be a mapping" would blame a mapping that is not there.
  if (doc.contents === null) return { ok: false, issues: [{ field: '(file)', message: EMPTY_SCENARIO }] };
  const twice = keyWrittenTwice(doc, text, lineCounter);
  if (twice) return { ok: false, issues: [twice] };
  const data = documentData(doc, lineCounter);
  if (!data.ok)
    return { ok: false, issues: [{ field: '(syntax)', message: data.message, line: data.line ?? 1 }] };
  const result = validateScenario(data.data);
  if (result.ok) return result;
  return {
    ok: false,
    issues: byLine(
      result.issues.map((issue) => {
        // Found with the keys as in the file (an issue about a key has them), else the field as validation
        // wrote it; made printable after.
        const keys = issueKeyPath(issue);
        const line = keys
          ? lineOfKeys(doc.contents, keys, lineCounter)
          : lineOf(doc.contents, issue.field, lineCounter);
        return line === undefined ? issue : { ...issue, line };
      }),
    ),
  };
}

/**
 * A key written twice in one mapping as two spellings of one key (2 and "2"): the library keeps both, as
 * a number and a text are two values, but the data has one key, and the second silently replaces the
 * first. Keys written the same way the library refuses itself (DUPLICATE_KEY).
 */
function keyWrittenTwice(doc: Document, text: string, lineCounter: LineCounter): ScenarioIssue | null {
  let found: ScenarioIssue | null = null;
  visit(doc, {
    Map(_, map) {
      const seen = new Map<string, string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key) || !pair.key.range) continue;
        const key = String(pair.key.value);
        const written = text.slice(pair.key.range[0], pair.key.range[1]);
        const first = seen.get(key);
        if (first === undefined) {
          seen.set(key, written);
          continue;
        }
        found = {
          field: '(syntax)',
          message: `key "${key}" is written twice in this mapping (as ${first} and as ${written}): keep one of them`,
          line: lineCounter.linePos(pair.key.range[0]).line,
        };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * The first key written as a mapping or a list, if any: no key of a scenario or a lab is one, and an
 * unquoted text that starts with { reads so (`prompt: {{c}}: the CPU…`, a key `{c}` inside a key). The
 * library would make it a text key ("{ c }") and print a warning of its own; refused instead, at its line.
 */
export function collectionKey(doc: Document): Node | null {
  let found: Node | null = null;
  try {
    visit(doc, {
      Pair(_, pair) {
        if (!isCollection(pair.key)) return undefined;
        found = pair.key;
        return visit.BREAK;
      },
    });
  } catch (err) {
    // Nested too deeply to walk: documentData's conversion says so.
    if (!isTooDeep(err instanceof Error ? err.message : String(err))) throw err;
  }
  return found;
}

/** What to say of a key written as a mapping or a list: most likely a text that starts with { or [. */
export const COLLECTION_KEY =
  'a key here is written as a mapping or a list (YAML reads a text that starts with { or [ so): if it is text, put the whole text in quotes';

/** The parse options of every document read: a library warning (printed on stderr) is never shown. */
export const PARSE_OPTIONS = { uniqueKeys: true, prettyErrors: false, logLevel: 'error' } as const;

/**
 * A parsed document's data. The yaml library refuses a document whose aliases (`*a`) expand past a
 * limit, by throwing: a few lines can otherwise stand for billions of nodes. That is bad input like any
 * other, so it comes back as a message, not an exception (the CLI printed a stack trace).
 */
export function documentData(
  doc: Document,
  lineCounter?: LineCounter,
): { ok: true; data: unknown } | { ok: false; message: string; line?: number } {
  const key = collectionKey(doc);
  if (key)
    return {
      ok: false,
      message: COLLECTION_KEY,
      ...(lineCounter && key.range ? { line: lineCounter.linePos(key.range[0]).line } : {}),
    };
  try {
    return { ok: true, data: doc.toJS() };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    if (isTooDeep(why)) return { ok: false, message: TOO_DEEP };
    // A text that starts with * (Markdown's *emphasis*) reads as an alias to an anchor never set.
    const unresolved = unresolvedAlias(doc);
    if (unresolved)
      return {
        ok: false,
        message: `*${unresolved.source} reads as a YAML alias (*name), and no &${unresolved.source} is set: if it is text, put it in quotes: '*${unresolved.source}'`,
        ...(lineCounter && unresolved.range ? { line: lineCounter.linePos(unresolved.range[0]).line } : {}),
      };
    return { ok: false, message: `its YAML aliases (*name) expand too far to be read (${why})` };
  }
}

/** The first alias whose anchor is not set before it, if any. */
function unresolvedAlias(doc: Document): Alias | null {
  const anchors = new Set<string>();
  let found: Alias | null = null;
  visit(doc, {
    Node(_, node) {
      if (isAlias(node)) {
        if (!anchors.has(node.source)) {
          found = node;
          return visit.BREAK;
        }
      } else if (node.anchor) anchors.add(node.anchor);
      return undefined;
    },
  });
  return found;
}

/**
 * The line of the node at a dotted field path (`events[2].seamcall`), or of its nearest parent. A key may
 * hold the path's own separators (an unknown key `"a.b"`, `"x[1]"`): at each mapping the path is matched
 * against the keys themselves, a key that takes the path to its end before one that stops short of it.
 */
export function lineOf(root: unknown, field: string, lineCounter: LineCounter): number | undefined {
  return walkLine(root as Node | null | undefined, field, rangeLine(root as Node, lineCounter), lineCounter)
    .line;
}

/**
 * The line of `rest` of a path below `node` (whose own line is `line`), and whether the path was followed
 * to its end.
 */
function walkLine(
  node: Node | null | undefined,
  rest: string,
  line: number | undefined,
  lineCounter: LineCounter,
): { line: number | undefined; whole: boolean } {
  if (rest === '') return { line, whole: true };
  let best: { line: number | undefined; whole: boolean } = { line, whole: false };
  if (isMap(node)) {
    const path = rest.startsWith('.') ? rest.slice(1) : rest;
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      const after = path.slice(key.length);
      if (!path.startsWith(key) || !(after === '' || after[0] === '.' || after[0] === '[')) continue;
      const found = walkLine(
        pair.value as Node,
        after,
        rangeLine(pair.key as Node, lineCounter) ?? line,
        lineCounter,
      );
      if (found.whole) return found;
      if (best.line === line) best = found;
    }
  } else if (isSeq(node)) {
    const m = /^(?:\[(\d+)\]|\.(\d+))/.exec(rest);
    const item = m ? (node.items[Number(m[1] ?? m[2])] as Node | undefined) : undefined;
    if (m && item)
      return walkLine(item, rest.slice(m[0].length), rangeLine(item, lineCounter) ?? line, lineCounter);
  }
  return best;
}

/** The line of the node at a path of keys and indexes, or of its nearest parent. */
export function lineOfKeys(root: unknown, keys: KeyPath, lineCounter: LineCounter): number | undefined {
  let node = root as Node | null | undefined;
  let line = rangeLine(node, lineCounter);
  for (const key of keys) {
    if (isMap(node)) {
      const pair = node.items.find((it) => isScalar(it.key) && String(it.key.value) === String(key));
      if (!pair) break;
      line = rangeLine(pair.key as Node, lineCounter) ?? line;
      node = pair.value as Node;
    } else if (isSeq(node) && typeof key === 'number' && node.items[key]) {
      node = node.items[key] as Node;
      line = rangeLine(node, lineCounter) ?? line;
    } else break;
  }
  return line;
}

function rangeLine(node: Node | null | undefined, lineCounter: LineCounter): number | undefined {
  const range = node && 'range' in node ? node.range : undefined;
  return range ? lineCounter.linePos(range[0]).line : undefined;
}
