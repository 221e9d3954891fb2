/**
 * The student's progress as the renderer sees it: loaded once through the bridge, appended to on each
 * attempt. The file itself lives in main (src/node/progress); a failed save is shown, never swallowed,
 * and the attempt stays in memory so nothing the student did is lost before a retry.
 */
import { api } from '../api.ts';
import { GUEST_ID, type Attempt, type Profile } from '../../../lab/progress/types.ts';

export const progress = $state({
  loaded: false,
  profile: null as Profile | null,
  attempts: [] as Attempt[],
  notices: [] as string[],
  error: null as string | null,
  /** Attempts the store has not confirmed yet. */
  unsaved: [] as Attempt[],
  /**
   * Once the student id changed with answers already given: the id ("guest" before the first) whose
   * variants those answers were to. The exercises now read differently, which the student is told.
   */
  switchedFrom: null as string | null,
  /**
   * The last profile save, refused: the name and id it was for, which the form shown next starts from,
   * and why, which it says. Kept here, not in the form, as the form that sent it is gone by then (the
   * profile showed at once) and a new one takes its place.
   */
  refused: null as { profile: Profile; error: string } | null,
});

let loading: Promise<void> | null = null;

export function ensureProgress(): Promise<void> {
  loading ??= (async () => {
    try {
      const r = await api.loadProgress();
      progress.profile = r.progress.profile;
      progress.attempts = r.progress.attempts;
      progress.notices = r.notices;
    } catch (e) {
      progress.error = `Your progress could not be loaded: ${(e as Error).message}`;
    } finally {
      progress.loaded = true;
    }
  })();
  return loading;
}

let profileSaves = 0;

/**
 * The profile is the student's as soon as they press Save, not once the store confirms it: the id picks
 * the variants, and a confirmation landing after the student had opened an exercise switched its variant
 * under them, clearing the answer they were giving. A refused save puts the profile back (unless a later
 * save has replaced it meanwhile) and rethrows, for the form to say why.
 */
export async function saveProfile(p: Profile): Promise<void> {
  const before = { profile: progress.profile, switchedFrom: progress.switchedFrom };
  const save = ++profileSaves;
  progress.profile = p;
  progress.refused = null;
  const beforeId = before.profile?.id ?? null;
  if (progress.attempts.length && beforeId !== p.id) progress.switchedFrom = beforeId ?? 'guest';
  try {
    await api.setProfile(p);
  } catch (e) {
    if (save === profileSaves) {
      Object.assign(progress, before);
      progress.refused = { profile: p, error: `Could not save: ${(e as Error).message}` };
    }
    throw e;
  }
}

export async function recordAttempt(a: Attempt): Promise<boolean> {
  progress.attempts.push(a);
  try {
    await api.saveAttempt(a);
    progress.unsaved = progress.unsaved.filter((u) => u.id !== a.id);
    progress.error = null;
    return true;
  } catch (e) {
    progress.unsaved.push(a);
    // The store's message says it all ("Your progress could not be saved to …: why. What to do."): not
    // said twice. Any other (the bridge failing) is named as what it is about.
    const message = (e as Error).message.trim();
    const why = /^Your progress could not be saved\b/.test(message)
      ? message.replace(/\.?$/, '.')
      : `Your last answer could not be saved: ${message.replace(/\.?$/, '.')}`;
    progress.error = `${why} Your last answer is kept in this window; use "Retry saving" once that is fixed.`;
    return false;
  }
}

export async function retryUnsaved(): Promise<void> {
  // Every unsaved attempt gets its try, in the order it was made: one that main refuses every time (an
  // answer that no longer fits a lab changed on disk) must not hold back the ones after it.
  const failures: string[] = [];
  for (const a of [...progress.unsaved]) {
    try {
      await api.saveAttempt(a);
      progress.unsaved = progress.unsaved.filter((u) => u.id !== a.id);
    } catch (e) {
      failures.push((e as Error).message);
    }
  }
  progress.error = failures.length
    ? `Saving still fails for ${failures.length === 1 ? 'one answer' : `${failures.length} answers`} (kept here): ${failures.join('; ')}`
    : null;
}

/** The student id used for variant seeds; a guest gets a fixed id so variants are stable offline. */
export function studentId(): string {
  return progress.profile?.id ?? GUEST_ID;
}
