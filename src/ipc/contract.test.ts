/** The contract's argument checks on values a compromised page could send: cheap to refuse, whatever they hold. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_SCENARIO_BYTES } from '../sim/limits.ts';
import { checkCall, MAX_DEPTH } from './contract.ts';

/** What main receives: Electron's IPC, like structuredClone, keeps holes and shared references. */
const sent = (v: unknown) => structuredClone(v);

describe('checkCall on objects', () => {
  afterEach(() => vi.restoreAllMocks());

  it('refuses a few bytes holding a sparse list of 200 million, as too large, without stringifying it', () => {
    // Stringifying first built a string of about 1 GB: seconds of a frozen main, and Node 20 aborted.
    const stringify = vi.spyOn(JSON, 'stringify').mockImplementation(() => {
      throw new Error('the whole value was stringified');
    });
    for (const channel of ['progress:save-attempt', 'progress:set-profile'] as const)
      expect(checkCall(channel, [sent({ answer: { selected: new Array(2e8) } })])).toEqual({
        ok: false,
        error: expect.stringMatching(
          new RegExp(`^${channel}: \\w+ is too large \\(more than \\d+ bytes as JSON\\)$`),
        ),
      });
    expect(stringify).not.toHaveBeenCalled();
  });

  it('refuses a sparse list just past the bound and accepts one that fits', () => {
    // 2499 holes: "[" + 2499 × "null" + 2498 commas + "]" = 14 995 bytes, more than the profile's 10 000.
    expect(checkCall('progress:set-profile', [sent({ x: new Array(2499) })])).toMatchObject({
      ok: false,
      error: 'progress:set-profile: profile is too large (more than 10000 bytes as JSON)',
    });
    expect(checkCall('progress:set-profile', [sent({ x: new Array(1000) })])).toMatchObject({ ok: true });
  });

  it('refuses one small list shared at every level (2^31 paths, a few hundred bytes sent)', () => {
    let shared: unknown = 0;
    for (let i = 0; i < MAX_DEPTH - 1; i++) shared = [shared, shared];
    expect(checkCall('progress:save-attempt', [sent({ answer: shared })])).toEqual({
      ok: false,
      error: 'progress:save-attempt: attempt is too large (more than 1000000 bytes as JSON)',
    });
  });

  it('counts bytes as written in UTF-8, not UTF-16 units', () => {
    // 4000 × "€": 4000 units, 12 000 bytes.
    expect(checkCall('progress:set-profile', [{ name: '€'.repeat(4000) }])).toMatchObject({
      ok: false,
      error: expect.stringContaining('profile is too large'),
    });
  });

  it('refuses what is not plain JSON data, naming the argument', () => {
    for (const v of [{ at: new Date(0) }, { m: new Map() }, { t: new Uint8Array(8) }, { n: 1n }])
      expect(checkCall('progress:save-attempt', [v])).toEqual({
        ok: false,
        error:
          'progress:save-attempt: attempt must be plain JSON data (text, numbers, true/false, lists and objects)',
      });
  });
});

describe('checkCall on scenario:save', () => {
  it('says a scenario over the limit is too large, not "not valid"', () => {
    const r = checkCall('scenario:save', ['a'.repeat(MAX_SCENARIO_BYTES + 1)]);
    expect(r).toEqual({
      ok: false,
      error: 'scenario:save: scenario is too large (more than 256 kB; a scenario is a few hundred bytes)',
    });
  });

  it('counts its UTF-8 bytes against the limit: fewer units than bytes are still too large', () => {
    const text = `# ${'é'.repeat(MAX_SCENARIO_BYTES / 2)}\nkernel: after\n`;
    expect(text.length).toBeLessThan(MAX_SCENARIO_BYTES);
    expect(checkCall('scenario:save', [text])).toMatchObject({
      ok: false,
      error: expect.stringContaining('too large'),
    });
    expect(checkCall('scenario:save', ['kernel: after\n'])).toMatchObject({ ok: true });
  });

  it('says an empty scenario is empty', () => {
    expect(checkCall('scenario:save', [' \n '])).toEqual({
      ok: false,
      error: 'scenario:save: scenario is empty',
    });
  });
});
