/** Validation and migration of progress data: every error names the field. */
import { nestedDeeperThan } from '../../sim/depth.ts';
import {
  NO_ID,
  NO_NAME,
  PROGRESS_VERSION,
  type Attempt,
  type Profile,
  type Progress,
  type ShownVariant,
} from './types.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const MAX_ID = 100;
const ID = new RegExp(`^[A-Za-z0-9._-]{1,${MAX_ID}}$`);

/**
 * Characters that let a name rewrite the text around it wherever it is shown: line breaks and other
 * controls (forged rows in `flushpoint grade`'s tables and CSVs, terminal escapes such as ESC [2J) and
 * the marks that reverse the direction of the text after them.
 */
const CONTROL = /[\p{Cc}\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** The ids that name a folder and its parent wherever an id becomes part of a path. */
const PATH_IDS = new Set(['.', '..']);

/**
 * How deep an answer may nest. Every kind of answer is an object holding a list (two levels); the file
 * is written indented, so each level costs every line below it a character: a deep answer made of a few
 * kilobytes used to write a file of tens of megabytes that the grader then refused.
 */
export const MAX_ANSWER_DEPTH = 16;

/** The largest answer, counted as the progress file holds it. */
const MAX_ANSWER_CHARS = 100_000;

/** How the app writes a progress file: indented, so a student or teacher can read it. */
export function progressText(progress: Progress): string {
  return `${JSON.stringify(progress, null, 1)}\n`;
}

/** An answer sits at attempts[i].answer, three levels in: each of its lines is written three deeper. */
const ANSWER_INDENT = 3;

/** The characters an answer takes in the progress file as `progressText` writes it. */
function answerCharsAsWritten(answer: unknown): number {
  const text = JSON.stringify(answer, null, 1);
  return text.length + ANSWER_INDENT * (text.split('\n').length - 1);
}

/** A time as the app writes it (`toISOString`), naming a real day: not just anything between the T and Z. */
const ISO_UTC = /^(\d{4})-(\d\d)-(\d\d)T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?Z$/;

const ISO_TIME = 'a time in ISO form, UTC (like 2026-11-25T10:00:00.000Z)';

function isIsoTime(text: string): boolean {
  const m = ISO_UTC.exec(text);
  if (!m || !Number.isFinite(Date.parse(text))) return false;
  // Date.parse rolls 2026-02-30 over into March: the day must read back as written.
  return new Date(text).toISOString().slice(0, 10) === `${m[1]}-${m[2]}-${m[3]}`;
}

function str(o: Obj, key: string, where: string, pattern?: RegExp, max = 200, what?: string): string {
  const v = o[key];
  // Said apart: "must be an id (letters, digits, . _ -)" does not tell what is wrong with a long one.
  if (pattern === ID && typeof v === 'string' && v.length > MAX_ID)
    throw new Error(`${where}.${key} must be an id of at most ${MAX_ID} characters (it has ${v.length})`);
  if (typeof v !== 'string' || v.length > max || (pattern && !pattern.test(v))) {
    throw new Error(
      `${where}.${key} must be ${what ?? (pattern ? 'an id (letters, digits, . _ -)' : `text up to ${max} characters`)}`,
    );
  }
  return v;
}
/** A number from `min` to `max`; `whole` for a count or a seed, which the app only ever makes whole. */
function num(o: Obj, key: string, where: string, min: number, max: number, whole = false): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (whole && !Number.isInteger(v)))
    throw new Error(`${where}.${key} must be a ${whole ? 'whole ' : ''}number from ${min} to ${max}`);
  return v;
}
function bool(o: Obj, key: string, where: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new Error(`${where}.${key} must be true or false`);
  return v;
}

/**
 * The name and the id of a profile, each read on its own so that one bad field does not hide the other:
 * the fields that could be read, and the message of each that could not (name first, then id).
 */
function profileFields(input: Obj, where: string): { value: Partial<Profile>; problems: string[] } {
  const value: Partial<Profile> = {};
  const problems: string[] = [];
  const read = (field: keyof Profile, get: () => string) => {
    try {
      value[field] = get();
    } catch (err) {
      problems.push((err as Error).message);
    }
  };
  read('name', () => {
    const name = str(input, 'name', where).trim();
    if (name.length === 0) throw new Error(`${where}.name must not be empty`);
    if (CONTROL.test(name))
      throw new Error(
        `${where}.name must not hold line breaks, tabs or other control characters (terminal escapes, text-direction marks)`,
      );
    return name;
  });
  read('id', () => {
    const id = str(input, 'id', where, ID);
    if (PATH_IDS.has(id)) throw new Error(`${where}.id must not be "." or ".."`);
    return id;
  });
  return { value, problems };
}

