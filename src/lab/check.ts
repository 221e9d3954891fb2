/**
 * What `flushpoint labs check` verifies for each lab: every variant of every exercise builds and has a
 * well-defined answer computed by the model, the reference answer grades full, stored `expect` answers
 * agree with the model, hints do not give the answer away, and nothing graded rests on [INF]/[UNVERIFIED].
 */
import {
  diffResults,
  sameRowsSummary,
  type MutantId,
  type SimResult,
  type TraceStep,
  type WbinvdRecord,
} from '../sim/index.ts';
import { FACTS } from './facts.ts';
import { grade, referenceAnswer } from './grade.ts';
import { findBugOptions } from './find-bug-options.ts';
import { brokenRun, firstSeq, makeInstance, type Instance } from './keys.ts';
import { MUTANT_RULES } from './mutants.ts';
import { PHASES } from './names.ts';
import { openPairs, pairKey } from './order-pairs.ts';
import { inlineProblems } from './prose.ts';
import type { Claim, Exercise, Lab, StepMatch } from './types.ts';
import { combinations, MAX_COMBINATIONS, placeholders, type ParamValues } from './variants.ts';

export interface CheckProblem {
  lab: string;
  exercise: string | null;
  variant: string | null;
  message: string;
  /**
   * Where to look, when known (null when not): a path inside the lab's folder (lab.yaml, or a step's
   * prose file as lab.yaml names it) and a line of it, 1-based. A problem found by replaying an exercise
   * is at the exercise's line in lab.yaml.
   */
  file: string | null;
  line: number | null;
}

export interface LabCheck {
  exercises: number;
  variantsChecked: number;
  /**
   * Per exercise id, the variants checked and the parameter combinations there are (more than those
   * checked past MAX_COMBINATIONS): what sayProblems needs to say "all 3 variants".
   */
  variantsOf: Map<string, { checked: number; total: number }>;
  /**
   * A problem found by replaying a variant once per variant it is found in, as `labs check --json` lists
   * them (the text output says it once: sayProblems); one said of the exercise (variant null) once.
   */
  problems: CheckProblem[];
  /**
   * What is likely a slip but may be meant, said without failing the check: a parameter whose every
   * variant has the same answer, an empty step, a lab with no exercise. Variant null: each is said once.
   */
  notices: CheckProblem[];
}

/** A problem as the text output says it, with the variants it is found in (null: not a variant's). */
export interface ProblemSaid {
  problem: CheckProblem;
  variants: string | null;
}

/**
 * The parameter values of every variant labs check builds: every combination, up to MAX_COMBINATIONS
 * (null for an exercise without params, which has one variant); and how many there are in all.
 */
export function variantValues(ex: Exercise): { list: (ParamValues | null)[]; total: number } {
  if (!ex.params) return { list: [null], total: 1 };
  const { list, total } = combinations(ex.params);
  return { list, total };
}

const many = (n: number) => (n === Infinity ? 'more than a million' : n.toLocaleString('en'));

/** A variant as labs keys names it: `s=1 p=3`. */
const variantLabel = (values: ParamValues): string =>
  Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');

/** How many variants a message lists by name before it says how many more there are. */
const VARIANTS_NAMED = 5;

/**
 * Where a problem said once for an exercise holds: nothing for an exercise without params (one variant),
 * " in every variant", " in variant s=1", or " in 2 of 4 variants (s=1; s=3)".
 */
function variantsWhere(hits: ParamValues[], built: number, params: boolean): string {
  if (!params) return '';
  if (hits.length === built) return ' in every variant';
  if (hits.length === 1) return ` in variant ${variantLabel(hits[0] as ParamValues)}`;
  const named = hits.slice(0, VARIANTS_NAMED).map(variantLabel);
  const more = hits.length - named.length;
  return ` in ${hits.length} of ${built} variants (${named.join('; ')}${more ? `; and ${more} more` : ''})`;
}

/**
 * The problems as `labs check` writes them for a reader: one found in several variants of an exercise
 * in the same words, at the same file and line (an `expect` that disagrees with the model alike in each,
 * an option matching cache_model), is said once, at its first, with the variants it holds in: `variant
 * {"c":1}` for one (as before), `all 3 variants`, or `2 of 3 variants: {"c":1}, {"c":3}`. Words that
 * differ per variant (a substituted expect) stay apart. `--json` keeps one problem per variant: its
 * `variant` field says which, and a script may count or filter on it.
 */
