/** Scenario files (YAML or JSON text) to a validated Scenario, with line numbers on every issue. */
import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
  type YAMLError,
} from 'yaml';
import type { ScenarioIssue, ScenarioResult } from './scenario.ts';
import { cut, validateScenario } from './validate.ts';

/** What to say of data nested past what the reader's recursion can follow (it overflows the stack). */
export const TOO_DEEP =
  'is nested too deeply to be read (lists or mappings inside one another, far deeper than any file of this app needs)';

/** The reader's recursion ran out of stack: the data is nested too deeply, whatever the library calls it. */
export const isTooDeep = (message: string): boolean => /maximum call stack/i.test(message);

/**
 * A YAML error as a scenario's author can act on it. The library's words for a second document and for
 * data nested past its recursion speak of its own API and of the stack, not of the file.
 */
function syntaxIssue(e: YAMLError, lineCounter: LineCounter): ScenarioIssue {
  const line = lineCounter.linePos(e.pos[0]).line;
  const message = e.message.split('\n')[0] ?? e.message;
  if (e.code === 'MULTIPLE_DOCS')
    return {
      field: '(file)',
      message: `a scenario file holds one YAML document, and a second one starts at line ${line} (---): remove it, or put it in a file of its own`,
      line,
    };
  if (isTooDeep(message)) return { field: '(file)', message: TOO_DEEP, line };
  return { field: '(syntax)', message, line };
}

/** Each syntax error once: data nested too deeply overflows the reader at every level it unwinds. */
function syntaxIssues(errors: readonly YAMLError[], lineCounter: LineCounter): ScenarioIssue[] {
  const out: ScenarioIssue[] = [];
  for (const issue of errors.map((e) => syntaxIssue(e, lineCounter)))
    if (!out.some((x) => x.line === issue.line && x.message === issue.message)) out.push(issue);
  return out;
}

/** Parses and validates scenario text; YAML is a superset of JSON, so both work. */
export function parseScenarioText(text: string): ScenarioResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) return { ok: false, issues: syntaxIssues(doc.errors, lineCounter) };
  const data = documentData(doc);
  if (!data.ok) return { ok: false, issues: [{ field: '(syntax)', message: data.message, line: 1 }] };
  const result = validateScenario(data.data);
  if (result.ok) return result;
  return {
    ok: false,
    issues: result.issues.map((issue) => {
      const line = lineOf(doc.contents, issue.field, lineCounter);
      // The line is found with the whole field; a field that echoes a pasted key is then cut to print.
      const field = cut(issue.field);
      return line === undefined ? { ...issue, field } : { ...issue, field, line };
    }),
  };
}

/**
 * A parsed document's data. The yaml library refuses a document whose aliases (`*a`) expand past a
 * limit, by throwing: a few lines can otherwise stand for billions of nodes. That is bad input like any
 * other, so it comes back as a message, not an exception (the CLI printed a stack trace).
 */
export function documentData(doc: Document): { ok: true; data: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, data: doc.toJS() };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    if (isTooDeep(why)) return { ok: false, message: TOO_DEEP };
    return { ok: false, message: `its YAML aliases (*name) expand too far to be read (${why})` };
  }
}

/** The line of the node at a dotted field path (`events[2].seamcall`), or of its nearest parent. */
export function lineOf(root: unknown, field: string, lineCounter: LineCounter): number | undefined {
  const parts = field.match(/[^.[\]]+/g) ?? [];
  let node = root as Node | null | undefined;
  let line: number | undefined = rangeLine(node, lineCounter);
  for (const part of parts) {
    if (isMap(node)) {
      const pair = node.items.find((it) => isScalar(it.key) && String(it.key.value) === part);
      if (!pair) break;
      line = rangeLine(pair.key as Node, lineCounter) ?? line;
      node = pair.value as Node;
    } else if (isSeq(node) && /^\d+$/.test(part)) {
      node = node.items[Number(part)] as Node;
      line = rangeLine(node, lineCounter) ?? line;
    } else break;
  }
  return line;
}

function rangeLine(node: Node | null | undefined, lineCounter: LineCounter): number | undefined {
  const range = node && 'range' in node ? node.range : undefined;
  return range ? lineCounter.linePos(range[0]).line : undefined;
}