/** A profile from untrusted data: both fields must be right (the app saves only such profiles). */
export function parseProfile(input: unknown, where = 'profile'): Parsed<Profile> {
  if (!isObj(input)) return { ok: false, error: `${where} must be an object with name and id` };
  const { value, problems } = profileFields(input, where);
  const [first] = problems;
  if (first !== undefined) return { ok: false, error: first };
  return { ok: true, value: { name: value.name as string, id: value.id as string } };
}

/** What is wrong with one field of an attempt: the field, and the message naming it (`attempts[3].at must be…`). */
export interface FieldProblem {
  field: keyof Attempt;
  message: string;
}

/**
 * Every field of an attempt read on its own, so that one bad field does not hide the others: the fields
 * that could be read, and the problem of each one that could not, in the order the checks are made.
 */
function attemptFields(input: Obj, where: string): { value: Partial<Attempt>; problems: FieldProblem[] } {
  const value: Partial<Attempt> = {};
  const problems: FieldProblem[] = [];
  const read = <K extends keyof Attempt>(field: K, get: () => Attempt[K]) => {
    try {
      value[field] = get();
    } catch (err) {
      problems.push({ field, message: (err as Error).message });
    }
  };
  read('score', () => num(input, 'score', where, 0, 1_000));
  read('maxScore', () => num(input, 'maxScore', where, 0, 1_000));
  if (value.score !== undefined && value.maxScore !== undefined && value.score > value.maxScore) {
    problems.push({ field: 'score', message: `${where}.score must not exceed maxScore` });
    delete value.score;
  }
  read('at', () => {
    const at = str(input, 'at', where, undefined, 40, ISO_TIME);
    if (!isIsoTime(at)) throw new Error(`${where}.at must be ${ISO_TIME}`);
    return at;
  });
  read('answer', () => readAnswer(input.answer, `${where}.answer`));
  read('id', () => str(input, 'id', where, ID));
  read('labId', () => str(input, 'labId', where, ID));
  read('exerciseId', () => str(input, 'exerciseId', where, ID));
  read('variantSeed', () => num(input, 'variantSeed', where, 0, 0xffffffff, true));
  // Recorded since the app kept the variant shown: absent in older files, which still load.
  if (input.variant !== undefined) read('variant', () => readVariant(input.variant, `${where}.variant`));
  if (value.variant && value.variantSeed !== undefined && value.variant.seed !== value.variantSeed) {
    problems.push({
      field: 'variant',
      message: `${where}.variant.seed (${value.variant.seed}) must be the attempt's variantSeed (${value.variantSeed})`,
    });
    delete value.variant;
  }
  if (input.mutant !== undefined)
    read('mutant', () => str(input, 'mutant', where, ID, MAX_ID, 'a mutant id (letters, digits, . _ -)'));
  read('hintsUsed', () => num(input, 'hintsUsed', where, 0, 100, true));
  read('correct', () => bool(input, 'correct', where));
  read('solutionShown', () => bool(input, 'solutionShown', where));
  read('durationMs', () => num(input, 'durationMs', where, 0, 1e10));
  return { value, problems };
}

/** The most parameters a recorded variant may hold (labs use a handful). */
const MAX_PARAMS = 50;
/** A parameter's name as lab.yaml's params may spell it. */
const PARAM_NAME = /^[A-Za-z_]\w{0,63}$/;
/** The longest text value of a parameter. */
const MAX_PARAM_TEXT = 200;

/** The variant an attempt records (`where` names the field): a whole seed and the parameters' values. */
function readVariant(input: unknown, where: string): ShownVariant {
  if (!isObj(input)) throw new Error(`${where} must be an object with seed and params`);
  const seed = num(input, 'seed', where, 0, 0xffffffff, true);
  const params = input.params;
  if (!isObj(params))
    throw new Error(`${where}.params must be an object of parameter values (like {"n": 4})`);
  const entries = Object.entries(params);
  if (entries.length > MAX_PARAMS)
    throw new Error(`${where}.params has ${entries.length} parameters (at most ${MAX_PARAMS})`);
  for (const [name, v] of entries) {
    if (!PARAM_NAME.test(name))
      throw new Error(
        `${where}.params has a parameter named ${JSON.stringify(name.slice(0, 40))}: a name is letters, digits and _ (not starting with a digit)`,
      );
    const ok =
      (typeof v === 'number' && Number.isFinite(v)) ||
      (typeof v === 'string' && v.length <= MAX_PARAM_TEXT && !CONTROL.test(v));
    if (!ok)
      throw new Error(
        `${where}.params.${name} must be a number or text up to ${MAX_PARAM_TEXT} characters without control characters`,
      );
  }
  // fromEntries makes each name an own property, "__proto__" too, never the object's prototype.
  return { seed, params: Object.fromEntries(entries) as ShownVariant['params'] };
}

