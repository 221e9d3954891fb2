/**
 * A class's progress files graded again by the model: `flushpoint grade` and the app's "Grade a class"
 * screen both read them through here, so an instructor gets the same figures from either. Stored scores
 * are never counted: only compared with the grades now, to say where they differ (a lab changed since the
 * student answered). Pure: the caller reads the files.
 */
import { cut } from '../sim/validate.ts';
import { count } from '../sim/words.ts';
import { describeJsonError } from './json-error.ts';
import { exerciseName } from './exercise-name.ts';
import { MISCONCEPTIONS } from './misconceptions.ts';
import { roundPoints } from './points.ts';
import { findRepeatedKey, repeatedKeyText } from './progress/file-text.ts';
import { readProgressForGrading, type ReadAttempt, type SkippedAttempt } from './progress/schema.ts';
import { GUEST_ID, NO_ID, NO_NAME, type Attempt, type Profile } from './progress/types.ts';
import { regrade, type ChangedVerdict } from './regrade.ts';
import type { Exercise, Lab } from './types.ts';
import { variantSeed } from './variants.ts';

/**
 * The student id of a file whose profile, or its id, is missing or cannot be read (as the progress schema
 * reads it too). Never a real id, so never taken for one: two such files are not "the same student".
 */
export { NO_ID };

/** A graded file and whose it is. */
export interface GradedFile {
  file: string;
  student: string;
  studentId: string;
}

/**
 * One student's score in one lab they worked on; or, for a student with no attempts at all, in one the
 * class worked on: 0, noted NO_ATTEMPTS (see noAttemptRows).
 */
export interface LabRow extends GradedFile {
  lab: string;
  score: number;
  max: number;
  /** Exercises solved, of `exercises`. */
  solved: number;
  /** The lab's exercises that can be solved: an explain exercise is never graded, so it is not counted. */
  exercises: number;
  /** What the instructor should know about these figures (no profile, seeds not the student's…). */
  notes: string[];
}

/** One student's work on one exercise (of a lab they worked on, or of a LabRow noted NO_ATTEMPTS). */
export interface ExerciseRow extends GradedFile {
  lab: string;
  exercise: string;
  title: string;
  kind: Exercise['kind'];
  attempts: number;
  score: number;
  points: number;
  solved: boolean;
  solutionShown: boolean;
  /** Misconception ids that this student's wrong answers showed, each once. */
  misconceptions: string[];
  /** As a LabRow's, for this exercise. */
  notes: string[];
}

export interface Graded extends GradedFile {
  /** The file's score in each lab it answered. */
  scores: LabRow[];
  exercises: ExerciseRow[];
  /** Labs the file has answers to that are not among the labs given: not graded. */
  unknownLabs: string[];
  /** The attempts read, each with its index in the file, for further checks (and their warnings). */
  attempts: ReadAttempt[];
  /** The attempts that could not be read, with their lab and exercise where those could be. */
  skipped: SkippedAttempt[];
  /**
   * What is wrong with attempts that grading went past (one unreadable, a field not read, an id repeated,
   * an answer the exercise cannot read as it stands…), each where it bears: noted on its rows, counted.
   */
  attemptProblems: AttemptProblem[];
  /**
   * Each attempt graded now otherwise than the app recorded it, by its lab, exercise and index in the
   * file: what the rows' notes count (a student's files graded as one count each file's, gradeAsOne).
   */
  changed: AttemptAt[];
  /** What bears on every row of the file (no profile, its student's other files): first in each row's notes. */
  notes: string[];
  /**
   * What the instructor is told about the file, which is still graded: no profile, a field or an attempt
   * that could not be read (named by attempts[i] and field), an id repeated, seeds made for another
   * student, attempts graded now otherwise than the app recorded them (a lab changed since the student
   * answered?), then the answers `checkAnswers` found wrong. Each bears on rows, noted there too.
   */
  warnings: string[];
}

/**
 * The note of a row listed only so that a student whose file has no attempts is not missing from the
 * scores: 0 in each lab the class worked on (noAttemptRows), or, when nobody in the class worked on a lab
 * graded, one row with no figures (listEveryFile). The class's figures per exercise count such a student,
 * with 0, in each lab they are listed in (classByExercise), as the scores do.
 */
export const NO_ATTEMPTS = 'no attempts in this file';

/**
 * An exercise a student can solve: every kind but explain, which is compared with a model answer and
 * never graded (0 points, never solved). Only these are counted in "solved n of m".
 */
export const canBeSolved = (ex: Exercise): boolean => ex.kind !== 'explain';

/**
 * Whose variant seeds a file's attempts carry, compared with the ones the app makes for its student
 * (from their id, or the guest id it uses before a profile is set), in the labs given.
 */
interface SeedCheck {
  /** Attempts at the labs given, made with seeds saved (not version 1's). */
  checked: ReadAttempt[];
  /** Of those, the ones whose seeds are not this student's. */
  foreign: ReadAttempt[];
  /** Of those, the ones made with the guest id's seeds while the file has a profile. */
  guest: ReadAttempt[];
  /**
   * Attempts at the labs given with no seed saved (version 1 saved none): graded against the variant
   * seed 0 gives, which need not be the one the student was shown.
   */
  unsaved: ReadAttempt[];
}

function checkSeeds(
  profile: Profile | null,
  attempts: readonly ReadAttempt[],
  labs: ReadonlyMap<string, Lab>,
): SeedCheck {
  const own = profile?.id ?? GUEST_ID;
  const out: SeedCheck = { checked: [], foreign: [], guest: [], unsaved: [] };
  for (const r of attempts) {
    const { labId, exerciseId, variantSeed: seed } = r.attempt;
    if (!labs.get(labId)?.exercises.some((e) => e.id === exerciseId)) continue;
    if (!r.seedSaved) {
      out.unsaved.push(r);
      continue;
    }
    // A profile whose id could not be read: whose seeds they should be is unknown, so none is checked.
    if (own === NO_ID) continue;
    out.checked.push(r);
    const exercise = `${labId}/${exerciseId}`;
    if (seed === variantSeed(own, exercise)) continue;
    out.foreign.push(r);
    if (own !== GUEST_ID && seed === variantSeed(GUEST_ID, exercise)) out.guest.push(r);
  }
  return out;
}

/** The warning of a file whose attempts carry seeds not made for its student; null when all are theirs. */
function seedWarning(profile: Profile | null, seeds: SeedCheck): string | null {
  const n = seeds.foreign.length;
  if (n === 0) return null;
  const whose = profile
    ? `student id "${profile.id}"`
    : `"${GUEST_ID}", the id the app uses without a profile`;
  const why: string[] = [];
  if (n > seeds.guest.length) why.push('copied from another student?');
  if (seeds.guest.length)
    why.push(
      `${seeds.guest.length === n ? 'all' : seeds.guest.length} made as "${GUEST_ID}", before the id was set?`,
    );
  return `the variant seeds of ${n} of ${count(seeds.checked.length, 'attempt')} were not made for ${whose} (${why.join(' ')}); graded as they stand`;
}

/**
 * The warning of a file whose attempts carry no seed (a version-1 file): what they are graded against
 * is a guess, and a figure that looks like any other would hide it. Null when every attempt has one.
 */
function unsavedSeedWarning(seeds: SeedCheck, attempts: number): string | null {
  const n = seeds.unsaved.length;
  if (n === 0) return null;
  return `${n} of ${count(attempts, 'attempt')} have no variant seed (the file was written by version 1 of the app, which saved none): graded against the variant seed 0 gives, which may not be the one the student was shown, and their recorded scores not compared`;
}