export function sayProblems(
  problems: readonly CheckProblem[],
  variantsOf: (lab: string, exercise: string) => { checked: number; total: number } | undefined = () =>
    undefined,
): ProblemSaid[] {
  const groups = new Map<string, string[]>();
  const out: { problem: CheckProblem; variants: string[] | null }[] = [];
  for (const p of problems) {
    if (p.variant === null || p.exercise === null) {
      out.push({ problem: p, variants: null });
      continue;
    }
    const key = JSON.stringify([p.lab, p.exercise, p.file, p.line, p.message]);
    const seen = groups.get(key);
    if (!seen) {
      const variants = [p.variant];
      groups.set(key, variants);
      out.push({ problem: p, variants });
    } else if (!seen.includes(p.variant)) seen.push(p.variant);
  }
  const n = (x: number) => x.toLocaleString('en');
  return out.map(({ problem, variants }) => {
    if (!variants) return { problem, variants: null };
    if (variants.length === 1) return { problem, variants: `variant ${variants[0]}` };
    const of = variantsOf(problem.lab, problem.exercise ?? '');
    if (of && variants.length >= of.checked)
      return { problem, variants: `all ${n(of.checked)} variants${of.total > of.checked ? ' checked' : ''}` };
    const named = variants.slice(0, VARIANTS_NAMED);
    const more = variants.length - named.length;
    const list = `${named.join(', ')}${more ? ` and ${n(more)} more` : ''}`;
    return {
      problem,
      variants: `${n(variants.length)}${of ? ` of ${n(of.checked)}` : ''} variants: ${list}`,
    };
  });
}