/** A copy of an answer, refused when too deep or too large for the file (`where` names the field). */
function readAnswer(answer: unknown, where: string): unknown {
  if (nestedDeeperThan(answer, MAX_ANSWER_DEPTH))
    throw new Error(
      `${where} is nested too deep (more than ${MAX_ANSWER_DEPTH} levels of lists and objects)`,
    );
  let size: number;
  try {
    size = answerCharsAsWritten(answer ?? null);
  } catch {
    throw new Error(`${where} must be JSON data (text, numbers, true/false, lists and objects)`);
  }
  if (size > MAX_ANSWER_CHARS)
    throw new Error(`${where} is too large (${size} characters; at most ${MAX_ANSWER_CHARS})`);
  return JSON.parse(JSON.stringify(answer ?? null)) as unknown;
}

/** An attempt's fields in the order the app writes them. */
function inOrder(a: Attempt): Attempt {
  return {
    id: a.id,
    labId: a.labId,
    exerciseId: a.exerciseId,
    variantSeed: a.variantSeed,
    // Written only when recorded, so an older attempt is saved back as it was.
    ...(a.variant ? { variant: a.variant } : {}),
    ...(a.mutant !== undefined ? { mutant: a.mutant } : {}),
    answer: a.answer,
    score: a.score,
    maxScore: a.maxScore,
    hintsUsed: a.hintsUsed,
    correct: a.correct,
    solutionShown: a.solutionShown,
    at: a.at,
    durationMs: a.durationMs,
  };
}

/** An attempt from untrusted data: every field must be right (the app saves only such attempts). */
export function parseAttempt(input: unknown, where = 'attempt'): Parsed<Attempt> {
  if (!isObj(input)) return { ok: false, error: `${where} must be an object` };
  const { value, problems } = attemptFields(input, where);
  const first = problems[0];
  if (first) return { ok: false, error: first.message };
  return { ok: true, value: inOrder(value as Attempt) };
}

/**
 * The fields of an attempt that nothing reads: not grading (see NEEDED), not the app (which reads the id
 * to store a retried save once, and the stored score, maxScore, correct and hints to show progress). A
 * saved attempt is refused over a bad one, but one already in the file is kept over it, with the field
 * exactly as the file holds it: dropping it cost the student an attempt that `flushpoint grade` grades.
 */
const UNREAD = new Set<keyof Attempt>(['at', 'durationMs']);

/**
 * An attempt of a progress file as the store keeps it: every field read must be right, and one that
 * nothing reads (UNREAD) is kept as written when it is not (copied with an answer's limits on depth and
 * size, which bound what each save writes); `asWritten` names those, for the strict `parseProgress`.
 */
function storedAttempt(input: unknown, where: string): Parsed<Attempt> & { asWritten: string[] } {
  if (!isObj(input)) return { ok: false, error: `${where} must be an object`, asWritten: [] };
  const { value, problems } = attemptFields(input, where);
  const asWritten: string[] = [];
  for (const p of problems) {
    if (!UNREAD.has(p.field)) return { ok: false, error: p.message, asWritten: [] };
    asWritten.push(p.message);
    const field = p.field as 'at' | 'durationMs';
    try {
      // Left out when the file has none: `undefined` is not written back.
      (value as Obj)[field] =
        input[field] === undefined ? undefined : readAnswer(input[field], `${where}.${field}`);
    } catch (err) {
      return { ok: false, error: (err as Error).message, asWritten: [] };
    }
  }
  return { ok: true, value: inOrder(value as Attempt), asWritten };
}