/**
 * A row's notes on seeds: how many of the row's attempts carry seeds not made for the student, and how
 * many carry none.
 */
function seedNote(seeds: SeedCheck, mine: (a: ReadAttempt) => boolean): string[] {
  const n = seeds.foreign.filter(mine).length;
  const unsaved = seeds.unsaved.filter(mine).length;
  return [
    ...(n
      ? [`variant seeds of ${n} of ${count(seeds.checked.filter(mine).length, 'attempt')} not this student's`]
      : []),
    ...(unsaved
      ? [`variant of ${count(unsaved, 'attempt')} not saved (version-1 file): graded as seed 0's`]
      : []),
  ];
}

/**
 * What is wrong with an answer that `flushpoint grade` names (src/node/answer-problems.ts), as a row's
 * note counts it: an attempt at an exercise the lab does not have (not graded), an answer the exercise
 * cannot read at all (counted as a wrong try), one out of range or malformed (an option, cell or item
 * that does not exist, one selected twice: graded as it stands), one whose saved option text the lab
 * no longer has in one place (read by its number: answer-texts.ts), more hints than the exercise has.
 */
export type AnswerProblemKind = 'no-exercise' | 'wrong-try' | 'malformed' | 'lost-text' | 'hints';

/** What a grader says of an answer in a file (a warning naming attempts[index]), and its kind. */
export interface AnswerProblem {
  /** The attempt's index in the file. */
  index: number;
  kind: AnswerProblemKind;
  /** The warning, as it is said (`attempts[3].answer.kind: …`). */
  message: string;
}

/**
 * Something wrong with one attempt that grading goes past, where it bears: its lab and exercise when
 * those could be read (an attempt whose lab could not be read bears on every row of its file; one whose
 * exercise could not, or is not one of the lab's, on the lab's row and every exercise row of it).
 */
export interface AttemptProblem {
  /** The attempt's index in its file. */
  index: number;
  labId?: string;
  exerciseId?: string;
  kind: 'unreadable' | 'fields' | 'repeated' | AnswerProblemKind;
  /** Of kind 'fields': the fields that could not be read, which grading does not read (at, score…). */
  fields?: string[];
}

/** An attempt by its lab, exercise and index in its file. */
export interface AttemptAt {
  labId: string;
  exerciseId: string;
  index: number;
}

/**
 * The notes on a row's attempts that grading went past, each counted, in this order ("1 attempt
 * unreadable, not graded"): the noun counted (singular, plural) and what was done.
 */
const ATTEMPT_NOTES = {
  unreadable: ['attempt', 'attempts', 'unreadable, not graded'],
  repeated: ['attempt id', 'attempt ids', 'repeated, graded once'],
  'no-exercise': ['attempt', 'attempts', 'at an exercise the lab does not have, not graded'],
  'wrong-try': ['answer', 'answers', 'not readable, counted as a wrong try'],
  malformed: ['answer', 'answers', 'out of range or malformed, graded as it stands'],
  'lost-text': [
    'answer',
    'answers',
    'naming an option or item the lab no longer has as saved, read by its number',
  ],
  hints: [
    'attempt',
    'attempts',
    'with more hints than the exercise has, their cost counted as the file says',
  ],
} as const;

/**
 * A row's notes on its attempts that grading went past (see AttemptProblem for where each bears): those
 * of ATTEMPT_NOTES, and, after the unreadable ones, the attempts with a field not readable that grading
 * does not read ("1 attempt with a field not readable (at), graded anyway").
 */
function attemptNotes(problems: readonly AttemptProblem[], lab: Lab, exercise?: string): string[] {
  const mine = problems.filter(
    (p) =>
      (p.labId === undefined || p.labId === lab.id) &&
      (exercise === undefined ||
        p.exerciseId === undefined ||
        p.exerciseId === exercise ||
        !lab.exercises.some((e) => e.id === p.exerciseId)),
  );
  const out: string[] = [];
  for (const [kind, [one, many, done]] of Object.entries(ATTEMPT_NOTES)) {
    const n = mine.filter((p) => p.kind === kind).length;
    if (n) out.push(`${count(n, one, many)} ${done}`);
    if (kind !== 'unreadable') continue;
    const fields = mine.filter((p) => p.kind === 'fields');
    const names = [...new Set(fields.flatMap((p) => p.fields ?? []))];
    if (fields.length)
      out.push(
        `${count(fields.length, 'attempt')} with ${names.length === 1 ? 'a field' : 'fields'} not readable (${names.join(', ')}), graded anyway`,
      );
  }
  return out;
}

/**
 * The end of a row's note on attempts graded now otherwise than the app recorded them when the student
 * answered ("1 attempt graded otherwise than the app recorded (lab or grading changed since?)").
 */
export const GRADED_OTHERWISE = 'graded otherwise than the app recorded (lab or grading changed since?)';

/** A row's note on its attempts graded otherwise than recorded. */
function changedNote(n: number): string[] {
  return n ? [`${count(n, 'attempt')} ${GRADED_OTHERWISE}`] : [];
}

/** A verdict as the warning says it: "right (2.00 points)". */
const verdictText = (v: { correct: boolean; score: number }, unit = ' points') =>
  `${v.correct ? 'right' : 'wrong'} (${v.score.toFixed(2)}${unit})`;

/**
 * The warning of an exercise whose attempts are graded now otherwise than the app recorded them, each
 * named by attempts[i] (the first REPEATS_NAMED of them).
 */
function changedWarning(
  lab: string,
  exercise: string,
  changed: readonly ChangedVerdict[],
  index: ReadonlyMap<Attempt, number>,
): string {
  const said = changed
    .slice(0, REPEATS_NAMED)
    .map(
      (c) =>
        `attempts[${index.get(c.attempt) ?? '?'}] as ${verdictText(c.recorded)}, graded again ${verdictText(c.now, '')}`,
    );
  const more = changed.length - REPEATS_NAMED;
  return `lab ${lab}, exercise ${exercise}: the app recorded ${said.join('; ')}${more > 0 ? `; and ${more} more` : ''}: the lab, or how this version of the app grades it, has likely changed since the student answered (or the file was edited); graded as they are now`;
}

/** Repeats listed by name in the warning; past these, only how many more. */
const REPEATS_NAMED = 3;

/**
 * A file's attempts once each by id, the first kept, as the app's progress store keeps them (it does not
 * store a save again under an id it has): a copy would count as one more wrong try and lower the score.
 * An attempt whose id could not be read ('') cannot be told from another, so it is kept.
 */
function firstOfEachId(read: readonly ReadAttempt[]): {
  kept: ReadAttempt[];
  repeated: ReadAttempt[];
  warning: string | null;
} {
  const first = new Map<string, number>();
  const kept: ReadAttempt[] = [];
  const repeated: ReadAttempt[] = [];
  const repeats: string[] = [];
  for (const r of read) {
    const id = r.attempt.id;
    const earlier = id ? first.get(id) : undefined;
    if (earlier !== undefined) {
      repeats.push(`attempts[${r.index}] repeats attempts[${earlier}], id "${cut(id)}"`);
      repeated.push(r);
    } else {
      if (id) first.set(id, r.index);
      kept.push(r);
    }
  }
  return { kept, repeated, warning: repeatWarning(repeats) };
}