/** "the second hint": hints are shown one by one, and a student reads them as the first, the second... */
function ordinal(n: number): string {
  const words = [
    'first',
    'second',
    'third',
    'fourth',
    'fifth',
    'sixth',
    'seventh',
    'eighth',
    'ninth',
    'tenth',
  ];
  if (n >= 1 && n <= words.length) return words[n - 1] as string;
  const teen = n % 100 >= 11 && n % 100 <= 13;
  return `${n}${teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;
}

/**
 * The exercise's text the app renders as inline Markdown (prompt, hints, a choose's or predict's option
 * texts and explains, an order's item labels, an explain's model answer), each with its field. Checked by labs check, not at load: an instructor's lab
 * written before the check keeps loading for its students, as it showed before.
 */
function inlineFields(ex: Exercise, f: string): [string, string][] {
  const out: [string, string][] = [[`${f}.prompt`, ex.prompt]];
  ex.hints.forEach((h, i) => out.push([`${f}.hints[${i}]`, h]));
  if (ex.kind === 'choose' || ex.kind === 'predict')
    ex.options.forEach((o, j) => {
      out.push([`${f}.options[${j}].text`, o.text]);
      if (o.explain) out.push([`${f}.options[${j}].explain`, o.explain]);
      if (o.why_not) out.push([`${f}.options[${j}].why_not`, o.why_not]);
    });
  if (ex.kind === 'order') ex.items.forEach((it, i) => out.push([`${f}.items[${i}].label`, it.label]));
  if (ex.kind === 'explain') out.push([`${f}.model_answer`, ex.model_answer]);
  return out;
}

/**
 * Checks one lab. `lineOf`, when given (the line of a field of lab.yaml, e.g. `exercises[2].hints[1]`),
 * puts a problem of one field (a hint, a grid's phase) at that field's line; without it, at the exercise's.
 */
export function checkLab(lab: Lab, lineOf?: (field: string) => number | undefined): LabCheck {
  const problems: CheckProblem[] = [];
  const notices: CheckProblem[] = [];
  const notice = (exercise: string | null, message: string, file: string, line: number | null) =>
    notices.push({ lab: lab.id, exercise, variant: null, message, file, line });
  // A lab loads with no exercise, and a step with nothing in its prose file: both show, so neither is
  // refused, but an empty file is most often one not saved yet, and a lab without an exercise grades nothing.
  if (lab.exercises.length === 0)
    notice(
      null,
      'the lab has no exercises: students can read it, but it grades nothing and adds nothing to their score (a lab needs one step and one graded exercise: see labs/AUTHORING.md, "A minimal lab")',
      'lab.yaml',
      lineOf?.('exercises') ?? null,
    );
  lab.steps.forEach((step, i) => {
    if (step.prose.trim() === '')
      notice(
        null,
        `steps[${i}] ("${step.title}"): its prose file ${step.proseFile} is empty, so the step shows its title alone: write the step's text (was the file saved?)`,
        step.proseFile,
        null,
      );
  });
  let variantsChecked = 0;
  const variantsOf = new Map<string, { checked: number; total: number }>();
  lab.exercises.forEach((ex, index) => {
    // The exercise's place in lab.yaml: a lab loads only when every exercise validates, so it is its index.
    const f = `exercises[${index}]`;
    const lineAt = (field: string) => lineOf?.(field) ?? ex.line ?? null;
    const p = (variant: string | null, message: string, line = ex.line ?? null) =>
      problems.push({
        lab: lab.id,
        exercise: ex.id,
        variant,
        message,
        file: 'lab.yaml',
        line,
      });
    /**
     * Problems said once for the exercise with the variants they hold in (not once per variant): by what
     * they say, the field they are about, and the message given where they hold.
     */
    const once = new Map<string, { field: string; say: (where: string) => string; hits: ParamValues[] }>();
    const sayOnce = (field: string, said: string, say: (where: string) => string, values: ParamValues) => {
      const key = `${field}\u0000${said}`;
      const seen = once.get(key) ?? { field, say, hits: [] };
      seen.hits.push(values);
      once.set(key, seen);
    };
    // Said by labs check only (the app loads the lab as it stands, worth 1): what a graded exercise is worth.
    // lineOf falls back to the nearest field there is: a points line of its own is a points key written.
    if (lineOf && ex.kind !== 'explain' && lineOf(`${f}.points`) === lineOf(f))
      p(null, 'points is not set, so the exercise is worth 1: say what it is worth (e.g. points: 2)');
    if (ex.kind === 'choose' && ex.points > 0) {
      ex.options.forEach((o, i) => {
        const fact = o.fact ? FACTS[o.fact] : undefined;
        // Whether the new kernel comes out corrupted rests on the model's seeded write-back order [INF].
        if (o.claim && 'corrupted' in o.claim)
          p(
            null,
            `option ${i} ("${o.text}") is graded on whether this run's new kernel is corrupted, which rests on the model's seeded write-back order [INF]: grade what can happen (a fact) instead`,
          );
        if (fact && (fact.evidence === 'INF' || fact.evidence === 'UNVERIFIED')) {
          p(
            null,
            `option ${i} ("${o.text}") rests on fact "${o.fact}", tagged [${fact.evidence}]: never grade on it; use a claim checked on the run, or a [SRC], [DIFF] or [LIST] fact`,
          );
        }
      });
    }
    for (const name of unusedParams(ex))
      p(
        null,
        `params.${name} is never used: no {{${name}}} in this exercise, so every variant it draws is the same exercise: write {{${name}}} where it should vary (the prompt, the scenario, an option), or remove it`,
        lineAt(`${f}.params.${name}`),
      );
    const variants = variantValues(ex);
    variantsOf.set(ex.id, { checked: variants.list.length, total: variants.total });
    if (variants.total > variants.list.length)
      p(
        null,
        `its params make ${many(variants.total)} combinations; labs check builds at most ${MAX_COMBINATIONS.toLocaleString('en')} per exercise and checked only the first ${variants.list.length}, so a student may draw one never checked: use fewer values or shorter ranges`,
      );
    // Per choose option, whether it was true and false across the variants (see varyingExplainProblems).
    const truths = ex.kind === 'choose' ? ex.options.map(() => new Set<boolean>()) : [];
    // Per grid phase listed, whether it is on the scenario's path in some variant.
    const phaseOnPath = ex.kind === 'grid' ? (ex.phases ?? []).map(() => false) : [];
    const pathPhases = new Set<string>();
    let built = 0;
    // Per variant built, its parameter values and the answer a student must give (answerSaid).
    const answers: { values: ParamValues; answer: string }[] = [];
    for (const values of variants.list) {
      variantsChecked++;
      const variant = values ? JSON.stringify(values) : null;
      let inst: Instance;
      try {
        inst = makeInstance(ex, 0, values ?? undefined);
      } catch (err) {
        p(variant, `cannot build this variant: ${(err as Error).message}`);
        continue;
      }
      built++;
      const keyed = keyProblems(inst);
      if (values && keyed.length === 0) answers.push({ values, answer: answerSaid(inst) });
      for (const message of keyed) p(variant, message);
      // A grid no cell of which is a WBINVD, or a multiple choice with no true option: a blank answer
      // would be the key. Said once, with the variants where it would.
      const blank = blankProblem(inst);
      if (blank) sayOnce(f, 'blank', blank, values ?? {});
      if (inst.exercise.kind === 'grid' && inst.result) {
        const path = new Set<string>(inst.result.trace.map((t) => t.phase));
        for (const ph of path) pathPhases.add(ph);
        inst.exercise.phases?.forEach((ph, k) => {
          if (path.has(ph)) phaseOnPath[k] = true;
        });
      }
      for (const message of mutantProblems(inst)) p(variant, message);
      for (const message of decoyProblems(inst)) p(variant, message);
      // A key with no answer (an anchor matching nothing) says so once, not again as a disagreement.
      if (!(inst.key.kind === 'predict' && inst.key.correct < 0))
        for (const message of expectProblems(inst, ex)) p(variant, message);
      for (const { hint, said } of hintProblems(inst)) {
        const field = `${f}.hints[${hint}]`;
        sayOnce(
          field,
          said,
          (where) =>
            `${field}: the ${ordinal(hint + 1)} hint ${said}${where}: reword it so it points the way without the answer`,
          values ?? {},
        );
      }
      for (const message of modelTimingProblems(inst)) p(variant, message);
      for (const message of cpuRangeProblems(inst)) p(variant, message);
      // What the app would drop from the exercise's text (renderInline), as this variant reads it.
      for (const [field, text] of inlineFields(inst.exercise, f))
        for (const problem of inlineProblems(text))
          sayOnce(field, problem, (where) => `${field}: ${problem}${where}`, values ?? {});
      if (inst.key.kind === 'choose') {
        const { correct } = inst.key;
        truths.forEach((t, i) => t.add(correct.includes(i)));
      }
      // A key said above to be ill-formed (no or several true options, no next step, a blank key) is why
      // the reference answer cannot grade full: that is not a problem of its own.
      if (ex.kind !== 'explain' && keyed.length === 0 && !blank) {
        const g = grade(inst, referenceAnswer(inst), { wrongTries: 0, hintsUsed: 0 });
        if (!g.correct || g.score !== ex.points)
          p(variant, `the computed reference answer does not grade full (${g.score}/${ex.points})`);
      }
    }
    for (const { field, say, hits } of once.values())
      p(null, say(variantsWhere(hits, built, !!ex.params)), lineAt(field));
    if (ex.kind === 'grid' && built > 0) {
      const through = PHASES.filter((ph) => pathPhases.has(ph));
      ex.phases?.forEach((ph, k) => {
        if (phaseOnPath[k]) return;
        const field = `${f}.phases[${k}]`;
        p(
          null,
          `${field}: ${ph} never occurs on this scenario's path${ex.params ? ' in any variant' : ''}, so no WBINVD of it can count (the path goes through ${through.join(', ') || 'none of the phases'}): remove it, or change the scenario`,
          lineAt(field),
        );
      });
    }
    for (const message of varyingExplainProblems(ex, truths)) p(null, message);
    const same = sameAnswerParams(answers);
    // Said to be the same on purpose: a variant with another answer is a problem, the sameness nothing.
    const firstAnswer = answers[0]?.answer;
    if (ex.same_answer && answers.some((a) => a.answer !== firstAnswer))
      p(
        null,
        `same_answer: true says every variant has the same answer, but they differ (${answers
          .filter((a, i) => i === 0 || a.answer !== firstAnswer)
          .slice(0, 2)
          .map((a) => `${variantLabel(a.values)}: ${a.answer}`)
          .join('; ')}): remove it, or make the variants agree`,
        lineAt(`${f}.same_answer`),
      );
    else if (same.length && !ex.same_answer) {
      const said = same.map(({ name, values }) => `${name}=${values.join(', ')}`).join('; ');
      const names = same.map(({ name }) => `params.${name}`).join(', ');
      notice(
        ex.id,
        `${names}: every variant has the same answer (${said}), so students share one key under different prompts (labs keys shows it): if the answer should change with them, make them change what is graded (the scenario, an option's text); if the lesson is that it holds whatever they are, say so with same_answer: true`,
        'lab.yaml',
        lineAt(`${f}.params.${same[0]?.name ?? ''}`),
      );
    }
  });
  return { exercises: lab.exercises.length, variantsChecked, variantsOf, problems, notices };
}