/** Version 1 (the first release): `student` instead of `profile`, no ids, seeds, hints or durations. */
function migrateV1(o: Obj): Obj {
  // Attempts that are not a list are left as they are, for the check after migrating to refuse: read as
  // no attempts, the file was upgraded to an empty one with "Nothing was lost".
  if (!Array.isArray(o.attempts)) return { version: 2, profile: o.student ?? null, attempts: o.attempts };
  return {
    version: 2,
    profile: o.student ?? null,
    attempts: o.attempts.map((a: unknown, i) => {
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

/**
 * A version-1 file's `profile`, which version 1 never wrote (it wrote the name and id as `student`, as
 * the first release's schema and every version-1 file in its tests have it; `profile` is version 2's):
 * the migration does not read it, and this says so. Such a file was most likely edited by hand, or a
 * version-2 file given version 1: guessing which would grade someone's work under a name and id the
 * file does not give them, so it is not read, but never dropped unsaid.
 */
export const V1_PROFILE =
  'profile is not a field of a version-1 file (version 1 wrote the name and id as "student"; "profile" is version 2\'s)';

/** The top-level fields of the file that its version does not have and migrating it does not read. */
function notMigrated(input: Obj, version: number): 'profile'[] {
  return version === 1 && input.profile !== undefined && input.profile !== null ? ['profile'] : [];
}

export type ProgressProblem = 'invalid' | 'future-version';

type Unusable = { ok: false; error: string; problem: ProgressProblem };

/**
 * The file's data migrated to the current version, the version it was, and the fields of the file that
 * version does not have, which were not read (notMigrated); or why it cannot be used.
 */
function migrate(input: unknown): { ok: true; o: Obj; version: number; notRead: 'profile'[] } | Unusable {
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
  return { ok: true, o, version, notRead: notMigrated(input, version) };
}

/** An attempt of a progress file the store cannot read, by its place in the file. */
export interface BadAttempt {
  index: number;
  error: string;
}

/**
 * A progress file's data, migrated to the current version, with every attempt that can be read and the
 * place and problem of each that cannot; or why the file as a whole cannot be used. The store loads the
 * good attempts and keeps the file as it was, so one damaged attempt costs only itself. A profile that
 * cannot be read costs only itself too: read as none (`profile` null), with why in `badProfile`, so that
 * the app asks the student for their name and id again and keeps every attempt. A field of an attempt that
 * nothing reads is kept as written (see UNREAD) and named in `asWritten`. A field of the file that its
 * version does not have (a version-1 file's `profile`: V1_PROFILE) is not read, and said in `notRead`, so
 * that the file is kept as it was rather than rewritten without it.
 */
export function parseProgressKeepingGood(input: unknown):
  | {
      ok: true;
      value: Progress;
      migratedFrom: number | null;
      bad: BadAttempt[];
      badProfile: string | null;
      asWritten: BadAttempt[];
      notRead: string[];
      unknown: string[];
    }
  | Unusable {
  const m = migrate(input);
  if (!m.ok) return m;
  const { o, version } = m;
  let profile: Profile | null = null;
  let badProfile: string | null = null;
  if (o.profile !== null && o.profile !== undefined) {
    const p = parseProfile(o.profile);
    if (p.ok) profile = p.value;
    else badProfile = p.error;
  }
  if (!Array.isArray(o.attempts)) return { ok: false, error: 'attempts must be a list', problem: 'invalid' };
  const attempts: Attempt[] = [];
  const bad: BadAttempt[] = [];
  const asWritten: BadAttempt[] = [];
  for (const [index, a] of o.attempts.entries()) {
    const p = storedAttempt(a, `attempts[${index}]`);
    if (!p.ok) {
      bad.push({ index, error: p.error });
      continue;
    }
    attempts.push(p.value);
    for (const error of p.asWritten) asWritten.push({ index, error });
  }
  return {
    ok: true,
    value: { version: PROGRESS_VERSION, profile, attempts },
    migratedFrom: version === PROGRESS_VERSION ? null : version,
    bad,
    badProfile,
    asWritten,
    notRead: m.notRead.map(() => `${V1_PROFILE}: not read`),
    unknown: version === PROGRESS_VERSION ? unknownFields(o) : [],
  };
}

/** The fields of a progress file and of an attempt in it, as this version of the app writes them. */
const FILE_FIELDS = new Set(['version', 'profile', 'attempts']);
// Every field of Attempt, checked by the compiler: a field added to the type must be added here.
const ATTEMPT_FIELDS = new Set(
  Object.keys({
    id: 0,
    labId: 0,
    exerciseId: 0,
    variantSeed: 0,
    variant: 0,
    mutant: 0,
    answer: 0,
    score: 0,
    maxScore: 0,
    hintsUsed: 0,
    correct: 0,
    solutionShown: 0,
    at: 0,
    durationMs: 0,
  } satisfies Record<keyof Attempt, 0>),
);
/** How many unknown fields are named one by one; the rest are counted. */
const UNKNOWN_NAMED = 3;

/**
 * The fields of a file of the current version that this app does not write, in words: a file edited by
 * hand, or saved by a later app of the same file version. The store saves only the fields it knows, so
 * the file is kept aside as it was (as for any field not read), not rewritten without them unsaid.
 */
function unknownFields(o: Obj): string[] {
  const names = Object.keys(o).filter((k) => !FILE_FIELDS.has(k));
  if (Array.isArray(o.attempts))
    for (const [i, a] of o.attempts.entries())
      if (isObj(a))
        for (const k of Object.keys(a)) if (!ATTEMPT_FIELDS.has(k)) names.push(`attempts[${i}].${k}`);
  if (!names.length) return [];
  const shown = names.slice(0, UNKNOWN_NAMED).map((n) => JSON.stringify(n));
  const more = names.length > UNKNOWN_NAMED ? ` and ${names.length - UNKNOWN_NAMED} more` : '';
  return [
    `${names.length === 1 ? 'a field' : 'fields'} this app does not know (${shown.join(', ')}${more}): not read`,
  ];
}

/**
 * A progress file's data, migrated to the current version; or why it cannot be used. Strict: one bad
 * field makes the whole file unusable (`parseProgressKeepingGood` says which attempts are bad instead).
 * Graders read students' files with `readProgressForGrading`.
 */
export function parseProgress(
  input: unknown,
): { ok: true; value: Progress; migratedFrom: number | null } | Unusable {
  const r = parseProgressKeepingGood(input);
  if (!r.ok) return r;
  const [first] = [...r.bad, ...r.asWritten].sort((a, b) => a.index - b.index);
  const error = r.badProfile ?? r.notRead[0] ?? r.unknown[0] ?? first?.error;
  if (error !== undefined) return { ok: false, error, problem: 'invalid' };
  return { ok: true, value: r.value, migratedFrom: r.migratedFrom };
}

/** An attempt as a grader reads it, with its place in the file. */
export interface ReadAttempt {
  /** Its index in the file's attempts: what warnings name (`attempts[i]`). */
  index: number;
  attempt: Attempt;
  /** False for an attempt of a version-1 file, made before seeds were saved (its seed reads as 0). */
  seedSaved: boolean;
  /**
   * Whether its stored verdict (`correct`, `score`) reads as the file has it: false when either could not
   * be read (and reads as false or 0), so it is not compared with the grade now.
   */
  verdictSaved: boolean;
  /** The fields it has that could not be read and were not needed to grade it (`at`, `score`), if any. */
  fieldsNotRead?: string[];
}

/** An attempt a grader cannot read, with its lab and exercise when those could be read. */
export interface SkippedAttempt {
  index: number;
  labId?: string;
  exerciseId?: string;
}

/** A student's progress file as a grader reads it: as much of it as can be graded, and what was not. */
export interface ProgressForGrading {
  /**
   * Null when the file has none, or one of which neither the name nor the id can be read; with one of
   * them unreadable, the other is kept and the bad one reads as (no name) or (no id). Said in `notes`.
   */
  profile: Profile | null;
  attempts: ReadAttempt[];
  skipped: SkippedAttempt[];
  /**
   * What was wrong, in the order of the file, each starting with its field (`profile.id`, `attempts[3].at`)
   * and saying what was done: a field the grader does not need is ignored and the attempt graded; an
   * attempt without a field it needs is skipped.
   */
  notes: string[];
  /** The file's fields that its version does not have, not read (a version-1 file's `profile`). */
  notRead: 'profile'[];
}

/**
 * The fields a grader reads (lab, exercise, seed and, when recorded, variant and mutant say which variant
 * was answered; the answer, the
 * hints taken and a solution shown decide the score): an attempt with one of them wrong cannot be graded.
 * The others (its id, the stored score, correct, the time) are never read to grade it.
 */
const NEEDED = new Set<keyof Attempt>([
  'labId',
  'exerciseId',
  'variantSeed',
  // A recorded variant that cannot be read leaves the variant answered unknown: the seed alone may
  // draw another one from an edited lab.
  'variant',
  'mutant',
  'answer',
  'hintsUsed',
  'solutionShown',
]);

/** What an attempt's field reads as when it is wrong and not needed to grade it. */
const IGNORED: Pick<Attempt, 'id' | 'score' | 'maxScore' | 'correct' | 'at' | 'durationMs'> = {
  id: '',
  score: 0,
  maxScore: 0,
  correct: false,
  at: '',
  durationMs: 0,
};

/**
 * A file's profile as a grader reads it (`field`: the key the file holds it under): null when the file
 * has none, or when neither its name nor its id can be read; else whichever of them can be, the other read
 * as NO_NAME or NO_ID, so that one bad field does not lose the other (an empty name must not grade "alice"
 * as a student without an id). `note` says what could not be read and what it was graded as.
 */
function profileForGrading(
  input: unknown,
  field: 'profile' | 'student',
): { profile: Profile | null; note: string | null } {
  if (input === null || input === undefined) return { profile: null, note: null };
  if (!isObj(input))
    return {
      profile: null,
      note: `${field} must be an object with name and id: read as a file without a profile`,
    };
  const { value, problems } = profileFields(input, field);
  if (problems.length === 0) return { profile: value as Profile, note: null };
  const said = problems.join('; ');
  const { name, id } = value;
  if (id !== undefined)
    return {
      profile: { name: NO_NAME, id },
      note: `${said}: graded under the student id ${id}, with the name ${NO_NAME}`,
    };
  if (name !== undefined)
    return {
      profile: { name, id: NO_ID },
      note: `${said}: graded under the name ${name}, with the student id ${NO_ID} (so the variant seeds cannot be checked as theirs)`,
    };
  return { profile: null, note: `${said}: read as a file without a profile` };
}

/**
 * A student's progress file for grading: unlike `parseProgress`, a bad attempt costs only itself, and a
 * bad field that grading does not read not even that, so nothing a student did is lost to a damaged or
 * hand-edited field. What cannot be used at all (not JSON data of a progress file, a version this app
 * does not know, attempts that are not a list) is still refused, with why.
 */
export function readProgressForGrading(input: unknown): { ok: true; value: ProgressForGrading } | Unusable {
  const m = migrate(input);
  if (!m.ok) return m;
  const { o, version } = m;
  if (!Array.isArray(o.attempts)) return { ok: false, error: 'attempts must be a list', problem: 'invalid' };
  const notes: string[] = [];
  // A version-1 file's profile is its "student" (migrateV1 moved it): named as the file has it.
  const { profile, note } = profileForGrading(o.profile, version === 1 ? 'student' : 'profile');
  if (note) notes.push(note);
  if (m.notRead.length)
    notes.push(
      profile
        ? `${V1_PROFILE}: not read; graded under "student" (${profile.name}, ${profile.id})`
        : `${V1_PROFILE}: not read, so graded as a file without a profile: if it holds this student's name and id, rename the key to "student" (or, if the rest of the file is version 2's, make its version 2)`,
    );
  // Version 1 kept no seeds: its attempts read as seed 0 unless the file has one anyway.
  const before = isObj(input) && Array.isArray(input.attempts) ? (input.attempts as unknown[]) : [];
  const attempts: ReadAttempt[] = [];
  const skipped: SkippedAttempt[] = [];
  for (const [index, a] of o.attempts.entries()) {
    const where = `attempts[${index}]`;
    if (!isObj(a)) {
      notes.push(`${where} is not an attempt (an object): skipped`);
      skipped.push({ index });
      continue;
    }
    const { value, problems } = attemptFields(a, where);
    const fatal = problems.filter((p) => NEEDED.has(p.field));
    if (fatal.length) {
      notes.push(`${fatal.map((p) => p.message).join('; ')}: this attempt cannot be graded, skipped`);
      skipped.push({ index, labId: value.labId, exerciseId: value.exerciseId });
      continue;
    }
    for (const p of problems) notes.push(`${p.message}: not read to grade it; graded anyway`);
    const old = before[index];
    attempts.push({
      index,
      attempt: { ...IGNORED, ...value } as Attempt,
      seedSaved: version >= 2 || (isObj(old) && old.variantSeed !== undefined),
      verdictSaved: !problems.some((p) => p.field === 'correct' || p.field === 'score'),
      ...(problems.length ? { fieldsNotRead: [...new Set(problems.map((p) => p.field))] } : {}),
    });
  }
  return { ok: true, value: { profile, attempts, skipped, notes, notRead: m.notRead } };
}
