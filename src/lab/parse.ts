/** lab.yaml text to data, with a field-to-line lookup for error messages. */
import { LineCounter, parseDocument } from 'yaml';
import { documentData, lineOf } from '../sim/index.ts';

export function parseLabYaml(
  text: string,
):
  | { ok: true; data: unknown; lineOf: (field: string) => number | undefined }
  | { ok: false; errors: { line: number; message: string }[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({
        line: lineCounter.linePos(e.pos[0]).line,
        message: e.message.split('\n')[0] ?? e.message,
      })),
    };
  }
  const data = documentData(doc);
  if (!data.ok) return { ok: false, errors: [{ line: 1, message: data.message }] };
  return { ok: true, data: data.data, lineOf: (field) => lineOf(doc.contents, field, lineCounter) };
}
