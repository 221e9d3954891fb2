/**
 * The save dialogs: a copy of the student's progress (the Results screen's "Save my progress") and a
 * scenario file (the sandbox's "Save this scenario"). main picks the path with the student, so the page
 * never names a file on disk.
 */
import type { BrowserWindow, Dialog, SaveDialogOptions } from 'electron';
import { join } from 'node:path';
import type { SaveKind } from '../node/handlers.ts';

const DIALOGS: Record<SaveKind, Pick<SaveDialogOptions, 'title' | 'filters'>> = {
  progress: {
    title: 'Save your progress for your instructor',
    filters: [{ name: 'Flushpoint progress', extensions: ['json'] }],
  },
  scenario: {
    title: 'Save this scenario (for flushpoint simulate)',
    filters: [{ name: 'Scenario file', extensions: ['yaml', 'yml'] }],
  },
};

/** Asks where to save; the Documents folder and the suggested name first. Null when cancelled. */
export async function chooseSaveFile(
  dialog: Pick<Dialog, 'showSaveDialog'>,
  win: BrowserWindow | null,
  documentsDir: string,
  kind: SaveKind,
  suggestedName: string,
): Promise<string | null> {
  const options: SaveDialogOptions = {
    ...DIALOGS[kind],
    defaultPath: join(documentsDir, suggestedName),
    buttonLabel: 'Save',
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
  const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
  return r.canceled || !r.filePath ? null : r.filePath;
}
