/**
 * An answer as a key that does not depend on the order its parts were picked in: two answers with the
 * same key grade the same, so checking one again tells the student nothing new and must not cost a try.
 * Saved answers are data from a file: anything not shaped like an answer has no key (null).
 */
const numbers = (x: unknown): x is number[] => Array.isArray(x) && x.every((n) => typeof n === 'number');
const strings = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string');

export function answerKey(answer: unknown): string | null {
  if (typeof answer !== 'object' || answer === null) return null;
  const a = answer as Record<string, unknown>;
  switch (a['kind']) {
    case 'choose':
      return numbers(a['selected']) ? `choose:${[...a['selected']].sort((x, y) => x - y).join(',')}` : null;
    case 'grid':
      return strings(a['cells']) ? `grid:${[...a['cells']].sort().join(',')}` : null;
    case 'order':
      return numbers(a['order']) ? `order:${a['order'].join(',')}` : null;
    case 'predict':
    case 'find_bug':
      return typeof a['selected'] === 'number' ? `${a['kind']}:${a['selected']}` : null;
    case 'explain':
      return typeof a['text'] === 'string' ? `explain:${a['text']}` : null;
    default:
      return null;
  }
}
