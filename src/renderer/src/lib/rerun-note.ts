/**
 * What a lab step says when the student's own seed or fault runs its model again: the model view starts
 * over at step 0, which nothing else tells a screen-reader user, and the new ending is the point of the
 * change. Said politely, once per change.
 */
import { newKernelState, type SimResult } from '../../../sim/view.ts';
import { EVERY_CPU } from './fault-cpus.ts';
import { outcomeLabel } from './snapshot.ts';

/** How the run ends: the new kernel's memory when it jumps to one, else why there is none. */
export function runEnding(r: SimResult): string {
  const state = newKernelState(r);
  return state === null ? outcomeLabel(r.outcome) : `new kernel: ${state}`;
}

/** The seed the run used: the student's, or (none given, or not a seed) the step's own. */
export const withSeed = (chosen: number | null, own: number): string =>
  chosen === null ? `with the step's own seed (${own})` : `with seed ${chosen}`;

/** The fault the run injected, as the "Inject a fault" form sets it. */
export const withFault = (site: string, cpu: number | null): string =>
  !site
    ? 'with no WBINVD skipped'
    : `skipping the WBINVD in ${site} ${cpu === null ? EVERY_CPU : `on CPU ${cpu}`}`;

/** "Ran again with seed 5: new kernel: 2 lines corrupted. The model is back at step 0." */
export const rerunNote = (how: string, r: SimResult): string =>
  `Ran again ${how}: ${runEnding(r)}. The model is back at step 0.`;
