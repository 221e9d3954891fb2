/** Words for every message the app prints. Counts: "1 line", "2 lines", never "line(s)". */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** CPU numbers as ranges, one string each: [1, 2, 3, 5] -> ["1–3", "5"] (two neighbours stay two: "1", "2"). */
export function cpuRangeList(cpus: readonly number[]): string[] {
  const sorted = [...new Set(cpus)].sort((x, y) => x - y);
  const out: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++;
    const lo = sorted[i] as number;
    const hi = sorted[j] as number;
    if (hi === lo + 1) out.push(`${lo}`, `${hi}`);
    else out.push(hi === lo ? `${lo}` : `${lo}–${hi}`);
    i = j + 1;
  }
  return out;
}

/** CPU numbers as ranges: [1, 2, 3, 5] -> "1–3, 5" (two neighbours stay a list: "1, 2"). */
export const cpuRanges = (cpus: readonly number[]): string => cpuRangeList(cpus).join(', ');

/** "CPU 2" or "CPUs 1–3, 5". */
export const cpusLabel = (cpus: readonly number[]): string =>
  `CPU${new Set(cpus).size === 1 ? '' : 's'} ${cpuRanges(cpus)}`;

/** "step 23", or "steps 23, 30, 37" (at most four, then how many more); "" for none. */
export function citeSteps(steps: readonly number[]): string {
  if (!steps.length) return '';
  const shown = steps.slice(0, 4).join(', ');
  const more = steps.length > 4 ? ` and ${steps.length - 4} more` : '';
  return `${steps.length === 1 ? 'step' : 'steps'} ${shown}${more}`;
}
