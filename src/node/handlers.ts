/**
 * The handlers behind every IPC channel, in plain Node: main wraps them with its sender check, and the
 * e2e harness calls the very same functions in the test process.
 */
import { mkdir } from 'node:fs/promises';
import type { AppInfo, Channel, CsvKind } from '../ipc/contract.ts';
import {
  classByExercise,
  csvLine,
  EXERCISE_COLUMNS,
  LAB_COLUMNS,
  repeatedStudents,
  type ClassGrade,
} from '../lab/class-grade.ts';
import { gradeFiles } from './grade-files.ts';
import { instructorLabsDir, loadAllLabs, loadLabFrom } from './labs/sources.ts';
import { exportFileName, openProgressStore } from './progress/store.ts';
import { saveScenario } from './scenario-save.ts';
import { writeFileSafely } from './write-safely.ts';

/** What the student saves through a save dialog. */
export type SaveKind = 'progress' | 'scenario' | 'grades';

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
  /** The students' progress files an instructor picks to grade (main: an open dialog); [] if cancelled. */
  chooseProgressFiles: () => Promise<string[]>;
}

const CSV_NAMES: Record<CsvKind, string> = {
  scores: 'flushpoint-scores.csv',
  exercises: 'flushpoint-by-exercise.csv',
};

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
    'grade:open-files': async (): Promise<ClassGrade | null> => {
      const paths = await ctx.chooseProgressFiles();
      if (paths.length === 0) return null;
      // The labs this app shows its students, the instructor's own included: the ones they answered.
      const { labs, errors } = await loadAllLabs(folders);
      const byId = new Map(labs.map((l) => [l.id, l]));
      const g = await gradeFiles(paths, byId);
      return {
        files: g.files,
        scores: g.scores,
        exercises: g.exercises,
        byLab: classByExercise(g.exercises, byId),
        problems: g.problems,
        brokenLabs: errors.map((e) => ({ lab: e.lab, message: e.message })),
        unknownLabs: g.unknownLabs,
        repeated: repeatedStudents(g.scores),
        warnings: g.warnings,
      };
    },
    'grade:save-csv': async (which, csv) => {
      // Only the grades CSV the page builds, with its own header, is written where the instructor says.
      const header = csvLine(which === 'scores' ? LAB_COLUMNS : EXERCISE_COLUMNS);
      if (!(csv as string).startsWith(header))
        throw new Error(`not the grades CSV: its first line must be ${header.trim()}`);
      const target = await ctx.chooseSaveFile('grades', CSV_NAMES[which as CsvKind]);
      if (target === null) return { saved: null };
      await writeFileSafely(target, csv as string);
      return { saved: target };
    },
  };
}
