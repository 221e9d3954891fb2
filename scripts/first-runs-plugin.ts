/**
 * A Vite plugin that writes the sandbox's first screen into index.html at build time (see
 * src/renderer/src/lib/first-runs.ts for why): the first preset, run through the simulator now.
 */
import type { Plugin } from 'vite';
import { computeRuns } from '../src/renderer/src/lib/runs.ts';
import { runData } from '../src/renderer/src/lib/scenario-run.ts';
import { FIRST_RUNS_ELEMENT_ID, firstRunsText, type FirstRuns } from '../src/renderer/src/lib/first-runs.ts';
import { PRESETS, applyPreset } from '../src/renderer/src/lib/scenario-form.ts';

/** The first preset's runs, exactly as the sandbox would compute them. */
export function computeFirstRuns(): FirstRuns {
  const preset = PRESETS[0];
  if (!preset) throw new Error('scenario-form.ts has no presets');
  const form = applyPreset(preset);
  const r = computeRuns(form, runData);
  if (!r.ok) throw new Error(`the first preset does not run: ${r.issues.map((i) => i.message).join('; ')}`);
  return { form, runs: r.runs };
}

export function firstRunsPlugin(): Plugin {
  return {
    name: 'flushpoint-first-runs',
    transformIndexHtml: () => [
      {
        tag: 'script',
        attrs: { type: 'application/json', id: FIRST_RUNS_ELEMENT_ID },
        children: firstRunsText(computeFirstRuns()),
        injectTo: 'head',
      },
    ],
  };
}
