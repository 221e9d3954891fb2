/**
 * Where the answer of an "order" or "predict" exercise comes from: the trace step each item (or option)
 * matched, in trace order, with what the trace says there. Shown once the exercise is solved or its
 * solution shown, like the grid's reasons (why-cells.ts).
 */
import type { SimResult } from '../sim/view.ts';
import { firstSeq } from './keys.ts';
import type { StepMatch } from './types.ts';

export interface StepWhy {
  /** The item's or option's index in the exercise. */
  index: number;
  text: string;
  /** The matching step, or null when the run has none (after the anchor, for predict). */
  seq: number | null;
  fn: string | null;
  cpu: number | null;
  note: string;
}

/** Earliest step first; what matched no step, last. */
const inTraceOrder = (rows: StepWhy[]): StepWhy[] =>
  rows.sort((a, b) => (a.seq ?? Infinity) - (b.seq ?? Infinity));

function located(r: SimResult, index: number, text: string, m: StepMatch, after = 0): StepWhy {
  const seq = firstSeq(r, m, after);
  const step = Number.isFinite(seq) ? r.trace[seq - 1] : undefined;
  return step
    ? { index, text, seq: step.seq, fn: step.fn, cpu: step.cpu, note: step.note }
    : {
        index,
        text,
        seq: null,
        fn: null,
        cpu: null,
        note: after ? `No step after step ${after} matches it.` : 'No step of this run matches it.',
      };
}

/** Order: every item at its first matching step, in trace order (the key's order). */
export function whyOrder(r: SimResult, items: readonly { label: string; match: StepMatch }[]): StepWhy[] {
  return inTraceOrder(items.map((it, i) => located(r, i, it.label, it.match)));
}

/**
 * Predict: the step the trace was shown up to, then each option's first matching step after it, earliest
 * first (the first is the answer); an option that never follows says so.
 */
export function whyPredict(
  r: SimResult,
  after: StepMatch,
  options: readonly { text: string; match: StepMatch }[],
): { anchor: StepWhy; options: StepWhy[] } {
  const anchor = located(r, -1, 'shown up to', after);
  return {
    anchor,
    options: inTraceOrder(options.map((o, i) => located(r, i, o.text, o.match, anchor.seq ?? 0))),
  };
}
