import { describe, expect, it, vi } from 'vitest';
import { chooseProgressFiles, chooseSaveFile } from './export-dialog.ts';

const dialogAnswering = (answer: { canceled: boolean; filePath: string }) => ({
  showSaveDialog: vi.fn(async () => answer),
});

describe('the save dialogs', () => {
  it('suggests the name in the Documents folder, for a JSON file, over the window', async () => {
    const dialog = dialogAnswering({ canceled: false, filePath: '/home/ada/Documents/x.json' });
    const win = {} as never;
    const path = await chooseSaveFile(
      dialog,
      win,
      '/home/ada/Documents',
      'progress',
      'flushpoint-progress-ada.json',
    );
    expect(path).toBe('/home/ada/Documents/x.json');
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(
      win,
      expect.objectContaining({
        defaultPath: '/home/ada/Documents/flushpoint-progress-ada.json',
        filters: [{ name: 'Flushpoint progress', extensions: ['json'] }],
      }),
    );
  });

  it('offers a scenario as a YAML file, under its own title', async () => {
    const dialog = dialogAnswering({ canceled: false, filePath: '/d/s.yaml' });
    await chooseSaveFile(dialog, null, '/d', 'scenario', 'amd-4cpus.yaml');
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(
      expect.objectContaining({
        title: 'Save this scenario (for flushpoint simulate)',
        defaultPath: '/d/amd-4cpus.yaml',
        filters: [{ name: 'Scenario file', extensions: ['yaml', 'yml'] }],
      }),
    );
  });

  it.each([
    { canceled: true, filePath: '' },
    { canceled: false, filePath: '' },
  ])('gives null when the student cancels, or the dialog names no file: %j', async (answer) => {
    expect(await chooseSaveFile(dialogAnswering(answer), null, '/d', 'progress', 'p.json')).toBeNull();
  });
});

describe('the open dialog of "Grade a class"', () => {
  it('asks for several JSON files from the Documents folder, over the window', async () => {
    const dialog = {
      showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: ['/d/a.json', '/d/b.json'] })),
    };
    const win = {} as never;
    await expect(chooseProgressFiles(dialog, win, '/d')).resolves.toEqual(['/d/a.json', '/d/b.json']);
    expect(dialog.showOpenDialog).toHaveBeenCalledWith(
      win,
      expect.objectContaining({
        defaultPath: '/d',
        properties: ['openFile', 'multiSelections'],
        filters: expect.arrayContaining([{ name: 'Flushpoint progress', extensions: ['json'] }]) as unknown,
      }),
    );
  });

  it('gives no files when the instructor cancels', async () => {
    const dialog = { showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: ['/d/a.json'] })) };
    await expect(chooseProgressFiles(dialog, null, '/d')).resolves.toEqual([]);
  });

  it('saves grades as CSV', async () => {
    const dialog = dialogAnswering({ canceled: false, filePath: '/d/g.csv' });
    await chooseSaveFile(dialog, null, '/d', 'grades', 'flushpoint-scores.csv');
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(
      expect.objectContaining({ filters: [{ name: 'CSV (spreadsheets)', extensions: ['csv'] }] }),
    );
  });
});
