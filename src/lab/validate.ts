/**
 * Lab validation: untrusted lab.yaml data to a typed Lab, or errors naming file, line and field.
 * Prose files are read by the caller (Node) and handed in, so this stays pure.
 */
import { GLOSSARY } from './glossary.ts';
import { MUTANTS, WBINVD_SITES, validateScenario } from '../sim/index.ts';
import { FACTS } from './facts.ts';
import { MISCONCEPTIONS } from './misconceptions.ts';
import { openPairs } from './order-pairs.ts';
import { allParams, instantiate, substitute } from './variants.ts';
import type { Exercise, Lab, LabError, LabStep, ParamSpec, StepMatch } from './types.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const ACTIONS = ['run', 'step', 'compare', 'predict', 'fault', 'edit'];
const KINDS = ['choose', 'grid', 'order', 'predict', 'find_bug', 'explain'];
const CLAIMS = [
  'wbinvd',
  'no_wbinvd',
  'flag_at_start',
  'relocate_flag',
  'host_mem_enc_active',
  'outcome',
  'stopped',
  'race',
  'corrupted',
  'kexec_cpu',
  'step_before',
];

export interface LabSource {
  /** Folder name; must equal `id`. */
  folder: string;
  file: string;
  data: unknown;
  lineOf: (field: string) => number | undefined;
  /** Reads a prose file relative to the lab folder: its text, or null when missing/unsafe. */
  readProse: (relPath: string) => string | null;
}

class Errors {
  readonly list: LabError[] = [];
  constructor(private readonly src: LabSource) {}
  add(field: string, message: string, file = this.src.file): void {
    this.list.push({
      lab: this.src.folder,
      file,
      line: file === this.src.file ? this.src.lineOf(field) : undefined,
      field,
      message,
    });
  }
}

/** Validates one lab; returns the lab or every error found. */
export function validateLab(src: LabSource): { ok: true; lab: Lab } | { ok: false; errors: LabError[] } {
  const e = new Errors(src);
  const d = src.data;
  if (!isObj(d)) {
    e.add('(top level)', 'lab.yaml must be a mapping with id, title, objectives, steps and exercises');
    return { ok: false, errors: e.list };
  }
  for (const k of Object.keys(d)) {
    if (!['id', 'order', 'title', 'summary', 'objectives', 'steps', 'exercises'].includes(k))
      e.add(k, 'unknown key (allowed: id, order, title, summary, objectives, steps, exercises)');
  }
  const id =
    typeof d.id === 'string' && ID.test(d.id)
      ? d.id
      : (e.add('id', 'must be lowercase letters, digits and dashes'), '');
  if (id && id !== src.folder) e.add('id', `must equal the folder name "${src.folder}"`);
  const title = text(e, d, 'title', 120);
  const summary = text(e, d, 'summary', 400);
  const order =
    typeof d.order === 'number' && Number.isInteger(d.order)
      ? d.order
      : (e.add('order', "must be a whole number (the lab's place in the list)"), 0);
  const objectives =
    Array.isArray(d.objectives) &&
    d.objectives.length > 0 &&
    d.objectives.every((o) => typeof o === 'string' && o.trim())
      ? (d.objectives as string[])
      : (e.add('objectives', 'must be a non-empty list of sentences'), []);

  const steps: LabStep[] = [];
  if (!Array.isArray(d.steps) || d.steps.length === 0) e.add('steps', 'must be a non-empty list');
  (Array.isArray(d.steps) ? d.steps : []).forEach((raw, i) => {
    const f = `steps[${i}]`;
    if (!isObj(raw)) return e.add(f, 'must be a mapping with title and prose');
    unknownKeys(e, raw, f, ['title', 'prose', 'scenario', 'actions']);
    const stepTitle = text(e, raw, 'title', 120, f);
    const proseFile = typeof raw.prose === 'string' ? raw.prose : '';
    let prose = '';
    if (!/^[\w./-]+\.md$/.test(proseFile) || proseFile.includes('..'))
      e.add(`${f}.prose`, 'must name a Markdown file inside the lab folder, e.g. steps/01-intro.md');
    else {
      const t = src.readProse(proseFile);
      if (t === null) e.add(`${f}.prose`, `file not found: ${proseFile}`);
      else {
        prose = t;
        for (const problem of proseProblems(t)) e.add(`${f}.prose`, problem, proseFile);
      }
    }
    const scenario =
      raw.scenario === undefined ? undefined : checkScenario(e, raw.scenario, `${f}.scenario`, undefined);
    const actions = raw.actions === undefined ? ['run', 'step'] : raw.actions;
    if (!Array.isArray(actions) || !actions.every((a) => ACTIONS.includes(a as string)))
      e.add(`${f}.actions`, `must be a list of ${ACTIONS.join(', ')}`);
    else if (actions.includes('predict') && !actions.includes('compare'))
      e.add(`${f}.actions`, 'predict asks for a prediction before the comparison: add compare too');
    steps.push({
      title: stepTitle,
      prose,
      proseFile,
      ...(scenario ? { scenario } : {}),
      actions: (Array.isArray(actions) ? actions : []) as LabStep['actions'],
    });
  });

  const exercises: Exercise[] = [];
  const seen = new Set<string>();
  if (!Array.isArray(d.exercises)) e.add('exercises', 'must be a list (it may be empty)');
  (Array.isArray(d.exercises) ? d.exercises : []).forEach((raw, i) => {
    const ex = checkExercise(e, raw, `exercises[${i}]`, src.lineOf(`exercises[${i}]`));
    if (!ex) return;
    if (seen.has(ex.id)) e.add(`exercises[${i}].id`, `duplicate exercise id "${ex.id}"`);
    seen.add(ex.id);
    exercises.push(ex);
  });
  if (e.list.length) return { ok: false, errors: e.list };
  return { ok: true, lab: { id, order, title, summary, objectives, steps, exercises } };
}

