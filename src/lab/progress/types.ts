/** The student's progress file: a profile and every attempt, versioned. */
export const PROGRESS_VERSION = 2;

export interface Profile {
  name: string;
  id: string;
}

export interface Attempt {
  /** Unique per attempt (the renderer makes it), so a retried save never duplicates. */
  id: string;
  labId: string;
  exerciseId: string;
  /** The seed of the student's variant of this exercise. */
  variantSeed: number;
  /**
   * The variant shown when the student answered: its seed (variantSeed's) and the parameter values it
   * drew. Graded against these, not what the seed draws from the lab as it is now (shown-variant.ts).
   * Absent in files written before it was recorded: then the seed alone says the variant.
   */
  variant?: ShownVariant;
  /** For find_bug: the broken rule (mutant id) shown. Absent before it was recorded, and for other kinds. */
  mutant?: string;
  /** The answer as given (JSON data of the exercise kind). */
  answer: unknown;
  score: number;
  maxScore: number;
  hintsUsed: number;
  correct: boolean;
  solutionShown: boolean;
  /** ISO 8601 time of the attempt. */
  at: string;
  durationMs: number;
}

/** A variant as an attempt records it: the seed and the value each parameter took. */
export interface ShownVariant {
  seed: number;
  params: Record<string, number | string>;
}

export interface Progress {
  version: typeof PROGRESS_VERSION;
  profile: Profile | null;
  attempts: Attempt[];
}

export function emptyProgress(): Progress {
  return { version: PROGRESS_VERSION, profile: null, attempts: [] };
}

/**
 * The student id the app seeds variants with while no profile is set, so that a guest's variants stay
 * the same offline; a grader expects these seeds in a file without a profile.
 */
export const GUEST_ID = 'guest';

/**
 * What a profile's field that cannot be read is graded as: never a real name or id (ids are letters,
 * digits, . _ -, so never "(no id)"), so two such files are never taken for the same student.
 */
export const NO_NAME = '(no name)';
export const NO_ID = '(no id)';
