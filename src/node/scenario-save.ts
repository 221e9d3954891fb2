/**
 * Saving the sandbox's scenario as a file for `flushpoint simulate` (or for a class): the text is checked
 * to be a scenario the simulator accepts before the student is asked where, and written whole.
 */
import { parseScenarioText } from '../sim/parse.ts';
import type { Scenario } from '../sim/scenario.ts';
import { writeFileSafely } from './write-safely.ts';

/** The first line of a saved file: where it came from and what reads it. */
export const SAVED_HEADER = '# Saved from the Flushpoint sandbox. Run it with: flushpoint simulate FILE\n';

/** A name that says what the scenario is: amd-4cpus-sme-supported-after-kexec.yaml. */
export function scenarioFileName(s: Scenario): string {
  const parts: (string | null)[] = [
    s.platform.vendor,
    `${s.platform.cpus}cpu${s.platform.cpus === 1 ? '' : 's'}`,
    s.platform.vendor === 'intel'
      ? s.platform.tdx
        ? 'tdx'
        : s.platform.tdx_host_kernel
          ? 'tdx-uninitialised'
          : null
      : `sme-${s.platform.sme}`,
    s.kernel,
    s.path,
  ];
  return `${parts.filter(Boolean).join('-')}.yaml`;
}

/** Asks where (null: the student cancelled), then writes the scenario with its header. */
export async function saveScenario(
  text: string,
  choose: (suggestedName: string) => Promise<string | null>,
): Promise<{ saved: string | null }> {
  const checked = parseScenarioText(text);
  if (!checked.ok) {
    const first = checked.issues[0];
    throw new Error(
      `not a scenario the simulator accepts (${first ? `${first.field}: ${first.message}` : 'no details'})`,
    );
  }
  const target = await choose(scenarioFileName(checked.scenario));
  if (target === null) return { saved: null };
  await writeFileSafely(target, text.startsWith('#') ? text : SAVED_HEADER + text);
  return { saved: target };
}
