/**
 * The sandbox as the student left it (the scenario, whether it had run, which run and step they were
 * on), kept in this window's memory while another screen is open: a look at the glossary or a lab must
 * not throw away the scenario they built. Like the lab handoff, nothing outlives the window and the
 * sandbox's first screen reads no storage.
 */
import type { FormState } from './scenario-form.ts';

export interface KeptSandbox {
  form: FormState;
  presetId: string;
  /** The preset last loaded: presetId may only have been picked in the list. */
  loadedPresetId: string;
  predictFirst: boolean;
  /** Whether runs were shown: the sandbox runs the scenario again on return, else shows nothing run. */
  ran: boolean;
  shown: 'a' | 'b';
  /** The step the student was on, in the run shown. */
  seq: number;
}

let kept: KeptSandbox | null = null;

/** Called as the sandbox closes. */
export function keepSandbox(state: KeptSandbox): void {
  kept = structuredClone(state);
}

/** What the sandbox was when it closed, once; null when it has not been open in this window. */
export function takeKeptSandbox(): KeptSandbox | null {
  const k = kept;
  kept = null;
  return k;
}