/**
 * The answer a student must give in a variant, as the text they see: the texts of the options or items
 * the key names (a choose option "CPU {{c}}" is another answer in each variant, though its index is
 * not), a grid's cells. A find_bug's key is drawn from the student's seed, not the params, and an
 * explain is never graded: neither has one to compare.
 */
function answerSaid(inst: Instance): string {
  const { key: k, exercise: ex } = inst;
  if (k.kind === 'choose' && ex.kind === 'choose')
    return JSON.stringify(k.correct.map((i) => ex.options[i]?.text));
  if (k.kind === 'predict' && ex.kind === 'predict') return JSON.stringify(ex.options[k.correct]?.text);
  if (k.kind === 'order' && ex.kind === 'order')
    return JSON.stringify(k.order.map((i) => ex.items[i]?.label));
  if (k.kind === 'grid') return JSON.stringify(k.cells);
  return '';
}

/**
 * The parameters of an exercise every variant of which has one answer (a choose option "CPU {{c}}"
 * is another answer in each variant, though its index is not), with the values drawn: students then
 * share one key under different prompts. None when some variant differs, or when its key is no text to
 * compare (find_bug, explain). Per exercise, not per parameter: a parameter that changes no answer
 * beside one that does (which CPU made a SEAMCALL, beside which one is offline) still makes variants apart.
 */
export function sameAnswerParams(
  answers: readonly { values: ParamValues; answer: string }[],
): { name: string; values: (string | number)[] }[] {
  const first = answers[0];
  if (!first || first.answer === '' || answers.some((a) => a.answer !== first.answer)) return [];
  const names = [...new Set(answers.flatMap((a) => Object.keys(a.values)))];
  return names
    .map((name) => ({
      name,
      values: [...new Set(answers.map((a) => a.values[name]))].filter((v) => v !== undefined),
    }))
    .filter((p) => p.values.length > 1);
}

/**
 * An option's explanation is shown whenever it is chosen, right or wrong. When the option is true in some
 * variants and false in others, a text telling what happened "in this run" is false in some of them (lab
 * 1 told students who wrongly chose "intact" that their run's stale lines had left early enough).
 */
function varyingExplainProblems(ex: Exercise, truths: Set<boolean>[]): string[] {
  if (ex.kind !== 'choose') return [];
  const out: string[] = [];
  ex.options.forEach((o, i) => {
    if (truths[i]?.size === 2 && /\bin this run\b/i.test(o.explain))
      out.push(
        `option ${i} ("${o.text}") is true in some variants and false in others, and its explanation says what happened "in this run": it is shown either way, so say what makes the option true or false`,
      );
  });
  return out;
}

/**
 * The params no {{name}} of the exercise uses, nor another param's bound (`range: [1, m-1]` uses m): said
 * by labs check only, since the app can still show such a lab (every variant alike: a prompt saying
 * "CPU 2" where "CPU {{c}}" was meant, or a param left over).
 */
