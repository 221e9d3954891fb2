import { describe, expect, it } from 'vitest';
import { computeRuns } from '../src/renderer/src/lib/runs.ts';
import { runData } from '../src/renderer/src/lib/scenario-run.ts';
import { firstRunsText, readFirstRuns, FIRST_RUNS_ELEMENT_ID } from '../src/renderer/src/lib/first-runs.ts';
import { applyPreset, PRESETS } from '../src/renderer/src/lib/scenario-form.ts';
import { computeFirstRuns, firstRunsPlugin } from './first-runs-plugin.ts';

/** The data block the plugin writes, as the page would see it. */
function pageWith(text: string | null) {
  return {
    getElementById: (id: string) =>
      id === FIRST_RUNS_ELEMENT_ID && text !== null ? ({ textContent: text } as HTMLElement) : null,
  };
}

function pluginBlock(): { attrs: Record<string, unknown>; children: string } {
  const hook = firstRunsPlugin().transformIndexHtml as () => {
    tag: string;
    attrs: Record<string, unknown>;
    children: string;
  }[];
  const tags = hook();
  expect(tags).toHaveLength(1);
  expect(tags[0]?.tag).toBe('script');
  return tags[0]!;
}

describe('the first screen computed at build time', () => {
  it('is what the sandbox computes for the first preset when it runs it', () => {
    const form = applyPreset(PRESETS[0]!);
    const now = computeRuns(form, runData);
    expect(now.ok).toBe(true);
    const block = pluginBlock();
    expect(block.attrs).toEqual({ type: 'application/json', id: FIRST_RUNS_ELEMENT_ID });
    const read = readFirstRuns(form, pageWith(block.children));
    expect(read).not.toBeNull();
    expect(read).toEqual(now.ok ? now.runs : null);
  });

  it('is a data block the HTML parser cannot end early', () => {
    const data = computeFirstRuns();
    data.runs.labelA = '</script><script>alert(1)</script>';
    const text = firstRunsText(data);
    expect(text).not.toMatch(/<\/script/i);
    expect(readFirstRuns(data.form, pageWith(text))?.labelA).toBe(data.runs.labelA);
    expect(pluginBlock().children).not.toMatch(/</);
  });

  it('is used only for the form it was computed for', () => {
    const block = pluginBlock();
    const other = applyPreset(PRESETS[1]!);
    expect(readFirstRuns(other, pageWith(block.children))).toBeNull();
    const edited = { ...applyPreset(PRESETS[0]!), seed: 7 };
    expect(readFirstRuns(edited, pageWith(block.children))).toBeNull();
  });

  it('is ignored when missing, empty, corrupt or of the wrong shape (the sandbox then runs the model)', () => {
    const form = applyPreset(PRESETS[0]!);
    expect(readFirstRuns(form, pageWith(null))).toBeNull();
    expect(readFirstRuns(form, pageWith(''))).toBeNull();
    expect(readFirstRuns(form, pageWith('{"form":'))).toBeNull();
    expect(readFirstRuns(form, pageWith(JSON.stringify({ form, runs: { a: {} } })))).toBeNull();
    expect(readFirstRuns(form, pageWith('null'))).toBeNull();
  });
});