/** The warning of a file's repeated attempts (`attempts[i] repeats attempts[j], id "x"`); null when none. */
function repeatWarning(repeats: readonly string[]): string | null {
  if (!repeats.length) return null;
  const more = repeats.length - REPEATS_NAMED;
  const named = `${repeats.slice(0, REPEATS_NAMED).join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
  const verb = repeats.length === 1 ? 'repeats' : 'repeat';
  return `${count(repeats.length, 'attempt')} ${verb} an earlier attempt's id (${named}): only the first of each id is graded, as the app stores only that one`;
}

/**
 * A file that is not graded at all, and why (the message); with whose it is when its profile could still
 * be read, so that its row names the student and not only the file.
 */
export class UngradableFile extends Error {
  readonly who: Pick<GradedFile, 'student' | 'studentId'> | null;
  constructor(message: string, who: Pick<GradedFile, 'student' | 'studentId'> | null = null) {
    super(message);
    this.name = 'UngradableFile';
    this.who = who;
  }
}

/**
 * Grades one progress file's text against the labs by id. Throws an Error saying what is wrong with the
 * file (not JSON, and where; a key written twice, and where; not a progress file, and which field) for
 * the caller to name the file; an attempt that cannot be read, or a field of one, is only warned about.
 * `checkAnswers` says what is wrong with the answers graded (src/node/answer-problems.ts, for `flushpoint
 * grade` and "Grade a class"): each is warned about, last, and noted on the rows it bears on, as every
 * problem warned about in an attempt.
 */
export function gradeProgressText(
  file: string,
  text: string,
  labs: ReadonlyMap<string, Lab>,
  checkAnswers: (attempts: readonly ReadAttempt[]) => readonly AnswerProblem[] = () => [],
): Graded {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`not valid JSON: ${describeJsonError(text)}`, { cause: err });
  }
  const parsed = readProgressForGrading(data);
  // JSON.parse keeps the last copy of a repeated key: a second "attempts" list pasted in (two computers'
  // work merged by hand) would be graded as that list alone, and the student's other work scored as not
  // done, a figure that looks like any other. Not graded instead, named by key and line, and listed in
  // its own row (listEveryFile), so the instructor sees that work was handed in and where to look.
  const twice = findRepeatedKey(text);
  if (twice) {
    const profile = parsed.ok ? parsed.value.profile : null;
    throw new UngradableFile(
      `${repeatedKeyText(text, twice)}: only the second copy would be graded, and what the first holds missed`,
      profile && { student: profile.name, studentId: profile.id },
    );
  }
  if (!parsed.ok) throw new Error(`not a progress file: ${parsed.error}`);
  const { profile, skipped } = parsed.value;
  const { kept: read, repeated, warning: repeatWarning } = firstOfEachId(parsed.value.attempts);
  const attempts = read.map((r) => r.attempt);
  const student = profile?.name ?? NO_NAME;
  const studentId = profile?.id ?? NO_ID;
  const seeds = checkSeeds(profile, read, labs);
  const warnings = [...parsed.value.notes];
  // Whose work it is cannot be told: the app saves a profile once the student sets one. (Said after why
  // a profile could not be read, which comes first.)
  if (!profile)
    warnings.splice(
      warnings[0]?.startsWith('profile') ? 1 : 0,
      0,
      `no profile (no name, no student id): graded as ${student} (${studentId})`,
    );
  if (repeatWarning) warnings.push(repeatWarning);
  // A file with no attempts is warned about by noAttemptRows, which knows the labs the class worked on.
  const seedsWarning = seedWarning(profile, seeds);
  if (seedsWarning) warnings.push(seedsWarning);
  const unsavedWarning = unsavedSeedWarning(seeds, read.length);
  if (unsavedWarning) warnings.push(unsavedWarning);
  // Every attempt read (repeats too), by its index in the file: where a problem warned about bears.
  const byIndex = new Map(parsed.value.attempts.map((r) => [r.index, r.attempt]));
  const at = (index: number) => {
    const a = byIndex.get(index);
    return { index, labId: a?.labId, exerciseId: a?.exerciseId };
  };
  const answers = checkAnswers(read);
  const attemptProblems: AttemptProblem[] = [
    ...skipped.map((s) => ({
      index: s.index,
      labId: s.labId,
      exerciseId: s.exerciseId,
      kind: 'unreadable' as const,
    })),
    ...parsed.value.attempts.flatMap((r) =>
      r.fieldsNotRead ? [{ ...at(r.index), kind: 'fields' as const, fields: r.fieldsNotRead }] : [],
    ),
    ...repeated.map((r) => ({ ...at(r.index), kind: 'repeated' as const })),
    ...answers.map((p) => ({ ...at(p.index), kind: p.kind })),
  ];
  const out: Graded = {
    file,
    student,
    studentId,
    scores: [],
    exercises: [],
    unknownLabs: [...new Set(attempts.map((a) => a.labId))].filter((id) => !labs.has(id)).sort(),
    attempts: read,
    skipped,
    attemptProblems,
    changed: [],
    // A profile under a key its version does not have is not read, and a CSV read alone says so.
    notes: [
      ...(profile ? [] : ['no profile']),
      ...parsed.value.notRead.map((field) => `${field} not read (not a version-1 field)`),
    ],
    warnings,
  };
  // The attempts whose stored verdict is compared with the grade now (read as the file has it, and the
  // seed saved with it: a version-1 file's seed reads as 0, not the variant the student answered), and
  // each one's index in the file.
  const asSaved = new Set(read.filter((r) => r.seedSaved && r.verdictSaved).map((r) => r.attempt));
  const index = new Map(read.map((r) => [r.attempt, r.index]));
  const changed = addRows(out, labs, seeds, (a) => asSaved.has(a));
  for (const c of changed) {
    warnings.push(changedWarning(c.lab, c.exercise, c.changed, index));
    for (const v of c.changed)
      out.changed.push({ labId: c.lab, exerciseId: c.exercise, index: index.get(v.attempt) ?? -1 });
  }
  warnings.push(...answers.map((p) => p.message));
  return out;
}

/**
 * A file's rows (or a student's, gradeAsOne) in each lab worked on: some attempt at it, graded or not (an
 * unreadable one is still the student's work); and, per exercise, its attempts graded otherwise than the
 * app recorded them (of those `recorded` accepts). `changedAt`, when given, is what the rows' notes count
 * instead.
 */
function addRows(
  out: Graded,
  labs: ReadonlyMap<string, Lab>,
  seeds: SeedCheck,
  recorded: (a: Attempt) => boolean,
  changedAt?: readonly AttemptAt[],
): { lab: string; exercise: string; changed: ChangedVerdict[] }[] {
  const attempts = out.attempts.map((r) => r.attempt);
  const changed: { lab: string; exercise: string; changed: ChangedVerdict[] }[] = [];
  for (const lab of labs.values()) {
    if (!attempts.some((a) => a.labId === lab.id) && !out.skipped.some((s) => s.labId === lab.id)) continue;
    const rows = gradeLab(out, attempts, seeds, lab, [], recorded, changedAt);
    out.scores.push(rows.score);
    out.exercises.push(...rows.exercises);
    changed.push(...rows.changed.map((c) => ({ lab: lab.id, ...c })));
  }
  return changed;
}

/**
 * A file's row in one lab and its rows per exercise, graded from `attempts` (the file's, all labs),
 * noted with the file's notes, then `also`, then what bears on the row (seeds, attempts that grading
 * went past, attempts graded otherwise than the app recorded: of those `recorded` accepts, see regrade,
 * or those `changedAt` lists when given), and those attempts by exercise.
 */