function unusedParams(ex: Exercise): string[] {
  if (!ex.params) return [];
  const used = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') for (const n of placeholders(v)) used.add(n);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  for (const [k, v] of Object.entries(ex)) if (k !== 'params') walk(v);
  for (const spec of Object.values(ex.params))
    if ('range' in spec)
      for (const b of spec.range)
        if (typeof b === 'string') for (const w of b.match(/[A-Za-z_]\w*/g) ?? []) used.add(w);
  return Object.keys(ex.params).filter((name) => !used.has(name));
}

/** The CPU numbers a claim or a step match names ('K', the kexec CPU, is always one the run has). */
function cpusNamed(x: Claim | StepMatch): number[] {
  const out: number[] = [];
  const add = (cpu: unknown) => {
    if (typeof cpu === 'number') out.push(cpu);
  };
  if ('step_before' in x) {
    add(x.step_before.first.cpu);
    add(x.step_before.then.cpu);
  } else if ('wbinvd' in x) add(x.wbinvd.cpu);
  else if ('no_wbinvd' in x) add(x.no_wbinvd.cpu);
  else if ('flag_at_start' in x) add(x.flag_at_start.cpu);
  else if ('stopped' in x) add(x.stopped.cpu);
  else if ('race' in x) add(x.race);
  else if ('kexec_cpu' in x) add(x.kexec_cpu);
  else if ('cpu' in x) add(x.cpu);
  return out;
}

/**
 * A claim or match naming a CPU the platform does not have holds or fails whatever the run shows (a "no
 * WBINVD on CPU 9" is always true on 4 CPUs): the author meant another CPU, or another platform.
 */
function cpuRangeProblems(inst: Instance): string[] {
  const { exercise: ex, result: r } = inst;
  if (!r) return [];
  const named: [string, Claim | StepMatch][] = [];
  if (ex.kind === 'choose')
    ex.options.forEach((o, i) => {
      if (o.claim) named.push([`option ${i} ("${o.text}")`, o.claim]);
    });
  if (ex.kind === 'predict') {
    named.push(['after', ex.after]);
    ex.options.forEach((o, i) => named.push([`option ${i} ("${o.text}")`, o.match]));
  }
  if (ex.kind === 'order')
    ex.items.forEach((it, i) => named.push([`order item ${i} ("${it.label}")`, it.match]));
  return named.flatMap(([who, x]) =>
    cpusNamed(x)
      .filter((cpu) => !(Number.isInteger(cpu) && cpu >= 0 && cpu < r.cpus))
      .map(
        (cpu) =>
          `${who} names CPU ${cpu}, which this platform does not have (CPUs 0..${r.cpus - 1}): it holds or fails whatever the run shows; name one of its CPUs, or 'K' for the kexec CPU`,
      ),
  );
}

/**
 * The model writes the lines still dirty at the jump back after it (the cache_model step); the reference
 * says only that they leave in any order. So an order exercise may not grade the place of those
 * write-backs against a step between the copy and them (such a pair must be listed in `unordered`), a
 * predict exercise may not offer an option those write-backs place, and a choose option may not claim
 * an order against them (step_before).
 */
function modelTimingProblems(inst: Instance): string[] {
  const { exercise: ex, result: r } = inst;
  if (ex.kind === 'choose')
    return ex.options.flatMap((o, i) => {
      const c = o.claim;
      return c &&
        'step_before' in c &&
        [c.step_before.first, c.step_before.then].some((m) => m.fn === 'cache_model')
        ? [
            `option ${i} ("${o.text}") claims an order against the model's stale write-backs (cache_model), whose timing the reference leaves open: claim what the code fixes, or use a fact`,
          ]
        : [];
    });
  if (ex.kind === 'predict')
    return ex.options.flatMap((o, i) =>
      o.match.fn === 'cache_model'
        ? [
            `option ${i} ("${o.text}") is placed by the model's stale write-backs (cache_model), whose timing the reference leaves open: match a step the code fixes`,
          ]
        : [],
    );
  if (ex.kind !== 'order' || !r) return [];
  const copy = firstSeq(r, { fn: 'swap_pages' });
  const seqs = ex.items.map((it) => firstSeq(r, it.match));
  const open = openPairs(ex.unordered);
  const out: string[] = [];
  seqs.forEach((w, i) => {
    if (r.trace.find((t) => t.seq === w)?.fn !== 'cache_model') return;
    seqs.forEach((s, j) => {
      if (j !== i && s > copy && s < w && !open.has(pairKey(i, j)))
        out.push(
          `order items ${j} ("${ex.items[j]?.label}") and ${i} ("${ex.items[i]?.label}"): the stale write-backs come after it only because the model puts them there (the reference leaves the order open); list [${Math.min(i, j)}, ${Math.max(i, j)}] in unordered`,
        );
    });
  });
  return out;
}

/** When a blank answer would be the key (nothing to tick), what to say, given where it holds. */
function blankProblem(inst: Instance): ((where: string) => string) | null {
  const { exercise: ex, key } = inst;
  if (key.kind === 'grid' && key.cells.length === 0)
    return (where) =>
      `no cell of this grid is a WBINVD${where}: a blank answer would be right; widen sites or phases, or change the scenario`;
  if (key.kind === 'choose' && ex.kind === 'choose' && ex.multiple && key.correct.length === 0)
    return (where) =>
      `no option is true${where}: a blank answer would be right; fix the right options' claims so that they hold on the run`;
  return null;
}

