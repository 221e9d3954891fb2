/**
 * A scenario handed from a lab step to the sandbox, in this window's memory: a reload of the sandbox does
 * not bring it back, nothing outlives the window, and the sandbox's first screen reads no storage.
 */
import { fromScenario, type FormState } from './scenario-form.ts';

let pending: FormState | null = null;

/** Hands a scenario to the sandbox screen, which takes it when it next opens. */
export function openInSandbox(scenario: Record<string, unknown>): void {
  // fromScenario copies what it reads into a new form, so nothing of the lab's objects is kept; a scenario
  // it cannot read leaves the sandbox on its own first screen.
  try {
    pending = fromScenario(scenario);
  } catch {
    pending = null;
  }
  location.hash = '#/sandbox';
}

/** The scenario handed over by openInSandbox, once. */
export function takeHandoff(): FormState | null {
  const form = pending;
  pending = null;
  return form;
}