function gradeLab(
  g: GradedFile & { attemptProblems: readonly AttemptProblem[]; notes: readonly string[] },
  attempts: readonly Attempt[],
  seeds: SeedCheck,
  lab: Lab,
  also: readonly string[] = [],
  recorded: (a: Attempt) => boolean = () => false,
  changedAt?: readonly AttemptAt[],
): {
  score: LabRow;
  exercises: ExerciseRow[];
  changed: { exercise: string; changed: ChangedVerdict[] }[];
} {
  const { file, student, studentId, attemptProblems } = g;
  const exercises: ExerciseRow[] = [];
  const changed: { exercise: string; changed: ChangedVerdict[] }[] = [];
  let score = 0;
  let max = 0;
  let solved = 0;
  let otherwise = 0;
  for (const ex of lab.exercises) {
    max = roundPoints(max + ex.points);
    const r = regrade(
      ex,
      attempts.filter((a) => a.labId === lab.id && a.exerciseId === ex.id),
      recorded,
    );
    if (r.changed.length) changed.push({ exercise: ex.id, changed: r.changed });
    const n = changedAt
      ? changedAt.filter((c) => c.labId === lab.id && c.exerciseId === ex.id).length
      : r.changed.length;
    otherwise += n;
    score = roundPoints(score + r.best);
    if (r.solved) solved++;
    exercises.push({
      file,
      student,
      studentId,
      lab: lab.id,
      exercise: ex.id,
      title: exerciseName(ex),
      kind: ex.kind,
      attempts: r.attempts,
      score: r.best,
      points: ex.points,
      solved: r.solved,
      solutionShown: r.solutionShown,
      misconceptions: r.misconceptions,
      notes: [
        ...g.notes,
        ...also,
        ...seedNote(seeds, (a) => a.attempt.labId === lab.id && a.attempt.exerciseId === ex.id),
        ...attemptNotes(attemptProblems, lab, ex.id),
        ...changedNote(n),
      ],
    });
  }
  return {
    score: {
      file,
      student,
      studentId,
      lab: lab.id,
      score,
      max,
      solved,
      exercises: lab.exercises.filter(canBeSolved).length,
      notes: [
        ...g.notes,
        ...also,
        ...seedNote(seeds, (a) => a.attempt.labId === lab.id),
        ...attemptNotes(attemptProblems, lab),
        ...changedNote(otherwise),
      ],
    },
    exercises,
    changed,
  };
}

/** The labs some row is of, in the labs' order: the labs the class worked on. */
export function labsWorkedOn(rows: readonly LabRow[], labs: ReadonlyMap<string, Lab>): Lab[] {
  const worked = new Set(rows.map((r) => r.lab));
  return [...labs.values()].filter((lab) => worked.has(lab.id));
}

/**
 * The rows of a file with no attempts at all, so that a student handed a lab who answered nothing yet is
 * not missing from the scores: 0 in each lab the class worked on (labsWorkedOn), with a row per exercise
 * (0 attempts), each noted NO_ATTEMPTS; and the file's warning, saying where it is listed. Nothing for a
 * file with attempts. A student who worked on some labs is listed in those only (a lab they did not start
 * is told apart from one they scored 0 in: "Grade a class" shows it as a dash and counts it 0 in the
 * total, and the class's figures per exercise are among the students listed in its lab, this file's
 * included); one whose
 * attempts are all at labs not given, or unreadable, has work that is not graded, not a 0, and is named
 * by those warnings (and listed with no figures: listEveryFile). When the class worked on no lab graded,
 * there is no lab to give a 0 in: listEveryFile lists the file once, with no figures, noted NO_ATTEMPTS.
 */
export function noAttemptRows(
  g: Graded,
  classLabs: readonly Lab[],
): { scores: LabRow[]; exercises: ExerciseRow[]; warnings: string[] } {
  const out = { scores: [] as LabRow[], exercises: [] as ExerciseRow[], warnings: [] as string[] };
  if (g.attempts.length || g.skipped.length) return out;
  const none: SeedCheck = { checked: [], foreign: [], guest: [], unsaved: [] };
  for (const lab of classLabs) {
    const rows = gradeLab(g, [], none, lab, [NO_ATTEMPTS]);
    out.scores.push(rows.score);
    out.exercises.push(...rows.exercises);
  }
  out.warnings.push(
    classLabs.length
      ? `no attempts: this student answered no exercise yet; listed with 0 in each lab the class worked on (${count(classLabs.length, 'lab')})`
      : // No file answered a lab graded: no lab to list them in with 0; listEveryFile lists them once.
        NO_LAB_TO_LIST,
  );
  return out;
}

/**
 * The note of a row listed so that every lab graded has a cell for every student: a student who worked on
 * other labs but not this one is listed in it with 0, not left out (notStartedRows).
 */
export const NOT_STARTED = 'not started';

/**
 * The rows of a student with attempts in each lab of `classLabs` they have no row in (they did not start
 * it): 0, noted NOT_STARTED, with a row per exercise (0 attempts), so that a gradebook has a cell for
 * every student in every lab graded. A file with no attempts is noAttemptRows'.
 */
export function notStartedRows(
  g: Graded,
  classLabs: readonly Lab[],
): { scores: LabRow[]; exercises: ExerciseRow[] } {
  const out = { scores: [] as LabRow[], exercises: [] as ExerciseRow[] };
  if (!g.attempts.length && !g.skipped.length) return out;
  // An attempt whose lab could not be read may be at any lab: "not started" would not be known.
  if (g.skipped.some((s) => s.labId === undefined)) return out;
  const none: SeedCheck = { checked: [], foreign: [], guest: [], unsaved: [] };
  for (const lab of classLabs) {
    if (g.scores.some((r) => r.lab === lab.id)) continue;
    // Only the file-wide notes: the row has no attempts for the others to be about.
    const rows = gradeLab({ ...g, attemptProblems: [] }, [], none, lab, [NOT_STARTED]);
    out.scores.push(rows.score);
    out.exercises.push(...rows.exercises);
  }
  return out;
}

/** Whether a row is only there to give a lab a cell (NOT_STARTED, NO_ATTEMPTS): no work in that lab. */
export const notStarted = (r: { notes: readonly string[] }): boolean =>
  r.notes.includes(NOT_STARTED) || r.notes.includes(NO_ATTEMPTS);

/**
 * The warning of a file with no attempts when no file answered a lab graded: it is listed once, with no
 * figures (listEveryFile), not with 0 in each lab.
 */
export const NO_LAB_TO_LIST =
  'no attempts: this student answered no exercise yet; nobody in the class answered a lab graded, so listed once, with no figures';

/** A misconception the class's wrong answers showed on one exercise, and in how many students. */
export interface ClassBelief {
  id: string;
  text: string;
  students: number;
}

/**
 * The class on one exercise: among the lab's students, the ones the scores list in its lab (who worked on
 * it, and any whose file has no attempts, at 0).
 */
export interface ExerciseSummary {
  exercise: string;
  title: string;
  kind: Exercise['kind'];
  points: number;
  /** The lab's students who made an attempt at it. */
  tried: number;
  solved: number;
  /** The mean best score over the lab's students, in points (0 for one who did not try it). */
  mean: number;
  /** Most held first. */
  beliefs: ClassBelief[];
}

/**
 * The class on one lab: its students (progress files the scores list in it) and each exercise, in the
 * lab's order.
 */
