import { describe, expect, it } from 'vitest';
import { getMainWindowOptions } from './windows.ts';

describe('main window options', () => {
  const options = getMainWindowOptions('/app/out/preload/index.cjs');
  const prefs = options.webPreferences ?? {};

  it('sandboxes the page and isolates the preload context', () => {
    expect(prefs.sandbox).toBe(true);
    expect(prefs.contextIsolation).toBe(true);
  });

  it('gives the page no Node.js, in workers and subframes neither', () => {
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and refuses mixed content, webviews and drag-and-drop navigation', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
  });

  it('enables nothing experimental or risky, and stays on the default session', () => {
    // `partition`/`session` would move the page off the default session, where main registers app://
    // and denies all permissions.
    const risky = [
      'enableRemoteModule',
      'experimentalFeatures',
      'enableBlinkFeatures',
      'additionalArguments',
      'plugins',
      'partition',
      'session',
    ];
    for (const key of risky) expect(prefs, key).not.toHaveProperty(key);
  });

  it('uses the given preload path and shows the window only when ready', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
    expect(options.show).toBe(false);
  });

  it('returns a fresh object each time, so a caller cannot weaken the next window', () => {
    const a = getMainWindowOptions('/p');
    a.webPreferences!.sandbox = false;
    expect(getMainWindowOptions('/p').webPreferences?.sandbox).toBe(true);
  });
});
