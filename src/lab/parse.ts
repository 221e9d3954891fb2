/** lab.yaml text to data, with a field-to-line lookup for error messages. */
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { documentData, lineOf } from '../sim/index.ts';
import { isTooDeep, TOO_DEEP } from '../sim/parse.ts';

/**
 * A YAML error as an author can act on it: the library's message, with what to do for the mistakes an
 * author makes most (a second document, an unquoted ": " in a text, a key written twice).
 */
function syntaxMessage(e: YAMLError, text: string): string {
  const message = e.message.split('\n')[0] ?? e.message;
  if (isTooDeep(message)) return TOO_DEEP;
  switch (e.code) {
    case 'MULTIPLE_DOCS':
      return 'a lab.yaml holds one document: remove the --- line (and move what follows it into this document, or into a lab of its own)';
    case 'BLOCK_AS_IMPLICIT_KEY':
      // What an unquoted "Order: put these" in a text gives; the same code also follows a bad indent.
      return /nested mappings/i.test(message)
        ? `${message}: quote text that contains ": " (e.g. prompt: 'Order: put these steps in order')`
        : message;
    case 'DUPLICATE_KEY': {
      const key = /^\s*(?:-\s+)?["']?([^"':#{},[\]\n]+?)["']?\s*:/.exec(text.slice(e.pos[0]))?.[1];
      return `${key ? `key "${key}" is written twice in this mapping` : message}: keep one of them`;
    }
    case 'TAB_AS_INDENT':
      return `${message}: indent with spaces`;
    default:
      return message;
  }
}

export function parseLabYaml(
  text: string,
):
  | { ok: true; data: unknown; lineOf: (field: string) => number | undefined }
  | { ok: false; errors: { line: number; message: string }[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) {
    const errors: { line: number; message: string }[] = [];
    for (const e of doc.errors) {
      const error = { line: lineCounter.linePos(e.pos[0]).line, message: syntaxMessage(e, text) };
      // The library may say one mistake twice (an unquoted ": " twice on a line): once is enough.
      if (!errors.some((x) => x.line === error.line && x.message === error.message)) errors.push(error);
    }
    return { ok: false, errors };
  }
  const data = documentData(doc);
  if (!data.ok) return { ok: false, errors: [{ line: 1, message: data.message }] };
  return { ok: true, data: data.data, lineOf: (field) => lineOf(doc.contents, field, lineCounter) };
}
