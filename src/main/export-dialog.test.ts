import { describe, expect, it, vi } from 'vitest';
import { chooseExportFile } from './export-dialog.ts';

const dialogAnswering = (answer: { canceled: boolean; filePath: string }) => ({
  showSaveDialog: vi.fn(async () => answer),
});

describe('the save dialog for a copy of the progress', () => {
  it('suggests the name in the Documents folder, for a JSON file, over the window', async () => {
    const dialog = dialogAnswering({ canceled: false, filePath: '/home/ada/Documents/x.json' });
    const win = {} as never;
    const path = await chooseExportFile(dialog, win, '/home/ada/Documents', 'flushpoint-progress-ada.json');
    expect(path).toBe('/home/ada/Documents/x.json');
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(
      win,
      expect.objectContaining({
        defaultPath: '/home/ada/Documents/flushpoint-progress-ada.json',
        filters: [{ name: 'Flushpoint progress', extensions: ['json'] }],
      }),
    );
  });

  it('gives null when the student cancels, or the dialog names no file', async () => {
    expect(
      await chooseExportFile(dialogAnswering({ canceled: true, filePath: '' }), null, '/d', 'p.json'),
    ).toBeNull();
    expect(
      await chooseExportFile(dialogAnswering({ canceled: false, filePath: '' }), null, '/d', 'p.json'),
    ).toBeNull();
  });
});
