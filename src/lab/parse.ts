/** lab.yaml text to data, with a field-to-line lookup for error messages. */
import { LineCounter, parseDocument } from 'yaml';
import { documentData, lineOf } from '../sim/index.ts';
import {
  duplicateKeyMessage,
  isTooDeep,
  TAB_INDENT,
  TOO_DEEP,
  yamlErrorsAt,
  type YamlErrorAt,
} from '../sim/parse.ts';
import { encodingProblem } from '../sim/text-encoding.ts';

/**
 * A YAML error as an author can act on it: the library's message, with what to do for the mistakes an
 * author makes most (a second document, an unquoted ": " in a text, a key written twice, a tab that
 * indents a line, which the library may not name: see yamlErrorsAt).
 */
function syntaxMessage({ error: e, tab }: YamlErrorAt, text: string): string {
  const message = e.message.split('\n')[0] ?? e.message;
  if (tab) return TAB_INDENT;
  if (isTooDeep(message)) return TOO_DEEP;
  switch (e.code) {
    case 'MULTIPLE_DOCS':
      return 'a lab.yaml holds one document: remove the --- line (and move what follows it into this document, or into a lab of its own)';
    case 'BLOCK_AS_IMPLICIT_KEY':
      // What an unquoted "Order: put these" in a text gives; the same code also follows a bad indent.
      return /nested mappings/i.test(message)
        ? `${message}: quote text that contains ": " (e.g. prompt: 'Order: put these steps in order')`
        : message;
    case 'DUPLICATE_KEY':
      return duplicateKeyMessage(e, text);
    default:
      return message;
  }
}

/**
 * A problem of the text: at a line, or (no line) of the whole file, `field` then saying so. Lines come in
 * the order of the file.
 */
export interface LabYamlError {
  line?: number;
  field?: string;
  message: string;
}

export function parseLabYaml(
  text: string,
):
  | { ok: true; data: unknown; lineOf: (field: string) => number | undefined }
  | { ok: false; errors: LabYamlError[] } {
  // UTF-16 read as UTF-8 parses as one odd scalar ("must be a mapping"): say what it is instead.
  const encoding = encodingProblem(text);
  if (encoding) return { ok: false, errors: [{ field: '(file)', message: encoding }] };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) {
    const errors: LabYamlError[] = [];
    for (const at of yamlErrorsAt(doc.errors, text, lineCounter)) {
      const error = { line: at.line, message: syntaxMessage(at, text) };
      // The library may say one mistake twice (an unquoted ": " twice on a line): once is enough.
      if (!errors.some((x) => x.line === error.line && x.message === error.message)) errors.push(error);
    }
    return { ok: false, errors };
  }
  const data = documentData(doc);
  if (!data.ok) return { ok: false, errors: [{ line: 1, message: data.message }] };
  return { ok: true, data: data.data, lineOf: (field) => lineOf(doc.contents, field, lineCounter) };
}
