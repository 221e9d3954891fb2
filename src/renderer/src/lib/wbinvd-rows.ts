/**
 * The rows of the WBINVD table: the WBINVDs shown and the ones a fault skipped, in step order, so a
 * skipped flush sits where it happened in the run (it was listed after all the others: 31, 38, 50, 24).
 */
import type { TraceStep, WbinvdRecord } from '../../../sim/view.ts';

export type WbinvdTableRow =
  { kind: 'wbinvd'; seq: number; wbinvd: WbinvdRecord } | { kind: 'skipped'; seq: number; step: TraceStep };

/** The WBINVDs shown and the skipped ones (trace steps of kind wbinvd_skipped) as one list, by step. */
export function wbinvdTableRows(
  shown: readonly WbinvdRecord[],
  skipped: readonly TraceStep[],
): WbinvdTableRow[] {
  return [
    ...shown.map((w) => ({ kind: 'wbinvd' as const, seq: w.seq, wbinvd: w })),
    ...skipped.map((t) => ({ kind: 'skipped' as const, seq: t.seq, step: t })),
  ].sort((a, b) => a.seq - b.seq);
}
