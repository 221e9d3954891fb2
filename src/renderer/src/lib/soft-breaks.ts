/**
 * Where long kernel identifiers in prose may break: "this_cpu_read(cache_state_incoherent)" in a narrow
 * "why" column broke anywhere ("cache_sta|te_incoherent"); after its underscores and parentheses it reads.
 * Words of up to LONG characters never break.
 */
const LONG = 16;

/** The text in pieces, a line break allowed between any two (the pieces joined are the text). */
export function softBreaks(text: string): string[] {
  const out: string[] = [];
  let plain = '';
  for (const word of text.split(/(\s+)/)) {
    if (word.length <= LONG || !/[_(]/.test(word)) {
      plain += word;
      continue;
    }
    // Never between "(" and ")": "kdump_sev_callback(" over ")" reads as a typo.
    const pieces = word.split(/(?<=[_(])(?!\))/);
    out.push(plain + (pieces[0] ?? ''));
    out.push(...pieces.slice(1, -1));
    plain = pieces.length > 1 ? (pieces[pieces.length - 1] ?? '') : '';
  }
  out.push(plain);
  return out.filter((p, i) => p !== '' || i === 0);
}
