/** Scenario files (YAML or JSON text) to a validated Scenario, with line numbers on every issue. */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { ScenarioResult } from './scenario.ts';
import { validateScenario } from './validate.ts';

/** Parses and validates scenario text; YAML is a superset of JSON, so both work. */
export function parseScenarioText(text: string): ScenarioResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => ({
        field: '(syntax)',
        message: e.message.split('\n')[0] ?? e.message,
        line: lineCounter.linePos(e.pos[0]).line,
      })),
    };
  }
  const data = documentData(doc);
  if (!data.ok) return { ok: false, issues: [{ field: '(syntax)', message: data.message, line: 1 }] };
  const result = validateScenario(data.data);
  if (result.ok) return result;
  return {
    ok: false,
    issues: result.issues.map((issue) => {
      const line = lineOf(doc.contents, issue.field, lineCounter);
      return line === undefined ? issue : { ...issue, line };
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
