/**
 * Opening a scenario file in the sandbox: the same YAML/JSON that `flushpoint simulate` and instructors'
 * scripts read, checked by the same parser (line and field on every problem), then put in the form.
 * Loaded only when a student opens a file: the YAML parser stays out of the first screen.
 */
import { parse } from 'yaml';
import { MAX_SCENARIO_BYTES } from '../../../sim/limits.ts';
import { parseScenarioText } from '../../../sim/parse.ts';
import { normalizeLineEnds } from '../../../sim/text-encoding.ts';
import { fromScenario, type FormState } from './scenario-form.ts';

/** Keys of the scenario format that the sandbox has no field for: the file runs without them here. */
const NOT_IN_THE_SANDBOX: Record<string, string> = {
  mutant: 'a model with one broken rule, as the labs use',
};

export type OpenedScenario =
  { ok: true; form: FormState; leftOut: string[] } | { ok: false; problems: string[] };

/** The form for a scenario file's text, or every problem with the file's name, line and field. */
export function openScenarioText(name: string, text: string): OpenedScenario {
  const checked = parseScenarioText(text);
  if (!checked.ok) {
    return {
      ok: false,
      problems: checked.issues.map((i) => `${name}${i.line ? `:${i.line}` : ''}: ${i.field}: ${i.message}`),
    };
  }
  // Read as the check read it: line ends made LF first (a CR-only file is one long line to YAML).
  const raw = parse(normalizeLineEnds(text)) as Record<string, unknown>;
  const leftOut = Object.entries(NOT_IN_THE_SANDBOX)
    .filter(([key]) => raw[key] !== undefined && raw[key] !== null)
    .map(([key, what]) => `${key} (${what})`);
  return { ok: true, form: fromScenario(raw), leftOut };
}

/** Reads a file the student chose; refuses one too big to be a scenario before reading it. */
export async function openScenarioFile(file: File): Promise<OpenedScenario> {
  if (file.size > MAX_SCENARIO_BYTES) {
    return {
      ok: false,
      problems: [
        `${file.name}: ${Math.round(file.size / 1024)} kB is too big for a scenario file (at most ${MAX_SCENARIO_BYTES / 1024} kB)`,
      ],
    };
  }
  return openScenarioText(file.name, await file.text());
}
