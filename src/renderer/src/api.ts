/**
 * The only module that touches window.api (the preload's bridge). Outside Electron (npm run preview:web)
 * the same contract is served over HTTP POST /api/<channel>, so the UI runs unchanged in a browser.
 * Every call unwraps the IpcResult envelope: callers get a value or an Error with main's message.
 */
import {
  CHANNEL_NAMES,
  methodName,
  type AppInfo,
  type Channel,
  type CsvKind,
  type FlushpointApi,
  type IpcResult,
} from '../../ipc/contract.ts';
import type { ClassGrade } from '../../lab/class-grade.ts';
import type { Lab, LabError } from '../../lab/types.ts';
import type { Attempt, Profile, Progress } from '../../lab/progress/types.ts';

declare global {
  interface Window {
    api?: FlushpointApi;
  }
}

function httpApi(): FlushpointApi {
  const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const channel of CHANNEL_NAMES)
    api[methodName(channel)] = async (...args: unknown[]) => {
      const res = await fetch(`/api/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ args }),
      });
      if (!res.ok) return { ok: false, error: `the app server answered ${res.status}` };
      return (await res.json()) as IpcResult<unknown>;
    };
  return api as unknown as FlushpointApi;
}

const bridge: FlushpointApi = window.api ?? httpApi();

async function call<T>(channel: Channel, ...args: unknown[]): Promise<T> {
  const fn = (bridge as unknown as Record<string, (...a: unknown[]) => Promise<IpcResult<T>>>)[
    methodName(channel)
  ];
  if (!fn) throw new Error(`the app bridge has no method for ${channel}`);
  const r = await fn(...args);
  if (!r || typeof r !== 'object' || !('ok' in r)) throw new Error(`malformed answer on ${channel}`);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

export interface LabListEntry {
  id: string;
  title: string;
  summary: string;
  exercises: number;
  /** Shipped with the app, or handed out by an instructor (in the user-data folder's labs/). */
  source: 'app' | 'instructor';
}

export const api = {
  appInfo: () => call<AppInfo>('app:info'),
  listLabs: () =>
    call<{
      labs: LabListEntry[];
      errors: LabError[];
      /** Shipped labs an instructor's broken folder of the same name replaces: not listed. */
      replacedByBroken: { id: string; title: string }[];
      instructorDir: string;
    }>('labs:list'),
  getLab: (id: string) => call<Lab>('labs:get', id),
  /** Shows the instructor-labs folder in the file manager (made if missing); `error` says why it did not. */
  openLabsFolder: () => call<{ path: string; opened: boolean; error?: string }>('labs:open-folder'),
  loadProgress: () => call<{ progress: Progress; notices: string[] }>('progress:load'),
  saveAttempt: (a: Attempt) => call<{ saved: true; attempts: number }>('progress:save-attempt', a),
  setProfile: (p: Profile) => call<{ saved: true }>('progress:set-profile', p),
  /** Saves a copy of the progress where the student chooses; `saved` is null when they cancel. */
  exportProgress: () => call<{ saved: string | null; attempts?: number }>('progress:export'),
  /** Saves a scenario's YAML where the student chooses (main checks it first); null when they cancel. */
  saveScenario: (yaml: string) => call<{ saved: string | null }>('scenario:save', yaml),
  /** Asks which progress files (main's open dialog) and grades them; null when none was chosen. */
  gradeOpenFiles: () => call<ClassGrade | null>('grade:open-files'),
  /** Saves a class's grades as CSV where the instructor chooses; null when they cancel. */
  saveGradesCsv: (which: CsvKind, csv: string) =>
    call<{ saved: string | null }>('grade:save-csv', which, csv),
};
