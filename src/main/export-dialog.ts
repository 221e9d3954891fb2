/**
 * The file dialogs: saving a copy of the student's progress (the Results screen's "Save my progress"), a
 * scenario file (the sandbox's "Save this scenario") or a class's grades; opening students' progress
 * files to grade. main picks the paths with the person, so the page never names a file on disk.
 */
import type { BrowserWindow, Dialog, OpenDialogOptions, SaveDialogOptions } from 'electron';
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
  grades: {
    title: "Save the class's grades",
    filters: [{ name: 'CSV (spreadsheets)', extensions: ['csv'] }],
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

/** Asks which students' progress files to grade, from the Documents folder; [] when cancelled. */
export async function chooseProgressFiles(
  dialog: Pick<Dialog, 'showOpenDialog'>,
  win: BrowserWindow | null,
  documentsDir: string,
): Promise<string[]> {
  const options: OpenDialogOptions = {
    title: "Open your students' progress files",
    defaultPath: documentsDir,
    buttonLabel: 'Grade',
    filters: [
      { name: 'Flushpoint progress', extensions: ['json'] },
      { name: 'All files', extensions: ['*'] },
    ],
    properties: ['openFile', 'multiSelections'],
  };
  const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return r.canceled ? [] : r.filePaths;
}
