/**
 * A scenario handed from a lab step to the sandbox, in this window's memory: a reload of the sandbox does
 * not bring it back, nothing outlives the window, and the sandbox's first screen reads no storage.
 */
import { fromScenario, type FormState } from './scenario-form.ts';

let pending: Record<string, unknown> | null = null;

/** Hands a scenario to the sandbox screen, which takes it when it next opens. */
export function openInSandbox(scenario: Record<string, unknown>): void {
  // A plain copy (the lab's scenario may be reactive state, which structuredClone refuses).
  pending = JSON.parse(JSON.stringify(scenario)) as Record<string, unknown>;
  location.hash = '#/sandbox';
}

/** The scenario handed over by openInSandbox, once. */
export function takeHandoff(): FormState | null {
  const scenario = pending;
  pending = null;
  if (!scenario) return null;
  try {
    return fromScenario(scenario);
  } catch {
    return null;
  }
}
