/**
 * Where a JSON text stops being JSON, in words a person can act on: 'line 3, column 15: unexpected "}"'.
 * JSON.parse's own messages differ between engines and often give no position at all ("Unexpected
 * token '}', ..."), so the text is scanned here, once it is known to be bad. Progress files are cut
 * short far more often than mistyped: that case is named as such.
 */
export function describeJsonError(text: string): string {
  const at = firstBadOffset(text);
  if (at >= text.trimEnd().length) return 'it ends too soon (cut short?)';
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  return `line ${line}, column ${column}: unexpected ${JSON.stringify(text[at])}`;
}

/** The offset of the first character that cannot continue a JSON text (its length if it ends too soon). */
function firstBadOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  // Each returns false at the first bad character, leaving i on it.
  const literal = (word: string): boolean => {
    for (const ch of word) {
      if (text[i] !== ch) return false;
      i++;
    }
    return true;
  };
  const string = (): boolean => {
    if (text[i] !== '"') return false;
    i++;
    while (i < text.length) {
      const ch = text[i] as string;
      if (ch === '"') {
        i++;
        return true;
      }
      if (ch < ' ') return false;
      if (ch === '\\') {
        i++;
        const esc = text[i];
        if (esc === 'u') {
          i++;
          for (let k = 0; k < 4; k++, i++) if (!/[0-9a-fA-F]/.test(text[i] ?? '')) return false;
          continue;
        }
        if (esc === undefined || !'"\\/bfnrt'.includes(esc)) return false;
      }
      i++;
    }
    return false;
  };
  const number = (): boolean => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m || m[0] === '' || m[0] === '-') return false;
    i += m[0].length;
    return true;
  };
  const value = (): boolean => {
    ws();
    const ch = text[i];
    if (ch === '{') return object();
    if (ch === '[') return array();
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    return number();
  };
  const array = (): boolean => {
    i++;
    ws();
    if (text[i] === ']') return (i++, true);
    for (;;) {
      if (!value()) return false;
      ws();
      if (text[i] === ']') return (i++, true);
      if (text[i] !== ',') return false;
      i++;
    }
  };
  const object = (): boolean => {
    i++;
    ws();
    if (text[i] === '}') return (i++, true);
    for (;;) {
      ws();
      if (!string()) return false;
      ws();
      if (text[i] !== ':') return false;
      i++;
      if (!value()) return false;
      ws();
      if (text[i] === '}') return (i++, true);
      if (text[i] !== ',') return false;
      i++;
    }
  };
  if (value()) {
    ws();
    if (i === text.length) return text.length;
  }
  return Math.min(i, text.length);
}
