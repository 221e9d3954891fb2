/**
 * The lab format (labs/<id>/lab.yaml + Markdown prose). Labs are data: the author writes the scenario
 * and the question, never the key — the engine computes answers by running the simulator.
 */
import type { WbinvdSite } from '../sim/index.ts';

/** A scenario as written in a lab: plain data, validated by the simulator; strings may hold {{param}}. */
export type ScenarioData = Record<string, unknown>;

/** Seeded variant parameters: each picks one value per student. */
export type ParamSpec = { values: (number | string)[] } | { range: [number | string, number | string] };

/** Something checked against a run; the engine evaluates it, the author never states its truth. */
export type Claim =
  | { wbinvd: { cpu?: number | 'K'; site?: WbinvdSite; phase?: string; via?: string | null } }
  | { no_wbinvd: { cpu?: number | 'K'; site?: WbinvdSite; phase?: string; via?: string | null } }
  | { flag_at_start: { cpu: number | 'K'; value: boolean } }
  | { relocate_flag: string }
  | { host_mem_enc_active: boolean }
  | { outcome: 'jumped' | 'load_refused' | 'not_buildable' }
  | { stopped: { cpu: number; how: string } }
  | { race: number }
  | { corrupted: boolean }
  | { kexec_cpu: number }
  | { step_before: { first: StepMatch; then: StepMatch } };

/** Matches trace steps. */
export interface StepMatch {
  fn?: string;
  kind?: string;
  cpu?: number | 'K';
  site?: WbinvdSite;
}

export interface ChooseOption {
  text: string;
  /** Either a claim evaluated on the exercise's run, or a fact id from the facts catalogue. */
  claim?: Claim;
  fact?: string;
  explain: string;
  /**
   * Why the option is wrong, said plainly: shown with the other answers once the exercise is solved or
   * its solution shown. Before that, a wrong pick gets `explain`, which points at what to look at without
   * naming the answer. `explain` when absent.
   */
  why_not?: string;
  /** A misconception id (catalogue in misconceptions.ts) this option embodies when wrong. */
  misconception?: string;
  /**
   * The option's former wordings, once an author rewords it after students started: a saved answer
   * names its options by their text too (answer-texts.ts), and finds this one by any of them.
   */
  was?: string[];
}

interface ExerciseBase {
  id: string;
  /** A few words that name the exercise in lists (the same for every student); the kind when absent. */
  title?: string;
  prompt: string;
  points: number;
  hints: string[];
  /** Seeded per student. */
  params?: Record<string, ParamSpec>;
  /**
   * Every variant has the same answer, on purpose: the lesson is that it holds whatever the params draw
   * (the REBOOT IPI stops CPU 1, 2 or 3 alike). labs check then says no notice of it, and checks it holds.
   */
  same_answer?: boolean;
  scenario?: ScenarioData;
  /** The line of the exercise in lab.yaml, for messages. */
  line?: number;
}

export interface ChooseExercise extends ExerciseBase {
  kind: 'choose';
  multiple: boolean;
  options: ChooseOption[];
  /** Author's check: indexes of the correct options (labs check compares with the computed key). */
  expect?: number[];
}

export interface GridExercise extends ExerciseBase {
  kind: 'grid';
  scenario: ScenarioData;
  sites: WbinvdSite[];
  /** Only WBINVDs of these phases count (default: all). */
  phases?: string[];
  /**
   * The belief a wrong tick in a site's column shows (site -> misconception id): a grid has no wrong
   * option to name one, and a tick built on the lab's core misconception cost little credit and was
   * recorded nowhere (kdump's remote CPUs ticked in stop_this_cpu).
   */
  misconceptions?: Record<string, string>;
  /** Author's check: the cells `cpu:site` that are flushed. */
  expect?: string[];
}

export interface OrderItem {
  label: string;
  match: StepMatch;
  /** Former wordings of the label, as a choose option's `was`. */
  was?: string[];
}
export interface OrderExercise extends ExerciseBase {
  kind: 'order';
  scenario: ScenarioData;
  items: OrderItem[];
  /**
   * Pairs of items (indices) whose order the reference leaves open, so the model's is a choice of its
   * own: either order is right, and the pair is not graded.
   */
  unordered?: [number, number][];
  /**
   * Pairs of items (indices, either way round) whose order the exercise is about: an answer with one
   * of them the wrong way round earns nothing, however many other pairs it has right.
   */
  must?: [number, number][];
  expect?: number[];
}

export interface PredictExercise extends ExerciseBase {
  kind: 'predict';
  scenario: ScenarioData;
  /** The trace is shown up to (and including) the first step matching this. */
  after: StepMatch;
  /** `why_not` as a choose option's. */
  options: {
    text: string;
    match: StepMatch;
    explain: string;
    why_not?: string;
    misconception?: string;
    /** Former wordings, as a choose option's `was`. */
    was?: string[];
  }[];
  expect?: number;
}

export interface FindBugExercise extends ExerciseBase {
  kind: 'find_bug';
  scenario: ScenarioData;
  /** The mutants one is drawn from (per student); the student names the broken rule. */
  mutants: string[];
  /**
   * Broken rules offered as options beside the mutants but never drawn, so a guess is right less often.
   * Options and answers are `mutants` then `decoys`, in file order (find-bug-options.ts).
   */
  decoys?: string[];
}

export interface ExplainExercise extends ExerciseBase {
  kind: 'explain';
  model_answer: string;
}

export type Exercise =
  ChooseExercise | GridExercise | OrderExercise | PredictExercise | FindBugExercise | ExplainExercise;
export type ExerciseKind = Exercise['kind'];

export interface LabStep {
  title: string;
  /** Markdown text (loaded from the file named in lab.yaml). */
  prose: string;
  proseFile: string;
  scenario?: ScenarioData;
  /** What the student may do with the live model at this step. */
  /** predict: the comparison asks the student to predict the differences before it shows them. */
  actions: ('run' | 'step' | 'compare' | 'predict' | 'fault' | 'seed' | 'edit')[];
}

export interface Lab {
  id: string;
  order: number;
  title: string;
  summary: string;
  objectives: string[];
  steps: LabStep[];
  exercises: Exercise[];
}

/** A problem in a lab file: which file, which line, which field. */
export interface LabError {
  lab: string;
  file: string;
  line?: number;
  field: string;
  message: string;
}
