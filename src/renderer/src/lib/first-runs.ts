/**
 * The sandbox's first screen, computed when the app is built. A newcomer's first view is the first
 * preset already run, and running it needs the simulator (xstate, the machines, the kernel model): about
 * as many bytes again as the whole screen. So the build runs that one scenario through the same
 * simulator and writes the result into index.html as a JSON data block; the screen shows it at once and
 * loads the simulator just after, for everything the student does next. The block records the form it
 * was computed for, and is used only when the screen starts from exactly that form.
 */
import type { Runs } from './runs.ts';
import type { FormState } from './scenario-form.ts';

export const FIRST_RUNS_ELEMENT_ID = 'first-runs';

export interface FirstRuns {
  form: FormState;
  runs: Runs;
}

/** The data block's text: JSON that cannot end the script element it sits in. */
export function firstRunsText(data: FirstRuns): string {
  return JSON.stringify(data).replace(/</g, '\\u003c');
}

/** The precomputed runs for `form`, or null when there are none for it (or the block is unreadable). */
export function readFirstRuns(
  form: FormState,
  doc: Pick<Document, 'getElementById'> = document,
): Runs | null {
  const text = doc.getElementById(FIRST_RUNS_ELEMENT_ID)?.textContent;
  if (!text) return null;
  try {
    const data = JSON.parse(text) as Partial<FirstRuns>;
    if (JSON.stringify(data.form) !== JSON.stringify(form)) return null;
    const runs = data.runs;
    if (!runs || typeof runs !== 'object' || !Array.isArray(runs.a?.trace)) return null;
    return runs;
  } catch {
    return null;
  }
}