/** A trace step as an author matches it: `step 42 (stop_this_cpu, report, CPU 2)`. */
function stepSaid(r: SimResult, seq: number): string {
  const t = r.trace.find((x) => x.seq === seq);
  return t
    ? `step ${seq} (${[t.fn, t.kind, ...(t.cpu === null ? [] : [`CPU ${t.cpu}`])].join(', ')})`
    : `step ${seq}`;
}

function keyProblems(inst: Instance): string[] {
  const { exercise: ex, key, result: r } = inst;
  const out: string[] = [];
  if (key.kind === 'choose' && ex.kind === 'choose') {
    if (!ex.multiple && key.correct.length !== 1)
      out.push(
        `a single-choice exercise must have exactly one true option; the model makes ${key.correct.length} true (${key.correct.join(', ') || 'none'}): ${
          key.correct.length
            ? 'tighten a claim so that only the right one holds, or set `multiple: true`'
            : "fix the right option's claim so that it holds on the run"
        }`,
      );
  }
  if (key.kind === 'order' && ex.kind === 'order' && r) {
    const seqs = ex.items.map((it) => firstSeq(r, it.match));
    seqs.forEach((s, i) => {
      if (s === Infinity) out.push(`order item ${i} ("${ex.items[i]?.label}") matches no step of the run`);
      // Two items at one step have no order of their own: the key would be the order they are listed in.
      const j = seqs.indexOf(s);
      if (s !== Infinity && j < i)
        out.push(
          `order items ${j} ("${ex.items[j]?.label}") and ${i} ("${ex.items[i]?.label}") both match ${stepSaid(r, s)} first, so their order is arbitrary: make their matches tell the two steps apart (fn, kind, cpu, site)`,
        );
    });
  }
  if (key.kind === 'predict' && ex.kind === 'predict' && r) {
    const anchor = firstSeq(r, ex.after);
    if (anchor === Infinity)
      out.push(
        `after (${JSON.stringify(ex.after)}) matches no step of the run, so nothing comes after it: fix the match (run the scenario with flushpoint simulate to see its steps)`,
      );
    else if (key.correct < 0)
      out.push('no option happens after the anchor step: the prediction has no answer');
    else {
      // Two options at the answer's step: the key would be whichever is listed first.
      const best = firstSeq(r, ex.options[key.correct]?.match ?? {}, anchor);
      const tied = ex.options.flatMap((o, i) => (firstSeq(r, o.match, anchor) === best ? [i] : []));
      if (tied.length > 1)
        out.push(
          `options ${tied.map((i) => `${i} ("${ex.options[i]?.text}")`).join(' and ')} ${tied.length === 2 ? 'both' : 'all'} match the next step, ${stepSaid(r, best)}, so the answer is arbitrary: make their matches tell the steps apart (fn, kind, cpu, site)`,
        );
    }
  }
  return out;
}

/**
 * What a find_bug exercise's comparison (diffResults, shown by CompareView) sets side by side: a mutant
 * that changes none of it shows the student no difference, whatever it changes in the trace.
 */
const COMPARED =
  "the WBINVDs per CPU and site, how CPUs stopped, the race, relocate_kernel's argument, the outcome, the new kernel";

/** A trace step as what it is and does, not where it is (its seq) or its words (note, file). */
const stepShape = (t: TraceStep) =>
  JSON.stringify([t.cpu, t.fn, t.kind, t.phase, t.site ?? null, t.flag ?? null, t.to ?? null]);

/**
 * What a mutant's run changes beside the faithful one, when the comparison shows no difference: nothing
 * (step for step the same, caches too); only the place in the trace of some WBINVDs (every other step
 * the same, in order), with whether what they write back differs; or other steps of the trace.
 */
function unseenChange(
  r: SimResult,
  m: SimResult,
): { kind: 'none' } | { kind: 'moved'; moved: WbinvdRecord[]; lines: boolean } | { kind: 'trace' } {
  const shapes = (x: SimResult, wbinvd: boolean) =>
    x.trace.filter((t) => (t.kind === 'wbinvd') === wbinvd).map(stepShape);
  if (JSON.stringify(shapes(r, false)) !== JSON.stringify(shapes(m, false))) return { kind: 'trace' };
  // The k-th WBINVD of a CPU at a site in one run with the k-th of the other (the comparison saw as many).
  const nth = (x: SimResult) => {
    const seen = new Map<string, number>();
    return new Map(
      x.wbinvd.map((w) => {
        const k = `${w.cpu}|${w.site}`;
        seen.set(k, (seen.get(k) ?? 0) + 1);
        return [`${k}|${seen.get(k)}`, w] as const;
      }),
    );
  };
  const other = nth(m);
  const pairs = [...nth(r)].map(([k, w]) => [w, other.get(k)] as const);
  // The other steps being the same, a WBINVD at another seq is at another place among them.
  const moved = pairs.filter(([w, o]) => o && o.seq !== w.seq);
  const lines = pairs.some(([w, o]) => o && o.lines_written_back !== w.lines_written_back);
  if (moved.length) return { kind: 'moved', moved: moved.map(([w]) => w), lines };
  const full = (x: SimResult) => JSON.stringify(x.trace.map((t) => [stepShape(t), t.cache ?? null]));
  return lines || full(r) !== full(m) ? { kind: 'trace' } : { kind: 'none' };
}

