/**
 * The handlers behind every IPC channel, in plain Node: main wraps them with its sender check, and the
 * e2e harness calls the very same functions in the test process.
 */
import { lstat, mkdir } from 'node:fs/promises';
import type { AppInfo, Channel, CsvKind } from '../ipc/contract.ts';
import {
  classByExercise,
  csvLine,
  WIDE_COLUMNS,
  EXERCISE_COLUMNS,
  LAB_COLUMNS,
  type ClassGrade,
} from '../lab/class-grade.ts';
import { parseAttempt } from '../lab/progress/schema.ts';
import type { Lab } from '../lab/types.ts';
import { attemptAnswerProblems } from './answer-problems.ts';
import { gradeFiles } from './grade-files.ts';
import { instructorLabsDir, loadAllLabs, loadLabFrom, type LabFolders } from './labs/sources.ts';
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
  wide: 'flushpoint-scores-per-lab.csv',
};

/**
 * Whether a CSV starts with the header of its kind: the wide one's has a column per lab between fixed
 * columns, so only those are checked (a lab id is one cell, with no line break).
 */
function hasHeader(which: CsvKind, csv: string): boolean {
  if (which !== 'wide') return csv.startsWith(csvLine(which === 'scores' ? LAB_COLUMNS : EXERCISE_COLUMNS));
  const first = csv.slice(0, csv.indexOf('\n') + 1);
  return (
    first.startsWith(csvLine(WIDE_COLUMNS.before).trimEnd() + ',') &&
    first.endsWith(',' + csvLine(WIDE_COLUMNS.after))
  );
}

/** Said with a refused answer: what the student can do about it. */
export const LAB_CHANGED = 'if the lab was changed since you opened it, open it again from Labs';

/**
 * Refuses an attempt at an exercise its lab does not have, or with an answer that exercise cannot read
 * (the wrong kind, an option, cell or item that does not exist), naming the field. An attempt the store
 * would refuse anyway is left to it, so its message is the same as before.
 */
async function checkAttemptAnswer(folders: LabFolders, input: unknown): Promise<void> {
  const parsed = parseAttempt(input);
  if (!parsed.ok) return;
  let lab: Lab;
  try {
    lab = await loadLabFrom(folders, parsed.value.labId);
  } catch {
    // Saved unchecked: a lab that cannot be loaded now (gone, broken while its instructor edits it, a
    // disk error) must never cost the student the work they just did; `flushpoint grade` names it later.
    return;
  }
  const problems = attemptAnswerProblems(parsed.value, lab);
  // The page builds answers from the lab it shows: one that does not fit was most likely made against a
  // copy of the lab since changed on disk, which the student can mend by opening it again.
  if (problems.length) throw new Error(`cannot save the attempt: ${problems.join('; ')} (${LAB_CHANGED})`);
}

/**
 * Makes the instructor-labs folder, or says in words why it cannot be made: Node's own message
 * ("EEXIST: file already exists, mkdir ...") reached the page when `labs` was a file.
 */
async function makeLabsFolder(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const there = await lstat(path).catch(() => null);
    if (there && !there.isDirectory())
      throw new Error(
        `${path} is ${there.isSymbolicLink() ? 'a link to a file or to nothing' : 'a file'}, not a folder: move or rename it, and the folder for your labs is made here`,
        { cause: err },
      );
    if (code === 'EACCES' || code === 'EPERM')
      throw new Error(`cannot make the folder ${path} (${code}: no permission)`, { cause: err });
    throw new Error(`cannot make the folder ${path} (${code ?? String(err)})`, { cause: err });
  }
}

/** Creates the channel -> handler map for one app instance. */
export function createHandlers(
  ctx: HandlerContext,
): Record<Channel, (...args: unknown[]) => Promise<unknown>> {
  const store = openProgressStore(ctx.userDataDir);
  const folders = { app: ctx.labsDir, instructor: instructorLabsDir(ctx.userDataDir) };
  // Attempts are checked one after another, so they reach the store in the order they came: grading
  // reads a student's tries in file order (wrong tries before, nothing after a shown solution), and a lab
  // that loads slowly for one must not let a later one be written first.
  let saves: Promise<unknown> = Promise.resolve();
  const saveAttempt = (attempt: unknown) => {
    const saved = saves.then(async () => {
      await checkAttemptAnswer(folders, attempt);
      return store.saveAttempt(attempt);
    });
    saves = saved.catch(() => undefined);
    return saved;
  };
  return {
    'app:info': async () => ctx.appInfo,
    'labs:list': async () => {
      const { labs, errors, replacedByBroken } = await loadAllLabs(folders);
      return {
        labs: labs.map((l) => ({
          id: l.id,
          title: l.title,
          summary: l.summary,
          exercises: l.exercises.length,
          source: l.source,
        })),
        errors,
        replacedByBroken,
        instructorDir: folders.instructor,
      };
    },
    'labs:get': async (id) => loadLabFrom(folders, id as string),
    'labs:open-folder': async () => {
      // Made on first use, so an instructor's first look finds the folder to put labs in.
      await makeLabsFolder(folders.instructor);
      const error = await ctx.openFolder(folders.instructor);
      return { path: folders.instructor, opened: error === '', ...(error ? { error } : {}) };
    },
    'progress:load': async () => store.load(),
    'progress:save-attempt': async (attempt) => saveAttempt(attempt),
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
        // What the page needs to list every file as `flushpoint grade` does (listClass): the CSVs are its.
        ungraded: g.ungraded,
        brokenLabs: errors.map((e) => ({ lab: e.lab, message: e.message })),
        unknownLabs: g.unknownLabs,
        // A student id in more than one file, graded once from all of them, as `flushpoint grade` does.
        repeated: g.merged,
        copies: g.copies,
        warnings: g.warnings,
      };
    },
    'grade:save-csv': async (which, csv) => {
      // Only the grades CSV the page builds, with its own header, is written where the instructor says.
      if (!hasHeader(which as CsvKind, csv as string)) {
        const header =
          which === 'wide'
            ? [...WIDE_COLUMNS.before, 'LAB…', ...WIDE_COLUMNS.after].join(',')
            : csvLine(which === 'scores' ? LAB_COLUMNS : EXERCISE_COLUMNS).trim();
        throw new Error(`not the grades CSV: its first line must be ${header}`);
      }
      const target = await ctx.chooseSaveFile('grades', CSV_NAMES[which as CsvKind]);
      if (target === null) return { saved: null };
      // With a UTF-8 byte order mark: without it, Excel reads the file in the system's legacy code page
      // and a student named José shows as JosÃ©. LibreOffice and scripts reading UTF-8 skip it.
      await writeFileSafely(target, `\uFEFF${csv as string}`);
      return { saved: target };
    },
  };
}