function text(e: Errors, o: Obj, key: string, max: number, prefix = ''): string {
  const f = prefix ? `${prefix}.${key}` : key;
  const v = o[key];
  if (typeof v !== 'string' || !v.trim()) {
    e.add(f, 'is required text');
    return '';
  }
  if (v.length > max) e.add(f, `is too long (at most ${max} characters)`);
  return v;
}

function unknownKeys(e: Errors, o: Obj, f: string, allowed: string[]): void {
  for (const k of Object.keys(o))
    if (!allowed.includes(k)) e.add(`${f}.${k}`, `unknown key (allowed: ${allowed.join(', ')})`);
}

/** Prose is untrusted: no raw HTML, no remote or script links (the app renders Markdown safely too). */
export function proseProblems(md: string): string[] {
  const out: string[] = [];
  if (/<\s*(script|iframe|object|embed|style|img|a|svg)\b/i.test(md))
    out.push('raw HTML is not allowed in lab prose');
  for (const m of md.matchAll(/\]\(([^)]*)\)/g)) {
    const url = (m[1] ?? '').trim();
    if (/^(javascript|data|vbscript|file):/i.test(url)) out.push(`link "${url}" uses a forbidden scheme`);
    else if (/^(https?:)?\/\//i.test(url))
      out.push(`link "${url}" points outside the app: everything must work offline`);
    else {
      const word = /^#\/glossary\/(.+)$/.exec(url)?.[1];
      if (word !== undefined && !GLOSSARY.some((g) => g.id === word))
        out.push(`link "${url}" names no word of the glossary (src/lab/glossary.ts)`);
    }
  }
  return out;
}

function checkScenario(
  e: Errors,
  raw: unknown,
  f: string,
  params: Record<string, ParamSpec> | undefined,
  graded = false,
): Obj | undefined {
  if (!isObj(raw)) {
    e.add(f, 'must be a scenario mapping (kernel, platform, ...)');
    return undefined;
  }
  // With params, check the first variant (labs check walks them all).
  const concrete = params ? instantiate(raw, params, 0).scenario : raw;
  const r = validateScenario(concrete);
  if (!r.ok) for (const issue of r.issues) e.add(`${f}.${issue.field}`, issue.message);
  // The domain notes: Hygon is [INF] from the code and [UNVERIFIED] on real parts, "do not grade on it".
  if (graded) {
    const variants = params ? allParams(params).map((v) => substitute(raw, v)) : [raw];
    if (variants.some((v) => isObj(v.platform) && v.platform.vendor === 'hygon'))
      e.add(
        `${f}.platform.vendor`,
        'hygon is modelled from the code only ([INF], and [UNVERIFIED] on real parts): a step may show it, an exercise may not grade on it',
      );
  }
  return raw;
}

function checkMatch(e: Errors, raw: unknown, f: string): StepMatch | undefined {
  if (!isObj(raw) || Object.keys(raw).length === 0) {
    e.add(f, 'must match a step by fn, kind, cpu and/or site');
    return undefined;
  }
  unknownKeys(e, raw, f, ['fn', 'kind', 'cpu', 'site']);
  if (raw.site !== undefined && !WBINVD_SITES.includes(raw.site as never))
    e.add(`${f}.site`, `must be one of ${WBINVD_SITES.join(', ')}`);
  return raw as StepMatch;
}