export interface LabSummary {
  lab: string;
  title: string;
  /** The files the scores list in this lab: who worked on it, and those with no attempts at all. */
  students: number;
  /** Of `students`, the files with no attempts at all (rows noted NO_ATTEMPTS): counted 0 in each figure. */
  noAttempts: number;
  /** The files left out of `students`: ones that started other labs, not this one (noted NOT_STARTED). */
  notStarted: number;
  /** The lab's points: the most a student can score in it. */
  max: number;
  exercises: ExerciseSummary[];
}

/**
 * Per lab the class worked on, in the labs' order: how each exercise went and what wrong answers believed,
 * among the students the scores list in that lab: those who worked on it, and those whose file has no
 * attempts at all (rows noted NO_ATTEMPTS, listed with 0 in every lab the class worked on, so that a
 * student who has not started is not missed here either: "solved 1 of 4", the mean over 4 with a 0). A
 * student who worked on other labs only has no row in this one and is not counted, as in the scores.
 */
export function classByExercise(rows: readonly ExerciseRow[], labs: ReadonlyMap<string, Lab>): LabSummary[] {
  const out: LabSummary[] = [];
  for (const lab of labs.values()) {
    // A student who did not start this lab but others is not counted in it (a file with no attempts is).
    const mine = rows.filter((r) => r.lab === lab.id && !r.notes.includes(NOT_STARTED));
    const students = new Set(mine.map((r) => r.file)).size;
    if (students === 0) continue;
    out.push({
      lab: lab.id,
      title: lab.title,
      students,
      noAttempts: new Set(mine.filter((r) => r.notes.includes(NO_ATTEMPTS)).map((r) => r.file)).size,
      notStarted: new Set(
        rows.filter((r) => r.lab === lab.id && r.notes.includes(NOT_STARTED)).map((r) => r.file),
      ).size,
      max: lab.exercises.reduce((n, ex) => roundPoints(n + ex.points), 0),
      exercises: lab.exercises.map((ex) => {
        const of = mine.filter((r) => r.exercise === ex.id);
        const held = new Map<string, number>();
        for (const r of of) for (const m of r.misconceptions) held.set(m, (held.get(m) ?? 0) + 1);
        return {
          exercise: ex.id,
          title: exerciseName(ex),
          kind: ex.kind,
          points: ex.points,
          tried: of.filter((r) => r.attempts > 0).length,
          solved: of.filter((r) => r.solved).length,
          mean: of.reduce((t, r) => t + r.score, 0) / students,
          beliefs: [...held]
            .sort((a, b) => b[1] - a[1])
            .map(([id, n]) => ({ id, text: MISCONCEPTIONS[id] ?? id, students: n })),
        };
      }),
    });
  }
  return out;
}

/** What "Grade a class" shows: the graded files' figures, and every file or lab it could not use. */
export interface ClassGrade {
  /**
   * The students graded, in the order chosen: one per file, and one for a student id found in more than
   * one file, named by its first (`repeated` lists its files).
   */
  files: GradedFile[];
  scores: LabRow[];
  exercises: ExerciseRow[];
  byLab: LabSummary[];
  /** Files not graded, and why. */
  problems: FileProblem[];
  /**
   * Per file graded, in the order of `files`: what of its answers is graded nowhere, and whether it has
   * no attempts; with `scores`, `exercises` and `brokenLabs`, the rows `flushpoint grade` lists for the
   * same files and labs (listClass).
   */
  ungraded: FileNotGraded[];
  /** Labs that could not be loaded: attempts at them are not graded. */
  brokenLabs: { lab: string; message: string }[];
  /** Labs answered in some files that the app does not have (not handed out here?): not graded. */
  unknownLabs: { lab: string; files: string[] }[];
  /** Student ids found in more than one file: each graded once, from all its files (gradeAsOne). */
  repeated: MergedStudent[];
  /** Files of different students holding the same attempts (copiedFiles): shown "copied?". */
  copies: { files: string[]; attempts: number }[];
  /**
   * Files graded, but with something to check (the file, then what): no profile, an attempt or a field
   * that could not be read, seeds made for another student, an answer its exercise cannot read, attempts
   * graded now otherwise than the app recorded them.
   */
  warnings: { file: string; message: string }[];
}

/**
 * A student (a progress file) and their score in each lab they worked on (or, if none, each the class
 * did, at 0, noted NO_ATTEMPTS), by lab id.
 */
export interface StudentScores extends GradedFile {
  labs: Record<string, LabRow>;
  score: number;
  max: number;
}

/** The scores by student, sorted by name then id: the rows of "Grade a class". */
export function byStudent(rows: readonly LabRow[]): StudentScores[] {
  const byFile = new Map<string, StudentScores>();
  for (const r of rows) {
    const s = byFile.get(r.file) ?? {
      file: r.file,
      student: r.student,
      studentId: r.studentId,
      labs: {},
      score: 0,
      max: 0,
    };
    s.labs[r.lab] = r;
    s.score = roundPoints(s.score + r.score);
    s.max = roundPoints(s.max + r.max);
    byFile.set(r.file, s);
  }
  return [...byFile.values()].sort(
    (a, b) => a.student.localeCompare(b.student) || a.studentId.localeCompare(b.studentId),
  );
}

/**
 * Student ids found in more than one file, with those files: the same student handed in twice? Files
 * with no student id (NO_ID) are not: nothing says whose they are, and each is warned about on its own.
 */
export function repeatedStudents(
  rows: readonly Pick<GradedFile, 'file' | 'studentId'>[],
): { studentId: string; files: string[] }[] {
  const files = new Map<string, Set<string>>();
  for (const r of rows)
    if (r.studentId !== NO_ID) files.set(r.studentId, (files.get(r.studentId) ?? new Set()).add(r.file));
  return [...files].filter(([, f]) => f.size > 1).map(([studentId, f]) => ({ studentId, files: [...f] }));
}

/**
 * A student id found in more than one file, graded once (gradeAsOne): its files, in the order given (the
 * first names its rows), and how their attempts were put together.
 */
export interface MergedStudent {
  studentId: string;
  files: string[];
  /** The attempts found, to the letter, in more than one of the files: graded once. */
  shared: number;
  /** Per file, in the order of `files`: its attempts found in no other file. */
  only: number[];
  /** The student's name in each file, in the order of `files`: the first is the one listed. */
  names: string[];
}

/** The note on each row of a student graded from several files, naming them. */
export const mergedNote = (files: readonly string[]): string =>
  `student id in ${files.length} files (${files.join(', ')}): graded once, their attempts merged`;

/**
 * How a student's files were graded as one, in words, each file said by `name` (its path by default):
 * "graded once, as one student: …; 2 attempts only in a.json, 1 attempt only in b.json".
 */
export function mergedText(m: MergedStudent, name: (file: string) => string = (f) => f): string {
  const all = m.files.length === 2 ? 'both files' : `all ${m.files.length} files`;
  const parts = [
    ...(m.shared ? [`${count(m.shared, 'attempt')} in more than one file, counted once`] : []),
    ...m.files.map((f, i) => `${count(m.only[i] ?? 0, 'attempt')} only in ${name(f)}`),
  ];
  const same =
    m.shared > 0 && m.only.every((n) => n === 0)
      ? ' (the files hold the same attempts: the same work handed in twice, or a copy?)'
      : '';
  const names =
    new Set(m.names).size > 1
      ? `; named ${m.names.map((n, i) => `"${n}" in ${name(m.files[i] ?? '')}`).join(', ')}: listed as ${m.names[0]}`
      : '';
  return `graded once, as one student: the attempts of ${all} merged in the order they were made, each attempt once: ${parts.join(', ')}${same}${names}`;
}

