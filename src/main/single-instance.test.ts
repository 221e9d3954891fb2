/** main/index.ts when another Flushpoint already runs on this user-data folder (electron mocked). */
import { expect, it, vi } from 'vitest';

it('quits at once and opens no window of its own', async () => {
  const electron = await import('./__mocks__/electron.ts');
  electron.app.requestSingleInstanceLock.mockReturnValue(false);
  await import('./index.ts');
  // Whatever main would do once ready has had its chance to run.
  await electron.app.whenReady.mock.results[0]?.value;
  await new Promise((r) => setTimeout(r, 0));
  expect(electron.app.quit).toHaveBeenCalled();
  expect(electron.BrowserWindow.instances).toHaveLength(0);
  expect(electron.ipcMain.handle).not.toHaveBeenCalled();
  vi.restoreAllMocks();
});