function checkExercise(e: Errors, raw: unknown, f: string, line: number | undefined): Exercise | undefined {
  if (!isObj(raw)) {
    e.add(f, 'must be a mapping with id, kind, prompt');
    return undefined;
  }
  const kind = raw.kind;
  if (typeof kind !== 'string' || !KINDS.includes(kind)) {
    e.add(`${f}.kind`, `must be one of ${KINDS.join(', ')}`);
    return undefined;
  }
  const common = ['id', 'kind', 'title', 'prompt', 'points', 'hints', 'params', 'scenario', 'expect'];
  const extra: Record<string, string[]> = {
    choose: ['multiple', 'options'],
    grid: ['sites', 'phases'],
    order: ['items', 'unordered'],
    predict: ['after', 'options'],
    find_bug: ['mutants'],
    explain: ['model_answer'],
  };
  unknownKeys(e, raw, f, [...common, ...(extra[kind] ?? [])]);
  const id =
    typeof raw.id === 'string' && ID.test(raw.id)
      ? raw.id
      : (e.add(`${f}.id`, 'must be lowercase letters, digits and dashes'), 'x');
  const title = raw.title === undefined ? undefined : text(e, raw, 'title', 60, f);
  // A title names the exercise in the list and in results: the same for every student, so no parameters.
  if (title?.includes('{{')) e.add(`${f}.title`, 'is the same for every student: it cannot use {{params}}');
  const prompt = text(e, raw, 'prompt', 2000, f);
  const points = raw.points === undefined ? (kind === 'explain' ? 0 : 1) : raw.points;
  if (typeof points !== 'number' || points < 0 || points > 20)
    e.add(`${f}.points`, 'must be a number from 0 to 20');
  const hints = raw.hints === undefined ? [] : raw.hints;
  if (!Array.isArray(hints) || !hints.every((h) => typeof h === 'string'))
    e.add(`${f}.hints`, 'must be a list of texts');
  let params: Record<string, ParamSpec> | undefined;
  if (raw.params !== undefined) {
    if (!isObj(raw.params))
      e.add(`${f}.params`, 'must map names to { values: [...] } or { range: [lo, hi] }');
    else {
      params = {};
      for (const [name, spec] of Object.entries(raw.params)) {
        const ok =
          isObj(spec) &&
          ((Array.isArray(spec.values) && spec.values.length > 0) ||
            (Array.isArray(spec.range) && spec.range.length === 2));
        if (!ok || !/^[a-z_]\w*$/.test(name))
          e.add(`${f}.params.${name}`, 'must be { values: [...] } or { range: [lo, hi] } with a simple name');
        else params[name] = spec as ParamSpec;
      }
    }
  }
  const needsScenario = kind !== 'explain' && kind !== 'choose';
  if (needsScenario && raw.scenario === undefined)
    e.add(`${f}.scenario`, `a ${kind} exercise needs a scenario`);
  const scenario =
    raw.scenario === undefined ? undefined : checkScenario(e, raw.scenario, `${f}.scenario`, params, true);
  const base = {
    id,
    ...(title ? { title } : {}),
    prompt,
    points: points as number,
    hints: hints as string[],
    ...(params ? { params } : {}),
    ...(scenario ? { scenario } : {}),
    ...(line ? { line } : {}),
  };

  switch (kind) {
    case 'choose': {
      const opts = Array.isArray(raw.options) ? raw.options : [];
      if (opts.length < 2) e.add(`${f}.options`, 'needs at least two options');
      const options = opts.map((o, j) => {
        const g = `${f}.options[${j}]`;
        if (!isObj(o)) {
          e.add(g, 'must be a mapping with text, claim or fact, and explain');
          return { text: '', explain: '' };
        }
        unknownKeys(e, o, g, ['text', 'claim', 'fact', 'explain', 'misconception']);
        if ((o.claim === undefined) === (o.fact === undefined))
          e.add(g, 'needs exactly one of claim (checked on the run) or fact (from the facts catalogue)');
        if (o.claim !== undefined) {
          if (
            !isObj(o.claim) ||
            Object.keys(o.claim).length !== 1 ||
            !CLAIMS.includes(Object.keys(o.claim)[0] as string)
          )
            e.add(`${g}.claim`, `must be one of ${CLAIMS.join(', ')}`);
          if (raw.scenario === undefined)
            e.add(`${g}.claim`, 'a claim needs the exercise to have a scenario');
        }
        if (o.fact !== undefined && !(typeof o.fact === 'string' && o.fact in FACTS))
          e.add(`${g}.fact`, `unknown fact "${String(o.fact)}" (see src/lab/facts.ts)`);
        if (
          o.misconception !== undefined &&
          !(typeof o.misconception === 'string' && o.misconception in MISCONCEPTIONS)
        )
          e.add(
            `${g}.misconception`,
            `unknown misconception "${String(o.misconception)}" (see src/lab/misconceptions.ts)`,
          );
        return {
          text: text(e, o, 'text', 400, g),
          explain: text(e, o, 'explain', 1200, g),
          ...(o.claim ? { claim: o.claim } : {}),
          ...(o.fact ? { fact: o.fact } : {}),
          ...(o.misconception ? { misconception: o.misconception } : {}),
        };
      });
      const expect =
        raw.expect === undefined ? undefined : Array.isArray(raw.expect) ? raw.expect : [raw.expect];
      if (
        expect &&
        !expect.every((x) => Number.isInteger(x) && (x as number) >= 0 && (x as number) < opts.length)
      )
        e.add(`${f}.expect`, 'must list option indexes (0-based)');
      return {
        ...base,
        kind,
        multiple: raw.multiple === true,
        options,
        ...(expect ? { expect: expect as number[] } : {}),
      } as Exercise;
    }
    case 'grid': {
      const sites = raw.sites;
      if (
        !Array.isArray(sites) ||
        sites.length === 0 ||
        !sites.every((s) => WBINVD_SITES.includes(s as never))
      )
        e.add(`${f}.sites`, `must list sites among ${WBINVD_SITES.join(', ')}`);
      if (
        raw.expect !== undefined &&
        !(Array.isArray(raw.expect) && raw.expect.every((c) => typeof c === 'string' && /^\d+:\w+$/.test(c)))
      )
        e.add(`${f}.expect`, 'must list cells as "cpu:site"');
      return {
        ...base,
        kind,
        scenario: scenario ?? {},
        sites: (sites ?? []) as never,
        ...(raw.phases ? { phases: raw.phases as string[] } : {}),
        ...(raw.expect ? { expect: raw.expect as string[] } : {}),
      } as Exercise;
    }
    case 'order': {
      const items = Array.isArray(raw.items) ? raw.items : [];
      if (items.length < 3) e.add(`${f}.items`, 'needs at least three items');
      const parsed = items.map((it, j) => {
        const g = `${f}.items[${j}]`;
        if (!isObj(it)) return (e.add(g, 'must be { label, match }'), { label: '', match: {} });
        return { label: text(e, it, 'label', 200, g), match: checkMatch(e, it.match, `${g}.match`) ?? {} };
      });
      const unordered: [number, number][] = [];
      if (raw.unordered !== undefined) {
        if (!Array.isArray(raw.unordered)) e.add(`${f}.unordered`, 'must be a list of [item, item] pairs');
        else
          raw.unordered.forEach((pair: unknown, j: number) => {
            const g = `${f}.unordered[${j}]`;
            const ok =
              Array.isArray(pair) &&
              pair.length === 2 &&
              pair.every((x) => Number.isInteger(x) && x >= 0 && x < parsed.length) &&
              pair[0] !== pair[1];
            if (ok) unordered.push([pair[0] as number, pair[1] as number]);
            else e.add(g, `must be two different item numbers, 0 to ${parsed.length - 1}`);
          });
        const pairs = (parsed.length * (parsed.length - 1)) / 2;
        if (openPairs(unordered).size >= pairs) e.add(`${f}.unordered`, 'leaves no pair of items to grade');
      }
      return {
        ...base,
        kind,
        scenario: scenario ?? {},
        items: parsed,
        ...(unordered.length ? { unordered } : {}),
        ...(raw.expect ? { expect: raw.expect as number[] } : {}),
      } as Exercise;
    }
    case 'predict': {
      const after = checkMatch(e, raw.after, `${f}.after`) ?? {};
      const opts = Array.isArray(raw.options) ? raw.options : [];
      if (opts.length < 2) e.add(`${f}.options`, 'needs at least two options');
      const options = opts.map((o, j) => {
        const g = `${f}.options[${j}]`;
        if (!isObj(o))
          return (e.add(g, 'must be { text, match, explain }'), { text: '', match: {}, explain: '' });
        return {
          text: text(e, o, 'text', 300, g),
          match: checkMatch(e, o.match, `${g}.match`) ?? {},
          explain: text(e, o, 'explain', 1200, g),
          ...(typeof o.misconception === 'string' ? { misconception: o.misconception } : {}),
        };
      });
      return {
        ...base,
        kind,
        scenario: scenario ?? {},
        after,
        options,
        ...(raw.expect !== undefined ? { expect: raw.expect as number } : {}),
      } as Exercise;
    }
    case 'find_bug': {
      const mutants = raw.mutants;
      if (
        !Array.isArray(mutants) ||
        mutants.length < 2 ||
        !mutants.every((m) => MUTANTS.includes(m as never))
      )
        e.add(`${f}.mutants`, `must list two or more of ${MUTANTS.join(', ')}`);
      return { ...base, kind, scenario: scenario ?? {}, mutants: (mutants ?? []) as string[] } as Exercise;
    }
    case 'explain':
      return { ...base, kind, points: 0, model_answer: text(e, raw, 'model_answer', 3000, f) } as Exercise;
  }
  return undefined;
}