/** An attempt as JSON with its keys sorted: two copies of one attempt read alike, whatever their order. */
function attemptKey(a: Attempt): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : typeof v === 'object' && v !== null
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(sorted(a));
}

/**
 * A student's files (graded each on its own, `group`, all of one student id) graded once, as one student,
 * so that nothing they did in either file is lost nor counted twice: the attempts of all merged in the
 * order they were made (by `at`; each file's own order kept, an attempt whose time cannot be read right
 * after the one before it in its file; on a tie, the earlier file's first), an attempt found to the letter
 * in more than one file (the same save handed in twice) taken once. Attempts that share an id but not
 * their content are both kept: a version-1 file numbers its attempts (v1-0, v1-1…), so two of them share
 * ids for different work. Its rows are named by the first file and noted mergedNote. What each file says
 * of its own attempts (warnings naming attempts[i]) stays with that file; the rows count each file's
 * attempts graded otherwise than the app recorded them (each app counted its own earlier tries), not a
 * comparison of the merged order, which no app ever graded.
 */
export function gradeAsOne(
  group: readonly Graded[],
  labs: ReadonlyMap<string, Lab>,
): { graded: Graded; merged: MergedStudent } {
  const first = group[0] as Graded;
  const files = group.map((g) => g.file);
  // Each file's attempts, each with the time it sorts by (the last readable one, where its own is not).
  const queues = group.map((g, gi) => {
    let last = -Infinity;
    return g.attempts.map((r) => {
      const t = Date.parse(r.attempt.at);
      if (Number.isFinite(t)) last = t;
      return { gi, r, t: last };
    });
  });
  const heads = queues.map(() => 0);
  const firstFile = new Map<string, number>();
  const inFiles = new Map<string, Set<number>>();
  const kept: { gi: number; r: ReadAttempt; key: string }[] = [];
  const dropped = group.map(() => new Set<number>());
  for (;;) {
    let pick = -1;
    queues.forEach((q, i) => {
      const e = q[heads[i] as number];
      const best = pick < 0 ? undefined : queues[pick]?.[heads[pick] as number];
      if (e && (!best || e.t < best.t)) pick = i;
    });
    if (pick < 0) break;
    const { gi, r } = queues[pick]?.[heads[pick] as number] as { gi: number; r: ReadAttempt };
    heads[pick] = (heads[pick] as number) + 1;
    const key = attemptKey(r.attempt);
    inFiles.set(key, (inFiles.get(key) ?? new Set()).add(gi));
    const seen = firstFile.get(key);
    // Copies within one file are that file's own (its ids were read as distinct): kept, as it grades them.
    if (seen !== undefined && seen !== gi) dropped[gi]?.add(r.index);
    else {
      firstFile.set(key, gi);
      kept.push({ gi, r, key });
    }
  }
  const notDropped = (gi: number) => (p: { index: number }) => !dropped[gi]?.has(p.index);
  const profile = { name: first.student, id: first.studentId };
  const out: Graded = {
    file: first.file,
    student: first.student,
    studentId: first.studentId,
    scores: [],
    exercises: [],
    unknownLabs: [...new Set(group.flatMap((g) => g.unknownLabs))].sort(),
    attempts: kept.map((k) => k.r),
    skipped: group.flatMap((g) => g.skipped),
    // An unreadable attempt cannot be matched with another file's: each file's is counted.
    attemptProblems: group.flatMap((g, gi) =>
      g.attemptProblems.filter((p) => p.kind === 'unreadable' || notDropped(gi)(p)),
    ),
    changed: group.flatMap((g, gi) => g.changed.filter(notDropped(gi))),
    notes: [mergedNote(files), ...first.notes],
    // Each file's warnings name its own attempts: gradeFiles says them with that file.
    warnings: [],
  };
  addRows(out, labs, checkSeeds(profile, out.attempts, labs), () => false, out.changed);
  const shared = kept.filter((k) => (inFiles.get(k.key)?.size ?? 0) > 1).length;
  const only = group.map(
    (_, gi) => kept.filter((k) => k.gi === gi && (inFiles.get(k.key)?.size ?? 0) === 1).length,
  );
  return {
    graded: out,
    merged: { studentId: first.studentId, files, shared, only, names: group.map((g) => g.student) },
  };
}

/**
 * The class's files graded, one Graded per student: a student id found in more than one file
 * (repeatedStudents: never NO_ID) graded once from all of them (gradeAsOne), where its first file stands,
 * with `files` the files each Graded holds; and those merged, in the order of their first files.
 */
export function oneGradePerStudent(
  graded: readonly Graded[],
  labs: ReadonlyMap<string, Lab>,
): { students: { graded: Graded; files: Graded[] }[]; merged: MergedStudent[] } {
  const groups = repeatedStudents(graded);
  const byFirst = new Map(groups.map((g) => [g.files[0], g]));
  const inGroup = new Set(groups.flatMap((g) => g.files));
  const byFile = new Map(graded.map((g) => [g.file, g]));
  const out: ReturnType<typeof oneGradePerStudent> = { students: [], merged: [] };
  for (const g of graded) {
    const group = byFirst.get(g.file);
    if (!group) {
      if (!inGroup.has(g.file)) out.students.push({ graded: g, files: [g] });
      continue;
    }
    const members = group.files.map((f) => byFile.get(f) as Graded);
    const one = gradeAsOne(members, labs);
    out.students.push({ graded: one.graded, files: members });
    out.merged.push(one.merged);
  }
  return out;
}

/**
 * The notes of a file's answers to a lab that could not be graded: the lab's folder is there but the lab
 * cannot be loaded, or it is not among the labs graded with; or the file's attempts could not be read
 * (none at a lab graded).
 */
export const NOT_GRADED = {
  broken: 'lab cannot be loaded: not graded',
  unknown: 'lab not among the labs graded with: not graded',
  unreadable: 'no attempt could be read: not graded',
} as const;

/** The note of the row of a file that could not be graded at all (listEveryFile), with why. */
export const notGradedFile = (why: string): string => `not graded: ${why}`;

/**
 * A row listed so that a file's answers that could not be graded are not missing from the scores: one per
 * lab they are to (`lab` '' when no attempt could be read), noted NOT_GRADED; or so that a file with no
 * attempts is not, when the class worked on no lab graded (`lab` '', noted NO_ATTEMPTS: nothing to grade,
 * not an error); or so that a file that could not be graded at all is not (`lab` '', noted notGradedFile).
 * No figures: null, never to be taken for a 0.
 */
export interface UngradedRow extends GradedFile {
  lab: string;
  score: null;
  max: null;
  solved: null;
  exercises: null;
  notes: string[];
}

/** An UngradedRow in the rows per exercise: one per file and lab, `exercise` '', no figures. */
export interface UngradedExerciseRow extends GradedFile {
  lab: string;
  exercise: '';
  title: '';
  kind: null;
  attempts: null;
  score: null;
  points: null;
  solved: null;
  solutionShown: null;
  misconceptions: string[];
  notes: string[];
}

