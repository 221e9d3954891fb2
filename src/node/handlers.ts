/**
 * The handlers behind every IPC channel, in plain Node: main wraps them with its sender check, and the
 * e2e harness calls the very same functions in the test process.
 */
import { mkdir } from 'node:fs/promises';
import type { AppInfo, Channel } from '../ipc/contract.ts';
import { instructorLabsDir, loadAllLabs, loadLabFrom } from './labs/sources.ts';
import { exportFileName, openProgressStore } from './progress/store.ts';
import { saveScenario } from './scenario-save.ts';

/** What the student saves through a save dialog. */
export type SaveKind = 'progress' | 'scenario';

export interface HandlerContext {
  labsDir: string;
  userDataDir: string;
  appInfo: AppInfo;
  /**
   * Where to save a copy of the progress for the instructor, or a scenario file, given a suggested file
   * name; null when the student cancels. main asks with a save dialog: the page never names a path.
   */
  chooseSaveFile: (kind: SaveKind, suggestedName: string) => Promise<string | null>;
  /**
   * Shows a folder in the system's file manager: '' when it did, else why not (Electron's shell.openPath
   * answers the same way). Outside Electron there is no file manager to open.
   */
  openFolder: (path: string) => Promise<string>;
}

/** Creates the channel -> handler map for one app instance. */
export function createHandlers(
  ctx: HandlerContext,
): Record<Channel, (...args: unknown[]) => Promise<unknown>> {
  const store = openProgressStore(ctx.userDataDir);
  const folders = { app: ctx.labsDir, instructor: instructorLabsDir(ctx.userDataDir) };
  return {
    'app:info': async () => ctx.appInfo,
    'labs:list': async () => {
      const { labs, errors } = await loadAllLabs(folders);
      return {
        labs: labs.map((l) => ({
          id: l.id,
          title: l.title,
          summary: l.summary,
          exercises: l.exercises.length,
          source: l.source,
        })),
        errors,
        instructorDir: folders.instructor,
      };
    },
    'labs:get': async (id) => loadLabFrom(folders, id as string),
    'labs:open-folder': async () => {
      // Made on first use, so an instructor's first look finds the folder to put labs in.
      await mkdir(folders.instructor, { recursive: true });
      const error = await ctx.openFolder(folders.instructor);
      return { path: folders.instructor, opened: error === '', ...(error ? { error } : {}) };
    },
    'progress:load': async () => store.load(),
    'progress:save-attempt': async (attempt) => store.saveAttempt(attempt),
    'progress:set-profile': async (profile) => store.setProfile(profile),
    'progress:export': async () => {
      const target = await ctx.chooseSaveFile('progress', exportFileName(await store.profile()));
      return target === null ? { saved: null } : store.exportTo(target);
    },
    'scenario:save': async (text) =>
      saveScenario(text as string, (name) => ctx.chooseSaveFile('scenario', name)),
  };
}