/**
 * A find_bug mutant whose run the exercise's comparison shows as the faithful one's: the student who
 * draws it sees no difference to find it by. Said as exactly as it is so: a mutant that moves a WBINVD
 * (wbinvd_after_swap_pages where nothing lands late) does change the trace, just not what is compared.
 */
function mutantProblems(inst: Instance): string[] {
  const { exercise: ex, key, result: r } = inst;
  if (key.kind !== 'find_bug' || ex.kind !== 'find_bug' || !r) return [];
  const advice = 'pick another mutant, or change the scenario so that the broken rule shows';
  return ex.mutants.flatMap((m) => {
    const mutantRun = brokenRun(inst, m as MutantId);
    if (!mutantRun || !diffResults(r, mutantRun).same) return [];
    const change = unseenChange(r, mutantRun);
    if (change.kind === 'none')
      return [
        `mutant ${m} changes nothing in this scenario (its run is the faithful one, step for step): the student could not find it; ${advice}`,
      ];
    const unseen = `mutant ${m} changes nothing the exercise's comparison shows (${COMPARED})`;
    if (change.kind === 'trace') return [`${unseen}: only steps of its trace differ; ${advice}`];
    const { moved, lines } = change;
    const which = `${moved.length === 1 ? 'WBINVD' : 'WBINVDs'} at ${sameRowsSummary(moved).join(' and ')}`;
    return [
      `${unseen}: only the place in the trace of its ${which} differs${lines ? ', and so what it writes back' : ''}; ${advice}`,
    ];
  });
}

/**
 * A find_bug decoy a student could not rule out: in this variant its run shows, in the exercise's
 * comparison (diffResults, as mutantProblems reads it), just what a drawn mutant's does, so a student who
 * draws that mutant sees nothing that tells the two apart. A decoy that changes nothing is ruled out by the
 * difference every drawn mutant shows (mutantProblems).
 */
function decoyProblems(inst: Instance): string[] {
  const { exercise: ex, key } = inst;
  if (key.kind !== 'find_bug' || ex.kind !== 'find_bug' || !ex.decoys?.length) return [];
  const runs = new Map(findBugOptions(ex).map((m) => [m, brokenRun(inst, m as MutantId)]));
  return ex.decoys.flatMap((d) => {
    const decoyRun = runs.get(d);
    const same = ex.mutants.filter((m) => {
      const mutantRun = runs.get(m);
      return decoyRun && mutantRun && diffResults(mutantRun, decoyRun).same;
    });
    return same.length
      ? [
          `decoy ${d} shows in the exercise's comparison (${COMPARED}) just what mutant ${same.join(' and mutant ')} shows: a student who draws ${same.length === 1 ? 'it' : 'one of them'} could not rule the decoy out; pick another decoy, or change the scenario so that the two runs differ`,
        ]
      : [];
  });
}

/**
 * A stored `expect` that disagrees with the model's key, in this variant: as substituted, and as written
 * when that differs (its {{params}}).
 */
function expectProblems(inst: Instance, written: Exercise): string[] {
  const { exercise: ex, key } = inst;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const asWritten = 'expect' in written ? written.expect : undefined;
  const stored = (v: unknown) =>
    `stored expect ${JSON.stringify(v)}${same(v, asWritten) ? '' : ` (written ${JSON.stringify(asWritten)})`}`;
  if (
    ex.kind === 'choose' &&
    ex.expect &&
    key.kind === 'choose' &&
    !same(
      [...ex.expect].sort((a, b) => a - b),
      key.correct,
    )
  ) {
    return [
      `${stored(ex.expect)} disagrees with the model, which makes options ${JSON.stringify(key.correct)} true`,
    ];
  }
  if (ex.kind === 'grid' && ex.expect && key.kind === 'grid' && !same([...ex.expect].sort(), key.cells)) {
    return [`${stored(ex.expect)} disagrees with the model's WBINVDs ${JSON.stringify(key.cells)}`];
  }
  if (ex.kind === 'order' && ex.expect && key.kind === 'order' && !same(ex.expect, key.order)) {
    return [`${stored(ex.expect)} disagrees with the trace order ${JSON.stringify(key.order)}`];
  }
  if (
    ex.kind === 'predict' &&
    ex.expect !== undefined &&
    key.kind === 'predict' &&
    ex.expect !== key.correct
  ) {
    return [`${stored(ex.expect)} disagrees with the model's next step (option ${key.correct})`];
  }
  return [];
}