/** A file graded, and what of its answers is graded nowhere: the UngradedRows listEveryFile lists for it. */
export interface FileNotGraded extends GradedFile {
  /** The labs its answers are to that are not among the labs graded with (or cannot be loaded). */
  labs: string[];
  /**
   * Whether it has attempts but no row and no lab in `labs`: none could be read, nor its lab where one
   * could be (a file with no attempts is not: its rows and warning are noAttemptRows').
   */
  unreadable: boolean;
  /**
   * Whether it has no attempts at all, read or not: listed with 0 in each lab the class worked on
   * (noAttemptRows), or, if the class worked on none, once with no figures, noted NO_ATTEMPTS.
   */
  noAttempts: boolean;
  /** A student graded from several files (one student id): those files, noted on their rows with no figures too. */
  mergedFrom?: string[];
}

/**
 * A file that could not be graded at all (not read, not JSON, not a progress file…), and why; whose it is
 * when its profile could still be read (UngradableFile).
 */
export interface FileProblem {
  file: string;
  message: string;
  student?: string;
  studentId?: string;
}

/** What the class's files graded together hold, as `gradeFiles` (src/node/grade-files.ts) gives it. */
export interface FilesToList {
  scores: readonly LabRow[];
  exercises: readonly ExerciseRow[];
  /** Every file graded, in order. */
  ungraded: readonly FileNotGraded[];
  /** The files that could not be graded at all, in order. */
  problems: readonly FileProblem[];
}

/**
 * The scores and the rows per exercise with every file's answers that could not be graded, in the order
 * of the files: each file's rows as graded, then an UngradedRow per lab whose answers in it could not be
 * graded (of `broken`, the labs that cannot be loaded, or not among the labs graded with), or, for a file
 * with no row at all whose attempts could not be read, one with no lab. A file with no attempts has its
 * rows from noAttemptRows (0 in each lab the class worked on); when the class worked on none, one
 * UngradedRow with no lab noted NO_ATTEMPTS, so that every file is listed. Then a file that could not be
 * graded at all (`problems`): an UngradedRow with no lab, noted notGradedFile(why), so that a CSV read
 * without stderr still shows that the student handed something in (it is said after the files graded:
 * where it stood among them is not known to the app's screen, and both list the same rows). `notGraded`
 * counts the UngradedRows of answers or files not graded (not those of files with no attempts: nothing
 * to grade there).
 */
export function listEveryFile(
  graded: FilesToList,
  broken: ReadonlySet<string>,
): {
  scores: (LabRow | UngradedRow)[];
  exercises: (ExerciseRow | UngradedExerciseRow)[];
  notGraded: number;
} {
  const out = {
    scores: [] as (LabRow | UngradedRow)[],
    exercises: [] as (ExerciseRow | UngradedExerciseRow)[],
    notGraded: 0,
  };
  // Each file's rows, in their order (a class of hundreds of files is not searched once per file).
  const byFile = <T extends { file: string }>(rows: readonly T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      const list = m.get(r.file);
      if (list) list.push(r);
      else m.set(r.file, [r]);
    }
    return m;
  };
  const scores = byFile(graded.scores);
  const exercises = byFile(graded.exercises);
  for (const f of graded.ungraded) {
    out.scores.push(...(scores.get(f.file) ?? []));
    out.exercises.push(...(exercises.get(f.file) ?? []));
    const lost: { lab: string; note: string }[] = f.labs.map((lab) => ({
      lab,
      note: broken.has(lab) ? NOT_GRADED.broken : NOT_GRADED.unknown,
    }));
    if (f.unreadable) lost.push({ lab: '', note: NOT_GRADED.unreadable });
    // No attempts and no row (the class worked on no lab graded): still listed, with no figures.
    const empty = f.noAttempts && !scores.has(f.file);
    if (empty) lost.push({ lab: '', note: NO_ATTEMPTS });
    for (const { lab, note } of lost) unfigured(f, lab, note);
  }
  for (const p of graded.problems)
    unfigured(
      { file: p.file, student: p.student ?? NO_NAME, studentId: p.studentId ?? NO_ID },
      '',
      notGradedFile(p.message),
    );
  return out;

  function unfigured(f: GradedFile & Pick<FileNotGraded, 'mergedFrom'>, lab: string, note: string) {
    const notes = f.mergedFrom ? [mergedNote(f.mergedFrom), note] : [note];
    const who = { file: f.file, student: f.student, studentId: f.studentId, lab };
    out.scores.push({ ...who, score: null, max: null, solved: null, exercises: null, notes });
    out.exercises.push({
      ...who,
      exercise: '',
      title: '',
      kind: null,
      attempts: null,
      score: null,
      points: null,
      solved: null,
      solutionShown: null,
      misconceptions: [],
      notes,
    });
    if (note !== NO_ATTEMPTS) out.notGraded++;
  }
}

/**
 * What "Grade a class" lists and saves: the rows `flushpoint grade` lists for the same files and labs
 * (listEveryFile), the labs that cannot be loaded being the screen's brokenLabs.
 */
export function listClass(g: ClassGrade): ReturnType<typeof listEveryFile> {
  return listEveryFile(g, new Set(g.brokenLabs.map((b) => b.lab)));
}

/**
 * The CSV "Grade a class" saves: what `flushpoint grade --csv` (scores) or `--by-exercise --csv`
 * (exercises) writes for the same files and labs, every file listed (listClass).
 */
export function classCsv(g: ClassGrade, which: 'scores' | 'exercises' | 'wide'): string {
  const listed = listClass(g);
  if (which === 'wide') return wideCsv(listed.scores, g.byLab);
  return which === 'scores' ? labsCsv(listed.scores) : exercisesCsv(listed.exercises);
}

/**
 * The class graded in only the labs `chosen` (the Grade screen's "Labs graded"): their rows, the class
 * per exercise in them; files, problems and answers to labs not graded stay as they are.
 */
export function chooseLabs(g: ClassGrade, chosen: ReadonlySet<string>): ClassGrade {
  return {
    ...g,
    scores: g.scores.filter((r) => chosen.has(r.lab)),
    exercises: g.exercises.filter((r) => chosen.has(r.lab)),
    byLab: g.byLab.filter((l) => chosen.has(l.lab)),
  };
}

/** The columns of the wide CSV before and after its one column per lab. */
export const WIDE_COLUMNS = {
  before: ['file', 'student', 'student_id'],
  after: ['total', 'max', 'notes'],
} as const;

/** A wide CSV's cell for a lab a student did not start, or whose answers could not be graded. */
export const WIDE_CELL = { notStarted: 'not started', notGraded: 'not graded' } as const;

/**
 * The gradebook: one row per student (file), a column per lab `graded` (by id, in their order) and per
 * lab answered but not graded (wideLabs), then the total, the most it could be (the graded labs'
 * points), and notes (`flushpoint grade --csv --wide`, the Grade screen's "Save scores per lab as CSV").
 * A cell is the lab's score, "not started" (a lab the student did not start, counted 0 in the total),
 * "not graded" (answers to a lab that cannot be loaded, or not among the labs graded with: the notes
 * say that total and max leave it out), or empty for a file that could not be graded at all (its notes
 * say why, total and max empty). A note every row of the file has is said once; one of a lab is prefixed
 * with its id.
 */
