/** Counts in English for every message the app prints: "1 line", "2 lines", never "line(s)". */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
