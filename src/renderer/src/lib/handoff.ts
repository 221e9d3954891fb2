/**
 * A scenario handed from a lab step to the sandbox, through this window's session storage (so a reload of
 * the sandbox does not bring it back, and nothing outlives the window).
 */
import { fromScenario, type FormState } from './scenario-form.ts';

const HANDOFF = 'flushpoint.sandbox.open';

/** Hands a scenario to the sandbox screen (kept for this window's session only). */
export function openInSandbox(scenario: Record<string, unknown>): void {
  sessionStorage.setItem(HANDOFF, JSON.stringify(scenario));
  location.hash = '#/sandbox';
}

/** The scenario handed over by openInSandbox, once. */
export function takeHandoff(): FormState | null {
  const text = sessionStorage.getItem(HANDOFF);
  if (!text) return null;
  sessionStorage.removeItem(HANDOFF);
  try {
    return fromScenario(JSON.parse(text) as Record<string, unknown>);
  } catch {
    return null;
  }
}