export function wideCsv(
  rows: readonly (LabRow | UngradedRow)[],
  graded: readonly { lab: string; max: number }[],
): string {
  const byFile = new Map<string, (LabRow | UngradedRow)[]>();
  for (const r of rows) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r]);
  const labs = wideLabs(rows, graded);
  const max = graded.reduce((n, l) => roundPoints(n + l.max), 0);
  const unscored = labs.filter((l) => l.max === null).map((l) => l.lab);
  const header = [...WIDE_COLUMNS.before, ...labs.map((l) => l.lab), ...WIDE_COLUMNS.after];
  const lines = [...byFile.values()].map((mine) => {
    const first = mine[0] as LabRow | UngradedRow;
    const figured = mine.filter((r): r is LabRow => r.score !== null);
    const cells = labs.map((l) => {
      const r = mine.find((x) => x.lab === l.lab);
      // A file graded with no answers to a lab not graded has not started it; a file not graded at all
      // has nothing known of any lab (its notes say why).
      if (!r) return l.max === null && figured.length ? WIDE_CELL.notStarted : null;
      if (r.score === null) return WIDE_CELL.notGraded;
      return notStarted(r) ? WIDE_CELL.notStarted : r.score.toFixed(2);
    });
    const shared = (first.notes ?? []).filter((n) => mine.every((r) => r.notes.includes(n)));
    const notes = [
      ...(unscored.length && figured.length ? [wideLeftOut(unscored)] : []),
      ...shared.filter((n) => n !== NOT_STARTED),
      ...mine.flatMap((r) =>
        r.notes
          .filter((n) => !shared.includes(n) && n !== NOT_STARTED)
          .map((n) => (r.lab ? `${r.lab}: ${n}` : n)),
      ),
    ];
    const total = figured
      .filter((r) => labs.some((l) => l.lab === r.lab))
      .reduce((n, r) => roundPoints(n + r.score), 0);
    return [
      first.file,
      first.student,
      first.studentId,
      ...cells,
      figured.length ? total.toFixed(2) : null,
      figured.length ? max : null,
      [...new Set(notes)].join('; '),
    ];
  });
  return csvLine(header) + lines.map(csvLine).join('');
}

/**
 * The wide CSV's lab columns: each lab graded, with its points, then each lab some file has answers to
 * that could not be graded (it cannot be loaded, or is not among the labs graded with), its points not
 * known. The lab the students worked on keeps its column, its cells "not graded", rather than drop out
 * of the gradebook with nothing but a note to say so.
 */
export function wideLabs(
  rows: readonly (LabRow | UngradedRow)[],
  graded: readonly { lab: string; max: number }[],
): { lab: string; max: number | null }[] {
  const known = new Set(graded.map((l) => l.lab));
  const lost = [...new Set(rows.filter((r) => r.score === null && r.lab).map((r) => r.lab))];
  return [...graded, ...lost.filter((lab) => !known.has(lab)).map((lab) => ({ lab, max: null }))];
}

/** A wide CSV row's note when some lab columns are not graded: total and max do not count them. */
export const wideLeftOut = (labs: readonly string[]): string =>
  `total and max leave out ${labs.join(', ')} (not graded)`;

/**
 * Files of different students that hold the same attempts, to the letter (one non-empty list of them,
 * in any order): a copy of another's progress handed in under another name? Each group names its files
 * in the order given. Files of one student id are graded as one (gradeAsOne) and said so there.
 */
export function copiedFiles(graded: readonly Graded[]): { files: string[]; attempts: number }[] {
  const byKey = new Map<string, Graded[]>();
  for (const g of graded) {
    if (!g.attempts.length) continue;
    const key = JSON.stringify(g.attempts.map((r) => attemptKey(r.attempt)).sort());
    byKey.set(key, [...(byKey.get(key) ?? []), g]);
  }
  return [...byKey.values()]
    .filter((group) => new Set(group.map((g) => g.studentId)).size > 1)
    .map((group) => ({ files: group.map((g) => g.file), attempts: group[0]?.attempts.length ?? 0 }));
}

/** The badge and note of a file whose attempts another student's file holds too (copiedFiles). */
export const COPIED = 'copied?';

/** A row's note of a file flagged COPIED: the other files. */
export const copiedNote = (others: readonly string[]): string =>
  `${COPIED} the same attempts as ${others.join(', ')}`;

/** What a file flagged "copied?" is told: the other files with the same attempts. */
export const copiedText = (others: readonly string[], attempts: number): string =>
  `holds the same ${count(attempts, 'attempt')} as ${others.join(', ')}, to the letter (ids and times too): copied from another student?`;

/**
 * The warnings other than each copied file's own (copiedText): the Grade screen lists copied files in a
 * notice of their own, and listing them again among the other warnings said each pair twice.
 */
export function otherThanCopies(
  warnings: readonly { file: string; message: string }[],
  copies: readonly { files: string[]; attempts: number }[],
): { file: string; message: string }[] {
  const said = new Set(
    copies.flatMap((c) =>
      c.files.map(
        (f) =>
          `${f}\n${copiedText(
            c.files.filter((o) => o !== f),
            c.attempts,
          )}`,
      ),
    ),
  );
  return warnings.filter((w) => !said.has(`${w.file}\n${w.message}`));
}

/**
 * A CSV field. Names come from students' files: one starting with = + - @ would be read as a formula by
 * a spreadsheet, so such text is prefixed with ' (numbers are written as they are).
 */
function csvField(v: string | number | null): string {
  if (v === null) return '';
  const text = typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, quoted where needed, ended by a newline. */
export const csvLine = (values: readonly (string | number | null)[]): string =>
  `${values.map(csvField).join(',')}\n`;

/** A CSV text: the header, then one record per row. */
function csv<T>(
  columns: readonly string[],
  rows: readonly T[],
  record: (row: T) => (string | number | null)[],
): string {
  return csvLine(columns) + rows.map((r) => csvLine(record(r))).join('');
}

export const LAB_COLUMNS = [
  'file',
  'student',
  'student_id',
  'lab',
  'score',
  'max',
  'solved',
  'exercises',
  'notes',
] as const;

/**
 * The scores by student and lab as CSV (the columns of `flushpoint grade --csv`). `exercises` counts the
 * exercises that can be solved; `notes`, added last so that earlier columns keep their places, says what
 * the instructor should know about the row (`; ` between notes), empty when nothing. An UngradedRow has
 * empty figures (not 0) and says why in its notes.
 */
export function labsCsv(rows: readonly (LabRow | UngradedRow)[]): string {
  return csv(LAB_COLUMNS, rows, (r) => [
    r.file,
    r.student,
    r.studentId,
    r.lab,
    r.score?.toFixed(2) ?? null,
    r.max,
    r.solved,
    r.exercises,
    r.notes.join('; '),
  ]);
}

export const EXERCISE_COLUMNS = [
  'file',
  'student',
  'student_id',
  'lab',
  'exercise',
  'title',
  'kind',
  'attempts',
  'score',
  'points',
  'solved',
  'solution_shown',
  'misconceptions',
  'notes',
] as const;

/**
 * One row per student and exercise as CSV (the columns of `flushpoint grade --by-exercise --csv`, notes
 * last); an UngradedExerciseRow with empty figures.
 */
export function exercisesCsv(rows: readonly (ExerciseRow | UngradedExerciseRow)[]): string {
  const flag = (b: boolean | null) => (b === null ? null : b ? 1 : 0);
  return csv(EXERCISE_COLUMNS, rows, (r) => [
    r.file,
    r.student,
    r.studentId,
    r.lab,
    r.exercise,
    r.title,
    r.kind,
    r.attempts,
    r.score?.toFixed(2) ?? null,
    r.points,
    flag(r.solved),
    flag(r.solutionShown),
    r.misconceptions.join(';'),
    r.notes.join('; '),
  ]);
}