const normHint = (s: string) => s.toLowerCase().replace(/[`*_]/g, '').replace(/\s+/g, ' ').trim();

/** CPU numbers in a run of text: "CPU 2", "CPUs 1, 2 and 3", "CPUs 1-3" (or 1–3). */
const CPU_GROUP = /\bcpus? ((?:\d+(?: ?[-–] ?\d+)?)(?:(?: ?, ?| and | or | & |, and )\d+(?: ?[-–] ?\d+)?)*)/g;

function cpuNumbers(group: string): number[] {
  const out: number[] = [];
  for (const m of group.matchAll(/(\d+)(?: ?[-–] ?(\d+))?/g)) {
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Math.min(Number(m[2]), a + 4096);
    for (let n = a; n <= b; n++) out.push(n);
  }
  return out;
}

/**
 * The grid cells a hint says (`cpu:site`), as a student reads a grid: "CPU 0 flushes in relocate_kernel",
 * "CPUs 1-3: stop_this_cpu", "relocate_kernel runs on CPU 0", or the expect form "0:relocate_kernel".
 * Within a sentence, each CPU mention goes with the next site named after it, else the last one before it.
 */
function gridCellsSaid(hint: string, sites: readonly string[]): Set<string> {
  const said = new Set<string>();
  const text = normHint(hint);
  for (const site of sites) {
    const name = normHint(site);
    for (const m of text.matchAll(new RegExp(`\\b(\\d+) ?: ?${name}\\b`, 'g'))) said.add(`${m[1]}:${site}`);
  }
  for (const clause of text.split(/[.;?!]\s|\n/)) {
    const marks: { at: number; site?: string; cpus?: number[] }[] = [];
    for (const site of sites)
      for (const m of clause.matchAll(new RegExp(`\\b${normHint(site)}\\b`, 'g')))
        marks.push({ at: m.index, site });
    for (const m of clause.matchAll(CPU_GROUP)) marks.push({ at: m.index, cpus: cpuNumbers(m[1] ?? '') });
    marks.sort((a, b) => a.at - b.at);
    marks.forEach((mark, i) => {
      if (!mark.cpus) return;
      const site =
        marks.slice(i + 1).find((x) => x.site)?.site ??
        marks
          .slice(0, i)
          .reverse()
          .find((x) => x.site)?.site;
      if (site) for (const cpu of mark.cpus) said.add(`${cpu}:${site}`);
    });
  }
  return said;
}

/**
 * A hint gives the answer away when it holds the key: a true option's text (choose, predict), any
 * mutant's rule or id (find the bug: each student draws one), every cell of a grid's key, or every item
 * of an order exercise in the trace's order (as far as the reference fixes it). Each is the hint's index
 * (0-based) and what it does ("gives the answer away (...)").
 */
function hintProblems(inst: Instance): { hint: number; said: string }[] {
  const { exercise: ex, key } = inst;
  const answers: string[] = [];
  if (ex.kind === 'choose' && key.kind === 'choose')
    for (const i of key.correct) answers.push(ex.options[i]?.text ?? '');
  if (ex.kind === 'predict' && key.kind === 'predict') answers.push(ex.options[key.correct]?.text ?? '');
  // Every student draws one of the mutants, and reads the same hints: none may name any of them.
  if (ex.kind === 'find_bug')
    for (const m of ex.mutants) answers.push(MUTANT_RULES[m as MutantId]?.option ?? '');
  // Nor a decoy: a hint that names one rules it out (or points at it) for every student, by its name
  // instead of by the runs.
  const decoys = ex.kind === 'find_bug' ? (ex.decoys ?? []) : [];
  const out: { hint: number; said: string }[] = [];
  ex.hints.forEach((h, hint) => {
    const say = (said: string) => out.push({ hint, said });
    for (const a of answers)
      if (a.length > 8 && normHint(h).includes(normHint(a))) say(`gives the answer away ("${a}")`);
    // A mutant's id as the lab file writes it, in any case (normHint leaves out underscores on both sides).
    if (ex.kind === 'find_bug')
      for (const m of ex.mutants)
        if (normHint(h).includes(normHint(m)))
          say(`names the mutant ${m}, the answer of every student who draws it`);
    for (const d of decoys) {
      const option = MUTANT_RULES[d as MutantId]?.option ?? '';
      if (option.length > 8 && normHint(h).includes(normHint(option)))
        say(`names the decoy option "${option}", which the runs are to rule out`);
      else if (normHint(h).includes(normHint(d))) say(`names the decoy ${d}, which the runs are to rule out`);
    }
    if (ex.kind === 'grid' && key.kind === 'grid' && key.cells.length) {
      const said = gridCellsSaid(h, ex.sites);
      if (key.cells.every((c) => said.has(c)))
        // The same words in every variant (its key cells differ), so the hint is said once, with them.
        say('gives the answer away: it names every cell of the key');
    }
    if (ex.kind === 'order' && key.kind === 'order' && key.order.length > 1) {
      const text = normHint(h);
      const at = ex.items.map((it) => text.indexOf(normHint(it.label)));
      const open = openPairs(ex.unordered);
      const inOrder = key.order.every((a, n) =>
        key.order.slice(n + 1).every((b) => open.has(pairKey(a, b)) || (at[a] as number) < (at[b] as number)),
      );
      if (at.every((p) => p >= 0) && inOrder)
        say("gives the answer away: it lists every item in the trace's order");
    }
  });
  return out;
}
