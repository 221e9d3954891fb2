/**
 * The save dialog for a copy of the student's progress (the Results screen's "Save my progress"): main
 * picks the path with the student, so the page never names a file on disk.
 */
import type { BrowserWindow, Dialog, SaveDialogOptions } from 'electron';
import { join } from 'node:path';

/** Asks where to save; the Documents folder and the suggested name first. Null when cancelled. */
export async function chooseExportFile(
  dialog: Pick<Dialog, 'showSaveDialog'>,
  win: BrowserWindow | null,
  documentsDir: string,
  suggestedName: string,
): Promise<string | null> {
  const options: SaveDialogOptions = {
    title: 'Save your progress for your instructor',
    defaultPath: join(documentsDir, suggestedName),
    buttonLabel: 'Save',
    filters: [{ name: 'Flushpoint progress', extensions: ['json'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
  const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
  return r.canceled || !r.filePath ? null : r.filePath;
}
