/** Validation and migration of progress data: every error names the field. */
import { PROGRESS_VERSION, type Attempt, type Profile, type Progress } from './types.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const ID = /^[A-Za-z0-9._-]{1,100}$/;

function str(o: Obj, key: string, where: string, pattern?: RegExp, max = 200, what?: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length > max || (pattern && !pattern.test(v))) {
    throw new Error(
      `${where}.${key} must be ${what ?? (pattern ? 'an id (letters, digits, . _ -)' : `text up to ${max} characters`)}`,
    );
  }
  return v;
}
function num(o: Obj, key: string, where: string, min: number, max: number): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
    throw new Error(`${where}.${key} must be a number from ${min} to ${max}`);
  return v;
}
function bool(o: Obj, key: string, where: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new Error(`${where}.${key} must be true or false`);
  return v;
}

/** A profile from untrusted data. */
export function parseProfile(input: unknown, where = 'profile'): Parsed<Profile> {
  try {
    if (!isObj(input)) throw new Error(`${where} must be an object with name and id`);
    const name = str(input, 'name', where).trim();
    if (name.length === 0) throw new Error(`${where}.name must not be empty`);
    return { ok: true, value: { name, id: str(input, 'id', where, ID) } };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

/** An attempt from untrusted data. */
export function parseAttempt(input: unknown, where = 'attempt'): Parsed<Attempt> {
  try {
    if (!isObj(input)) throw new Error(`${where} must be an object`);
    const score = num(input, 'score', where, 0, 1_000);
    const maxScore = num(input, 'maxScore', where, 0, 1_000);
    if (score > maxScore) throw new Error(`${where}.score must not exceed maxScore`);
    const at = str(
      input,
      'at',
      where,
      /^\d{4}-\d\d-\d\dT[\d:.]+Z$/,
      40,
      'a time in ISO form, UTC (like 2026-11-25T10:00:00.000Z)',
    );
    const answerText = JSON.stringify(input.answer ?? null);
    if (answerText.length > 100_000) throw new Error(`${where}.answer is too large`);
    return {
      ok: true,
      value: {
        id: str(input, 'id', where, ID),
        labId: str(input, 'labId', where, ID),
        exerciseId: str(input, 'exerciseId', where, ID),
        variantSeed: num(input, 'variantSeed', where, 0, 0xffffffff),
        answer: JSON.parse(answerText) as unknown,
        score,
        maxScore,
        hintsUsed: num(input, 'hintsUsed', where, 0, 100),
        correct: bool(input, 'correct', where),
        solutionShown: bool(input, 'solutionShown', where),
        at,
        durationMs: num(input, 'durationMs', where, 0, 1e10),
      },
    };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

/** Version 1 (the first release): `student` instead of `profile`, no ids, seeds, hints or durations. */
function migrateV1(o: Obj): Obj {
  const attempts = Array.isArray(o.attempts) ? o.attempts : [];
  return {
    version: 2,
    profile: o.student ?? null,
    attempts: attempts.map((a, i) => {
      const old = isObj(a) ? a : {};
      return {
        id: `v1-${i}`,
        variantSeed: 0,
        hintsUsed: 0,
        solutionShown: false,
        durationMs: 0,
        ...old,
      };
    }),
  };
}

const MIGRATIONS: Record<number, (o: Obj) => Obj> = { 1: migrateV1 };

export type ProgressProblem = 'invalid' | 'future-version';

/** A progress file's data, migrated to the current version; or why it cannot be used. */
export function parseProgress(
  input: unknown,
):
  | { ok: true; value: Progress; migratedFrom: number | null }
  | { ok: false; error: string; problem: ProgressProblem } {
  if (!isObj(input)) return { ok: false, error: 'the file is not a JSON object', problem: 'invalid' };
  let o = input;
  const version = o.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, error: 'version is missing or not a whole number', problem: 'invalid' };
  }
  if (version > PROGRESS_VERSION) {
    return {
      ok: false,
      error: `version ${version} is newer than this app understands (${PROGRESS_VERSION})`,
      problem: 'future-version',
    };
  }
  for (let v = version; v < PROGRESS_VERSION; v++) o = (MIGRATIONS[v] as (x: Obj) => Obj)(o);
  let profile: Profile | null = null;
  if (o.profile !== null && o.profile !== undefined) {
    const p = parseProfile(o.profile);
    if (!p.ok) return { ok: false, error: p.error, problem: 'invalid' };
    profile = p.value;
  }
  if (!Array.isArray(o.attempts)) return { ok: false, error: 'attempts must be a list', problem: 'invalid' };
  const attempts: Attempt[] = [];
  for (const [i, a] of o.attempts.entries()) {
    const p = parseAttempt(a, `attempts[${i}]`);
    if (!p.ok) return { ok: false, error: p.error, problem: 'invalid' };
    attempts.push(p.value);
  }
  return {
    ok: true,
    value: { version: PROGRESS_VERSION, profile, attempts },
    migratedFrom: version === PROGRESS_VERSION ? null : version,
  };
}
