/**
 * Where a student was in each lab step's model, kept for the window's life: a glossary link in a lab's
 * prose leaves the lab screen, and coming back (the browser's Back, the link to the step) found the
 * step's seed and fault gone and its model at step 0. In memory only, like the sandbox's own state: a
 * place in a model is not progress, and a restart starts each step afresh.
 */
import type { WbinvdSite } from '../../../sim/view.ts';

/** What the student set beside a step's model: the `seed` action's seed, the `fault` action's fault. */
export interface StepChoices {
  seed: number | null;
  site: WbinvdSite | '';
  cpu: number | null;
}

const choicesByLab = new Map<string, Record<number, StepChoices>>();
const seqByRun = new Map<string, number>();

/** The choices set in a lab's steps, by step index (a copy: the screen changes its own). */
export function keptChoices(labId: string): Record<number, StepChoices> {
  return { ...choicesByLab.get(labId) };
}

export function keepChoices(labId: string, choices: Record<number, StepChoices>): void {
  choicesByLab.set(labId, { ...choices });
}

/**
 * A run is one step's scenario as the student's choices made it: the place is kept per run, so another
 * seed's run (which starts over, and may be shorter) does not open at a step of the first.
 */
const runKey = (labId: string, step: number, scenario: unknown) =>
  `${labId}\n${step}\n${JSON.stringify(scenario)}`;

/** The step of the model the student was on in this run, or null when they have not been in it. */
export function keptSeq(labId: string, step: number, scenario: unknown): number | null {
  return seqByRun.get(runKey(labId, step, scenario)) ?? null;
}

export function keepSeq(labId: string, step: number, scenario: unknown, seq: number): void {
  seqByRun.set(runKey(labId, step, scenario), seq);
}
