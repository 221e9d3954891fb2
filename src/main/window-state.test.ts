import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWindowState, placeOnDisplays, readWindowState, saveWindowState } from './window-state.ts';

const MIN = { width: 1024, height: 640 };
const SCREEN = { x: 0, y: 0, width: 1920, height: 1040 };

describe('the window opens where it was closed', () => {
  it('saves and reads back its bounds and whether it was maximised', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fp-win-')), 'window.json');
    const state = { bounds: { x: 10, y: 20, width: 1400, height: 900 }, maximized: true };
    saveWindowState(file, state);
    await expect(readWindowState(file)).resolves.toEqual(state);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(state);
  });

  it.each([
    ['no file', null],
    ['not JSON', '{"bounds": '],
    ['no bounds', '{"maximized": false}'],
    [
      'a string for a size',
      '{"bounds": {"x": 0, "y": 0, "width": "big", "height": 700}, "maximized": false}',
    ],
    ['a negative size', '{"bounds": {"x": 0, "y": 0, "width": -5, "height": 700}, "maximized": false}'],
    ['an absurd place', '{"bounds": {"x": 1e12, "y": 0, "width": 1300, "height": 700}, "maximized": false}'],
    ['no maximised flag', '{"bounds": {"x": 0, "y": 0, "width": 1300, "height": 700}}'],
  ])('ignores a saved state that is not one (%s)', async (_what, text) => {
    const file = join(mkdtempSync(join(tmpdir(), 'fp-win-')), 'window.json');
    if (text !== null) writeFileSync(file, text);
    await expect(readWindowState(file)).resolves.toBeNull();
  });

  it('reads integers only, and a true or false maximised flag', () => {
    const text = '{"bounds": {"x": -8, "y": 0, "width": 1300, "height": 700}, "maximized": false}';
    expect(parseWindowState(text)).toEqual({
      bounds: { x: -8, y: 0, width: 1300, height: 700 },
      maximized: false,
    });
    expect(parseWindowState(text.replace('1300', '1300.5'))).toBeNull();
    expect(parseWindowState(text.replace('false', '"no"'))).toBeNull();
  });

  it('opens on a display that still shows enough of it, at least at the minimum size', () => {
    expect(placeOnDisplays({ x: 100, y: 50, width: 1300, height: 800 }, [SCREEN], MIN)).toEqual({
      x: 100,
      y: 50,
      width: 1300,
      height: 800,
    });
    expect(placeOnDisplays({ x: 100, y: 50, width: 300, height: 200 }, [SCREEN], MIN)).toEqual({
      x: 100,
      y: 50,
      width: 1024,
      height: 640,
    });
    // On the second of two displays.
    const right = { x: 1920, y: 0, width: 1280, height: 1000 };
    expect(
      placeOnDisplays({ x: 2000, y: 10, width: 1100, height: 900 }, [SCREEN, right], MIN),
    ).not.toBeNull();
  });

  it('is not opened where no display shows it (a monitor unplugged), or only shows a sliver', () => {
    expect(placeOnDisplays({ x: 2000, y: 10, width: 1100, height: 900 }, [SCREEN], MIN)).toBeNull();
    expect(placeOnDisplays({ x: 1880, y: 10, width: 1100, height: 900 }, [SCREEN], MIN)).toBeNull();
    expect(placeOnDisplays({ x: 100, y: -880, width: 1100, height: 900 }, [SCREEN], MIN)).toBeNull();
  });
});
