/**
 * Lab validation: untrusted lab.yaml data to a typed Lab, or errors naming file, line and field.
 * Prose files are read by the caller (Node) and handed in, so this stays pure.
 */
import { marked } from 'marked';
import { asRead } from './answer-texts.ts';
import { GLOSSARY } from './glossary.ts';
import { MUTANTS, WBINVD_SITES, validateScenario } from '../sim/index.ts';
import { encodingProblem, escapeControls, strayByteLine } from '../sim/text-encoding.ts';
import { cut, SHOWN_MAX, show } from '../sim/validate.ts';
import { FACTS } from './facts.ts';
import { MISCONCEPTIONS } from './misconceptions.ts';
import {
  closest,
  nearest,
  oneOf,
  OUTCOMES,
  PHASES,
  RELOCATE_FLAGS,
  STEP_FNS,
  STEP_KINDS,
  STOP_METHODS,
  VIAS,
} from './names.ts';
import { openPairs, pairKey } from './order-pairs.ts';
import type { LabYamlError } from './parse.ts';
import { bidiControlSaid, codePoint, firstBidiControl, firstControl, PAGE_HEADINGS } from './prose.ts';
import {
  boundProblem,
  combinations,
  instantiate,
  placeholders,
  substitute,
  type ParamValues,
} from './variants.ts';
import type { Exercise, Lab, LabError, LabStep, ParamSpec, StepMatch } from './types.ts';

type Obj = Record<string, unknown>;

/**
 * A value as a message echoes it: a text as JSON writes it, a number JSON cannot write as YAML does
 * (.nan, .inf), cut when long (a bad value may be a whole file pasted in).
 */
const said = (v: unknown): string => (typeof v === 'string' ? cut(JSON.stringify(v)) : show(v));

/** ` (got x)`, when something was written. */
const gotSaid = (v: unknown): string => (v === undefined ? '' : ` (got ${said(v)})`);

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const ACTIONS = ['run', 'step', 'compare', 'predict', 'fault', 'seed', 'edit'];
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

/** A prose file that is there but is not read, and why: to follow its name ("is a folder, …"). */
export interface ProseUnread {
  unread: string;
}

export interface LabSource {
  /** Folder name; must equal `id`. */
  folder: string;
  file: string;
  data: unknown;
  lineOf: (field: string) => number | undefined;
  /**
   * Reads a prose file relative to the lab folder: its text; null when there is no such file inside the
   * folder; or why a file that is there is not read (a folder, a link out of the lab folder, no permission).
   */
  readProse: (relPath: string) => string | null | ProseUnread;
  /**
   * Problems of lab.yaml's text that YAML still read (parseLabYaml's `problems`: two list entries merged
   * by an indentation slip): listed among the others, at their lines, and the lab refused.
   */
  textProblems?: readonly LabYamlError[];
}

/** What a lab folder's name can be, to be a lab's id. */
const ID_RULE = 'lowercase letters, digits and dashes';

/** A name made an id where it can be: `02-SME two` gives `02-sme-two`; null when nothing is left. */
function asId(name: string): string | null {
  const id = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 64);
  return ID.test(id) ? id : null;
}

/** What to say of an id that is no id, and what to write: the folder's name when it can be one. */
function badIdText(got: unknown, folder: string): string {
  const head = `must be ${ID_RULE}, equal to the folder name${gotSaid(got)}`;
  if (ID.test(folder)) return `${head}: write id: ${folder}`;
  const near = asId(folder);
  return `${head}; the folder name "${cut(folder)}" cannot be an id either: choose one${near ? ` (e.g. ${near})` : ''}, write it here and rename the folder to it`;
}

/**
 * What to say of an exercise's id that is no id: what was written, and the id it can be made
 * (`Find_Bug` gives find-bug), or one made of the exercise's title when it has none.
 */
function badExerciseIdText(raw: Obj): string {
  const got: unknown = raw.id;
  const fromTitle = typeof raw.title === 'string' ? asId(raw.title) : null;
  const eg = `e.g. ${fromTitle ?? 'find-the-bug'}`;
  if (got === undefined || got === null)
    return `is required: ${ID_RULE}, unique in the lab (a student's answers are saved by it), ${eg}`;
  if (typeof got === 'string' && /^[a-z0-9][a-z0-9-]*$/.test(got))
    return `is too long: at most 64 characters (got ${got.length}, ${said(got)}): write a shorter id`;
  // `id: 3` reads as a number: the same id in quotes is a text.
  if ((typeof got === 'number' || typeof got === 'boolean') && ID.test(String(got)))
    return `must be ${ID_RULE}, as a text (got ${said(got)}, a ${typeof got}: write it in quotes, id: '${String(got)}')`;
  const near = typeof got === 'string' ? asId(got) : null;
  return `must be ${ID_RULE}${gotSaid(got)}: ${near ? `write id: ${near}` : `choose one, ${eg}`}`;
}

/**
 * What to say of an id that is not the folder's name. When the folder's name can be no id (a copy
 * named "… copy", capitals), writing it here cannot help: the folder is what to rename.
 */
function otherIdText(id: string, folder: string): string {
  if (ID.test(folder))
    return `must equal the folder name "${folder}": write id: ${folder}, or rename the folder to ${id}`;
  return `must equal the folder name, and the folder name "${cut(folder)}" cannot be an id (${ID_RULE} only): rename the folder to ${id}`;
}

/** The characters a prose file's path may hold, as the message says them. */
const PROSE_NAME_RULE = 'ASCII letters, digits, _, -, . and /';

/** A character a prose file's name cannot hold, said so that it can be seen (a space is not). */
function charSaid(c: string): string {
  if (c === ' ') return 'a space';
  if (c === '\t') return 'a tab';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(c))
    return `a control character (U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})`;
  return `"${c}"${c.charCodeAt(0) > 0x7f ? ', not an ASCII letter' : ''}`;
}

/** A prose path as the rule allows it, where one can be made: `steps/01 the hôte.md` gives `steps/01-the-hote.md`. */
function asProseName(name: string): string | null {
  const made = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\w./-]+/g, '-')
    .replace(/\.md$/i, '.md');
  return /^[\w./-]+\.md$/.test(made) && !made.includes('..') ? made : null;
}

/**
 * What is wrong with a step's `prose` as a name, or null. A path inside the lab folder of ASCII letters,
 * digits, _, -, . and /, ending in .md: the same on every system and every file system the lab is
 * copied to, and never a way out of the folder.
 */
function proseNameProblem(raw: unknown): string | null {
  if (typeof raw !== 'string' || !raw.trim())
    return `is required: the path of the step's Markdown file inside the lab folder, e.g. steps/01-intro.md${gotSaid(raw)}`;
  if (/^[\w./-]+\.md$/.test(raw) && !raw.includes('..')) return null;
  const got = said(raw);
  if (raw.includes('..'))
    return `must name a file inside the lab folder, without .. (got ${got}): put the file in the lab folder`;
  const rename = (to: string | null) =>
    `rename the file${to && to !== raw ? ` (e.g. to ${cut(to)})` : ''} and write its new name here`;
  const bad = [...raw].find((c) => !/[\w./-]/.test(c));
  if (bad !== undefined)
    return `may hold only ${PROSE_NAME_RULE} (got ${got}, with ${charSaid(bad)}): ${rename(asProseName(raw))}`;
  if (/\.md$/i.test(raw)) return `must end in .md, in lowercase (got ${got}): ${rename(asProseName(raw))}`;
  return `must name a Markdown file, ending in .md (got ${got}), e.g. steps/01-intro.md`;
}

class Errors {
  readonly list: LabError[] = [];
  constructor(private readonly src: LabSource) {}
  /** `line`: where in another file (a step's prose) the problem is; lab.yaml's own come from the field. */
  add(field: string, message: string, file = this.src.file, line?: number): void {
    this.list.push({
      lab: this.src.folder,
      file,
      line: file === this.src.file ? this.src.lineOf(field) : line,
      // Found at its line whole, then cut: an unknown key may be a pasted paragraph. Its control
      // characters, and those of a value a message echoes, escaped: `labs check` prints both raw.
      field: cut(escapeControls(field)),
      message: escapeControls(message),
    });
  }
}

/**
 * Validates one lab; returns the lab or every error found: the problems of its text that YAML still read
 * (src.textProblems) with the others, each in the place of its line among theirs (before the first
 * that is further down lab.yaml), so that an author fixes them all in one pass.
 */
export function validateLab(src: LabSource): { ok: true; lab: Lab } | { ok: false; errors: LabError[] } {
  const r = validateData(src);
  const text = (src.textProblems ?? []).map((p): LabError => ({
    lab: src.folder,
    file: src.file,
    ...(p.line ? { line: p.line } : {}),
    field: p.field ?? '(syntax)',
    message: p.message,
  }));
  if (text.length === 0) return r;
  const errors = r.ok ? [] : [...r.errors];
  for (const t of text) {
    const at = errors.findIndex(
      (e) => e.file === src.file && e.line !== undefined && t.line !== undefined && e.line > t.line,
    );
    errors.splice(at < 0 ? errors.length : at, 0, t);
  }
  return { ok: false, errors };
}

function validateData(src: LabSource): { ok: true; lab: Lab } | { ok: false; errors: LabError[] } {
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
    typeof d.id === 'string' && ID.test(d.id) ? d.id : (e.add('id', badIdText(d.id, src.folder)), '');
  if (id && id !== src.folder) e.add('id', otherIdText(id, src.folder));
  const title = text(e, d, 'title', 120);
  const summary = text(e, d, 'summary', 400);
  const order =
    typeof d.order === 'number' && Number.isInteger(d.order)
      ? d.order
      : (e.add('order', `must be a whole number (the lab's place in the list)${gotSaid(d.order)}`), 0);
  const objectives: string[] = [];
  if (!Array.isArray(d.objectives) || d.objectives.length === 0)
    e.add('objectives', `must be a non-empty list of sentences${gotSaid(d.objectives)}`);
  else
    d.objectives.forEach((o: unknown, i) => {
      if (typeof o !== 'string' || !o.trim())
        return e.add(`objectives[${i}]`, `must be a sentence${notTextSaid(o, '-')}`);
      const control = controlProblem(o);
      if (control) e.add(`objectives[${i}]`, control);
      objectives.push(o);
    });

  const steps: LabStep[] = [];
  if (!Array.isArray(d.steps) || d.steps.length === 0) e.add('steps', 'must be a non-empty list');
  (Array.isArray(d.steps) ? d.steps : []).forEach((raw, i) => {
    const f = `steps[${i}]`;
    if (!isObj(raw)) return e.add(f, 'must be a mapping with title and prose');
    unknownKeys(e, raw, f, ['title', 'prose', 'scenario', 'actions']);
    const stepTitle = text(e, raw, 'title', 120, f);
    const proseFile = typeof raw.prose === 'string' ? raw.prose : '';
    let prose = '';
    const badName = proseNameProblem(raw.prose);
    if (badName) e.add(`${f}.prose`, badName);
    else {
      const t = src.readProse(proseFile);
      if (t === null) e.add(`${f}.prose`, `no such file inside the lab folder: ${proseFile}`);
      else if (typeof t !== 'string') e.add(`${f}.prose`, `${proseFile} ${t.unread}`);
      else {
        prose = t;
        for (const p of proseProblems(t)) e.add(`${f}.prose`, p.message, proseFile, p.line);
      }
    }
    const scenario =
      raw.scenario === undefined ? undefined : checkScenario(e, raw.scenario, `${f}.scenario`, undefined);
    const actions = raw.actions === undefined ? ['run', 'step'] : raw.actions;
    if (
      checkActions(e, actions, `${f}.actions`) &&
      actions.includes('predict') &&
      !actions.includes('compare')
    )
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
  const seen = new Map<string, number>();
  if (!Array.isArray(d.exercises)) e.add('exercises', 'must be a list (it may be empty)');
  (Array.isArray(d.exercises) ? d.exercises : []).forEach((raw, i) => {
    const ex = checkExercise(e, raw, `exercises[${i}]`, src.lineOf(`exercises[${i}]`));
    if (!ex) return;
    const first = seen.get(ex.id);
    if (first !== undefined) {
      const at = src.lineOf(`exercises[${first}]`);
      e.add(
        `exercises[${i}].id`,
        `duplicate exercise id "${ex.id}": exercises[${first}]${at ? ` (line ${at})` : ''} has it already; give this exercise an id of its own (a student's answers are saved by the id)`,
      );
    } else seen.set(ex.id, i);
    exercises.push(ex);
  });
  if (e.list.length) return { ok: false, errors: e.list };
  return { ok: true, lab: { id, order, title, summary, objectives, steps, exercises } };
}

/**
 * A step's actions: a list of known actions, each once. Each entry that is no action is named at its
 * index, with the action it is likely a typo of; a repeat at its index, with the entry it repeats.
 * True when the list is sound.
 */
function checkActions(e: Errors, actions: unknown, f: string): actions is string[] {
  const list = ACTIONS.join(', ');
  if (!Array.isArray(actions)) {
    // `actions: run, step` (the brackets left out) reads as one text.
    const words = typeof actions === 'string' ? actions.split(/\s*,\s*|\s+/).filter(Boolean) : [];
    const asList = words.length && words.every((w) => ACTIONS.includes(w)) ? `[${words.join(', ')}]` : '';
    e.add(
      f,
      `must be a list of ${list}, e.g. [run, step] (got ${said(actions)}${
        asList ? `, a text: write it as a list, ${asList}` : ''
      })`,
    );
    return false;
  }
  let sound = true;
  actions.forEach((a: unknown, j: number) => {
    if (!ACTIONS.includes(a as string)) {
      sound = false;
      return e.add(`${f}[${j}]`, notOneOf(a, ACTIONS));
    }
    const first = actions.indexOf(a);
    if (first < j) {
      sound = false;
      e.add(`${f}[${j}]`, `repeats ${a as string}, listed already at [${first}]: list each action once`);
    }
  });
  return sound;
}

/**
 * What was written where a text is required, and what to write instead: ` (got true, a boolean: …)`
 * after "is required text" or "must be a text". Empty when nothing was written; `after` is what an
 * empty value was written after (`explain:`, or a list entry's `-`).
 */
function notTextSaid(v: unknown, after: string): string {
  if (v === undefined) return '';
  if (v === null) return ` (got nothing after "${cut(after)}": write the text there)`;
  if (typeof v === 'string') return ` (got ${said(v)}, ${v ? 'only blanks' : 'empty'}: write the text)`;
  // `text: 2` or `text: true` reads as a number or a boolean: in quotes it is the text the author meant.
  if (typeof v === 'number' || typeof v === 'boolean')
    return ` (got ${said(v)}, a ${typeof v === 'number' ? 'number' : 'boolean'}: write the text; to show ${said(v)} itself, put it in quotes, '${said(v)}')`;
  // `label: {{c}}` reads as a mapping of a mapping: the parameter alone is a text in quotes.
  const param =
    isObj(v) && Object.keys(v).length === 1 ? /^\{ ?(\w+) ?\}$/.exec(Object.keys(v)[0] ?? '') : null;
  if (param && Object.values(v as Obj)[0] === null)
    return ` (got {{${param[1] as string}}}, which YAML reads as a mapping: put it in quotes, '{{${param[1] as string}}}')`;
  return Array.isArray(v)
    ? ` (got ${said(v)}, a list: write one text, in quotes if it starts with [)`
    : ` (got ${said(v)}, a mapping: write one text, in quotes if it starts with { or holds ": ")`;
}

function text(e: Errors, o: Obj, key: string, max: number, prefix = ''): string {
  const f = prefix ? `${prefix}.${key}` : key;
  const v = o[key];
  if (typeof v !== 'string' || !v.trim()) {
    e.add(f, `is required text${notTextSaid(v, `${key}:`)}`);
    return '';
  }
  if (v.length > max) e.add(f, `is too long (at most ${max} characters)`);
  const control = controlProblem(v);
  if (control) e.add(f, control);
  return v;
}

/**
 * What to say of a text of lab.yaml holding a control character, or null: the rule of a step's prose
 * (firstControl: a tab and line ends are text). Every text of a lab is shown, on the student's screen as
 * nothing or a box, and printed by `labs keys` and `grade`, where an escape sequence (a YAML "\e[2J")
 * would act on the terminal: clear it, retitle the window.
 */
function controlProblem(v: string): string | null {
  const at = firstControl(v);
  if (at >= 0)
    return `holds a control character ${codePoint(v[at] as string)}, which shows as nothing or as a box, and acts on a terminal that prints it: delete it`;
  const bidi = firstBidiControl(v);
  return bidi < 0 ? null : `${bidiControlSaid(v[bidi] as string)}: delete it`;
}

/** Two different item indexes of an order exercise with `n` items: `[2, 3]`. */
function isItemPair(pair: unknown, n: number): pair is [number, number] {
  return (
    Array.isArray(pair) &&
    pair.length === 2 &&
    pair.every((x) => Number.isInteger(x) && x >= 0 && x < n) &&
    pair[0] !== pair[1]
  );
}

/**
 * An order exercise's list of item pairs (`unordered`, `must`): the pairs that are two different items,
 * each other entry refused at its own field. Absent, it is no pairs.
 */
function itemPairs(e: Errors, raw: unknown, f: string, n: number): [number, number][] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    e.add(f, `must be a list of [item, item] pairs, item indexes 0-based: [[0, 1]] (got ${said(raw)})`);
    return [];
  }
  const out: [number, number][] = [];
  raw.forEach((pair: unknown, j: number) => {
    if (isItemPair(pair, n)) out.push([pair[0], pair[1]]);
    else
      e.add(`${f}[${j}]`, `must be two different item indexes, 0-based (0 to ${n - 1}) (got ${said(pair)})`);
  });
  return out;
}

function unknownKeys(e: Errors, o: Obj, f: string, allowed: string[]): void {
  for (const k of Object.keys(o))
    if (!allowed.includes(k)) e.add(`${f}.${k}`, `unknown key (allowed: ${allowed.join(', ')})`);
}

/** The app's screens, as the first part of an in-app link (`#/glossary/…`, `#/labs`). */
const SCREENS = ['sandbox', 'labs', 'lab', 'results', 'grade', 'glossary'];

/** The headings of the page a link may go to, as a message lists them: `#ex-h (the Exercises heading)`. */
const HEADINGS_SAID = Object.entries(PAGE_HEADINGS)
  .map(([id, what]) => `#${id} (${what})`)
  .join(', ');

/** A problem in a step's prose, with the line of the prose file it is on (1-based) where known. */
export interface ProseProblem {
  message: string;
  line?: number;
}

/**
 * What is wrong in a step's Markdown, read as the app's renderer (marked) reads it, so code spans and
 * fences are left alone and every link is seen however it is written (inline, reference, autolink).
 * The renderer sanitises anyway (DOMPurify, links inside the page only): this names, at its line, what
 * would silently disappear or break there.
 */
export function proseProblems(md: string): ProseProblem[] {
  // Saved as UTF-16: every character is garbage, and the marks and NULs say why, once.
  const encoding = encodingProblem(md, 'Markdown');
  if (encoding) return [{ message: encoding, line: 1 }];
  const out: ProseProblem[] = [];
  const lineAt = (raw: string): number | undefined => {
    const at = raw ? md.indexOf(raw) : -1;
    return at < 0 ? undefined : md.slice(0, at).split('\n').length;
  };
  const lineOfIndex = (at: number): number => md.slice(0, at).split('\n').length;
  // A byte that is no UTF-8 reads as U+FFFD; a control character is UTF-8, only no text: each said as what it is.
  const stray = strayByteLine(md);
  if (stray !== null)
    out.push({
      message:
        'is not UTF-8 text (a byte that is no character, U+FFFD, first at this line): save it as UTF-8 Markdown',
      line: stray,
    });
  const control = firstControl(md);
  if (control >= 0)
    out.push({
      message: `holds a control character ${codePoint(md[control] as string)} at line ${lineOfIndex(control)}: delete it`,
      line: lineOfIndex(control),
    });
  const bidi = firstBidiControl(md);
  if (bidi >= 0)
    out.push({
      message: `${bidiControlSaid(md[bidi] as string)} (line ${lineOfIndex(bidi)}): delete it`,
      line: lineOfIndex(bidi),
    });
  if (/^---\r?\n/.test(md))
    out.push({
      message:
        'starts with a front matter block (---): prose files have none, it would show as a rule and a heading; put the title in lab.yaml',
      line: 1,
    });
  const tokens = marked.lexer(md);
  marked.walkTokens(tokens, (t) => {
    if (t.type === 'html') {
      const tag = /<\/?\s*([a-z][\w-]*)/i.exec(t.raw)?.[1];
      if (tag || /<!--/.test(t.raw))
        out.push({
          message: `raw HTML is not allowed in lab prose (${tag ? `<${tag}>` : 'a comment'}): write Markdown; to show a tag, put it in \`code\``,
          line: lineAt(t.raw.trim()),
        });
    } else if (t.type === 'link') {
      const url = t.href.trim();
      // Echoed in each message below, and it may be a pasted page.
      const shown = cut(url);
      const line = lineAt(t.raw);
      if (/^(javascript|data|vbscript|file):/i.test(url))
        out.push({
          message: `link "${shown}" uses a forbidden scheme: link to a place in the app (#/glossary/wbinvd, #/labs...), or put the address in \`code\` to show it`,
          line,
        });
      else if (/^(https?:)?\/\//i.test(url))
        out.push({ message: `link "${shown}" points outside the app: everything must work offline`, line });
      else if (!url.startsWith('#'))
        out.push({
          message: `link "${shown}" is not a place in the app: links go to a screen (#/labs, #/glossary/seamcall...), and any other is dropped`,
          line,
        });
      // A place on the page: the prose's own headings get no id, so only the screen's own are there.
      else if (!url.startsWith('#/')) {
        if (!Object.hasOwn(PAGE_HEADINGS, url.slice(1)))
          out.push({
            message: `link "${shown}" names no heading of the page, so it goes nowhere (a step's own headings get no id): link ${HEADINGS_SAID} or a screen (#/labs, #/glossary/seamcall...), or name the heading in words`,
            line,
          });
      } else {
        const [screen = '', word] = url.slice(2).split('/');
        // The app reads each part of the address percent-decoded; one it cannot decode names no screen.
        if (url.split('/').some((part: string) => !decodes(part)))
          out.push({
            message: `link "${shown}" has a % that does not start an escape (%20, %2F...): the app cannot read the address; write the place without it`,
            line,
          });
        else if (!SCREENS.includes(screen))
          out.push({
            message: `link "${shown}" names no screen of the app${nearly(screen, SCREENS)}: its screens are ${SCREENS.join(', ')}`,
            line,
          });
        else if (screen === 'glossary' && word !== undefined && !GLOSSARY.some((g) => g.id === word))
          out.push({
            message: `link "${shown}" names no word of the glossary (src/lab/glossary.ts)${nearly(
              word,
              GLOSSARY.map((g) => g.id),
            )}: its words are ${GLOSSARY.map((g) => g.id).join(', ')}`,
            line,
          });
        // `#/lab` with no lab id (or an id no lab can have) opens the sandbox.
        else if (screen === 'lab' && !ID.test(word ?? ''))
          out.push({
            message: `link "${shown}" names no lab: write #/lab/ID, with a lab's id (e.g. #/lab/01-why-flush), and /STEP to open a step`,
            line,
          });
      }
    } else if (t.type === 'image') {
      out.push({
        message: 'images are not shown in lab prose (nothing is loaded from outside)',
        line: lineAt(t.raw),
      });
    }
  });
  // One mistake once: <script>…</script> is two HTML tokens (the tag and its end) with the same words.
  return out.filter((p, i) => out.findIndex((q) => q.message === p.message && q.line === p.line) === i);
}

/** Whether decodeURIComponent reads `part` (a broken %-escape throws). */
function decodes(part: string): boolean {
  try {
    decodeURIComponent(part);
    return true;
  } catch {
    return false;
  }
}

/** The variant a message is about: `n=2, site=stop_this_cpu`, each value cut when long. */
function valuesSaid(names: readonly string[], values: ParamValues): string {
  return names.map((n) => `${n}=${cut(String(values[n]))}`).join(', ');
}

/** ` (did you mean x?)` when a mistyped name is close to one of `names`. */
function nearly(got: unknown, names: readonly string[]): string {
  const near = typeof got === 'string' && got.length <= SHOWN_MAX ? closest(got, names) : undefined;
  return near ? ` (did you mean ${near}?)` : '';
}

/** `; did you mean x?`, inside a parenthesis that says what was written. */
function didYouMean(got: unknown, names: readonly string[]): string {
  const near = typeof got === 'string' && got.length <= SHOWN_MAX ? closest(got, names) : undefined;
  return near ? `; did you mean ${near}?` : '';
}

/** A range as written in lab.yaml: `[1, n-1]`. */
const rangeSaid = (r: readonly unknown[]) => `[${r.map((b) => String(b)).join(', ')}]`;

/**
 * An exercise's parameter combinations as validation sees them: the variants a value with {{name}} in it
 * is checked in (null when the params are unsound: such values are then checked once they are).
 */
type Variants = ParamValues[] | null;

/**
 * Checks one value in every variant: `problem` says what is wrong with a concrete value (null when
 * sound). A value with {{name}} is checked with each combination substituted, and reported once.
 */
function checkValue(
  e: Errors,
  field: string,
  raw: unknown,
  variants: Variants,
  problem: (v: unknown) => string | null,
): void {
  // A text with {{params}}, or a list holding one (expect): checked once substituted, in every variant.
  const templated = JSON.stringify(raw)?.includes('{{') ?? false;
  if (!templated) {
    const p = problem(raw);
    if (p) e.add(field, p);
    return;
  }
  for (const values of variants ?? []) {
    const v = substitute(raw, values);
    // A name no parameter declares is said once, by the exercise's own check of its {{names}}.
    if (JSON.stringify(v)?.includes('{{')) return;
    const p = problem(v);
    if (p) {
      e.add(field, `${p} when ${valuesSaid([...new Set(placeholders(JSON.stringify(raw)))], values)}`);
      return;
    }
  }
}

const isCpu = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** A CPU number, or K (the kexec-ing CPU of the run) where the engine reads it. */
const cpuProblem =
  (k: boolean) =>
  (v: unknown): string | null =>
    isCpu(v) || (k && v === 'K')
      ? null
      : `must be a CPU number${k ? ' or K (the kexec-ing CPU of the run)' : ''} (got ${said(v)})${
          !k && v === 'K'
            ? ': K (the kexec-ing CPU) is read only in wbinvd, no_wbinvd, flag_at_start and step matches'
            : ''
        }`;

// "without quotes" only for 'true'/'false' in quotes: yes or on, written bare, is a text YAML 1.2 reads
// as is, and the fix is to write true or false.
const boolProblem = (v: unknown): string | null =>
  typeof v === 'boolean'
    ? null
    : `must be true or false (got ${said(v)}${
        typeof v !== 'string'
          ? ''
          : /^(true|false)$/i.test(v.trim())
            ? ', a text: write it without quotes'
            : ', a text: write true or false'
      })`;

/** `must be one of …`, a long text cut: what was written is echoed, and measured against each name. */
const notOneOf = (v: unknown, names: readonly (string | null)[]): string =>
  oneOf(typeof v === 'string' ? cut(v) : v, names);

const namedProblem =
  (names: readonly (string | null)[]) =>
  (v: unknown): string | null =>
    names.includes(v as string) ? null : notOneOf(v, names);

/** A mapping's fields: unknown keys refused with the allowed list, required ones asked for. */
function fields(
  e: Errors,
  raw: unknown,
  f: string,
  allowed: string[],
  required: string[],
  shape: string,
): raw is Obj {
  if (!isObj(raw)) {
    e.add(f, `must be a mapping ${shape} (got ${said(raw)})`);
    return false;
  }
  unknownKeys(e, raw, f, allowed);
  for (const k of required) if (raw[k] === undefined) e.add(f, `needs ${k}: write it as ${shape}`);
  return true;
}

const CLAIM_SHAPES: Record<string, string> = {
  wbinvd: '{ cpu?, site?, phase?, via? }',
  no_wbinvd: '{ cpu?, site?, phase?, via? }',
  flag_at_start: '{ cpu, value }',
  step_before: '{ first: match, then: match }',
  stopped: '{ cpu, how }',
};

/** Checks a choose option's claim: its one kind, its fields and their values against the model's names. */
function checkClaim(e: Errors, claim: unknown, g: string, variants: Variants): void {
  if (!isObj(claim) || Object.keys(claim).length !== 1 || !CLAIMS.includes(Object.keys(claim)[0] as string)) {
    const keys = isObj(claim) ? Object.keys(claim) : [];
    e.add(
      g,
      `must be one of ${CLAIMS.join(', ')}, as a mapping with one key${
        keys.length === 1
          ? ` (got ${cut(keys[0] as string)}${didYouMean(keys[0], CLAIMS)})`
          : keys.length
            ? ` (got ${cut(keys.join(', '))})`
            : ''
      }`,
    );
    return;
  }
  const [kind, body] = Object.entries(claim)[0] as [string, unknown];
  const f = `${g}.${kind}`;
  const shape = CLAIM_SHAPES[kind] ?? '';
  switch (kind) {
    case 'wbinvd':
    case 'no_wbinvd':
      if (!fields(e, body, f, ['cpu', 'site', 'phase', 'via'], [], shape)) return;
      if (body.cpu !== undefined) checkValue(e, `${f}.cpu`, body.cpu, variants, cpuProblem(true));
      if (body.site !== undefined)
        checkValue(e, `${f}.site`, body.site, variants, namedProblem(WBINVD_SITES));
      if (body.phase !== undefined) checkValue(e, `${f}.phase`, body.phase, variants, namedProblem(PHASES));
      if ('via' in body) checkValue(e, `${f}.via`, body.via, variants, namedProblem(VIAS));
      return;
    case 'flag_at_start':
      if (!fields(e, body, f, ['cpu', 'value'], ['cpu', 'value'], shape)) return;
      if (body.cpu !== undefined) checkValue(e, `${f}.cpu`, body.cpu, variants, cpuProblem(true));
      if (body.value !== undefined) checkValue(e, `${f}.value`, body.value, variants, boolProblem);
      return;
    case 'stopped':
      if (!fields(e, body, f, ['cpu', 'how'], ['cpu', 'how'], shape)) return;
      if (body.cpu !== undefined) checkValue(e, `${f}.cpu`, body.cpu, variants, cpuProblem(false));
      if (body.how !== undefined) checkValue(e, `${f}.how`, body.how, variants, namedProblem(STOP_METHODS));
      return;
    case 'step_before':
      if (!fields(e, body, f, ['first', 'then'], ['first', 'then'], shape)) return;
      if (body.first !== undefined) checkMatch(e, body.first, `${f}.first`, variants);
      if (body.then !== undefined) checkMatch(e, body.then, `${f}.then`, variants);
      return;
    case 'relocate_flag':
      return checkValue(e, f, body, variants, namedProblem(RELOCATE_FLAGS));
    case 'outcome':
      return checkValue(e, f, body, variants, namedProblem(OUTCOMES));
    case 'host_mem_enc_active':
    case 'corrupted':
      return checkValue(e, f, body, variants, boolProblem);
    case 'race':
    case 'kexec_cpu':
      return checkValue(e, f, body, variants, cpuProblem(false));
  }
}

/** Every {{name}} in an exercise must be one of its params: a mistyped one would reach the student as is. */
function undeclaredNames(e: Errors, raw: Obj, f: string, declared: string[]): void {
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'string') {
      for (const n of new Set(placeholders(v)))
        if (!declared.includes(n))
          e.add(
            path,
            `{{${cut(n)}}} names no parameter of this exercise${
              declared.length
                ? ` (its params: ${declared.join(', ')})${nearly(n, declared)}`
                : ' (it has no params)'
            }: declare ${n} under params, or fix the name`,
          );
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (isObj(v))
      for (const [k, x] of Object.entries(v)) {
        walk(k, `${path}.${k}`);
        walk(x, `${path}.${k}`);
      }
  };
  // The title is the same for every student: it has a message of its own.
  for (const [k, v] of Object.entries(raw)) if (k !== 'params' && k !== 'title') walk(v, `${f}.${k}`);
}

/**
 * What boundProblem would say of a bound in words not the author's: .inf as "Infinity", a long text in
 * full. Null for any other bound.
 */
function unreadableBound(b: unknown): string | null {
  if (typeof b === 'number' && !Number.isFinite(b)) return `bound ${said(b)}: write a whole number`;
  if (typeof b === 'string' && b.length > SHOWN_MAX)
    return `bound ${said(b)} is neither a whole number nor an earlier parameter plus or minus a whole number: write e.g. 3, n or n-1`;
  return null;
}

/**
 * An exercise's params: each `{ values: [...] }` or `{ range: [lo, hi] }`, a bound a whole number or an
 * earlier parameter plus or minus one, and no range empty for any values of the parameters it names.
 * Every problem is the params entry's, at its line. Returns the params and their combinations (the
 * first MAX_COMBINATIONS) when sound.
 */
function checkParams(
  e: Errors,
  raw: unknown,
  f: string,
): { params?: Record<string, ParamSpec>; sound: boolean; variants: Variants } {
  if (raw === undefined) return { sound: true, variants: [{}] };
  if (!isObj(raw)) {
    e.add(`${f}.params`, 'must map names to { values: [...] } or { range: [lo, hi] }');
    return { sound: false, variants: null };
  }
  const names = Object.keys(raw);
  const params: Record<string, ParamSpec> = {};
  let sound = true;
  names.forEach((name, i) => {
    const g = `${f}.params.${name}`;
    const spec = raw[name];
    const bad = (message: string) => {
      e.add(g, message);
      sound = false;
    };
    if (!/^[a-z_]\w*$/.test(name)) {
      // `Start` or `cpu-count`: the name it can be, to write here and in each {{…}} that uses it.
      const near = name.toLowerCase().replace(/[^\w]+/g, '_');
      return bad(
        `a parameter name is a lowercase letter or _ and then letters, digits or _ (got ${said(name)}): ${
          /^[a-z_]\w*$/.test(near)
            ? `rename it ${near}, here and in each {{…}} that uses it`
            : 'e.g. start, n'
        }`,
      );
    }
    if (!isObj(spec) || (spec.values === undefined) === (spec.range === undefined))
      return bad('must be { values: [...] } or { range: [lo, hi] }');
    for (const k of Object.keys(spec))
      if (k !== 'values' && k !== 'range') bad(`unknown key ${k} (allowed: values or range)`);
    if (spec.values !== undefined) {
      if (!Array.isArray(spec.values) || spec.values.length === 0)
        return bad('values must be a non-empty list, e.g. { values: [1, 2, 3] }');
      if (!spec.values.every((v) => typeof v === 'number' || typeof v === 'string'))
        return bad('values must be numbers or texts');
      // A .nan value would reach the scenario and the key as NaN, where no check names it for what it is.
      const nonFinite = spec.values.find((v) => typeof v === 'number' && !Number.isFinite(v));
      if (nonFinite !== undefined)
        return bad(`values must be finite numbers or texts (got ${said(nonFinite)})`);
      // A text value is put into the prompt, the options and the keys `labs keys` prints.
      const k = spec.values.findIndex((v) => typeof v === 'string' && controlProblem(v));
      if (k >= 0) return bad(`values[${k}] ${controlProblem(spec.values[k] as string) as string}`);
    } else {
      if (!Array.isArray(spec.range) || spec.range.length !== 2)
        return bad('range must be two bounds, [lo, hi], e.g. { range: [1, 3] } or { range: [0, n-1] }');
      for (const b of spec.range) {
        const p = unreadableBound(b) ?? boundProblem(b, name, names.slice(0, i), names.slice(i + 1));
        if (p) bad(p);
      }
    }
    params[name] = spec as ParamSpec;
  });
  if (!sound) return { params, sound, variants: null };
  const c = combinations(params);
  if (c.empty) {
    const spec = params[c.empty.param] as { range: [number | string, number | string] };
    const named = spec.range.flatMap((b) =>
      typeof b === 'string' ? [/^\$?([a-z_]\w*)/.exec(b.trim())?.[1] as string] : [],
    );
    const when = named.map((n) => `${n}=${String(c.empty?.given[n])}`).join(', ');
    const { lo, hi } = c.empty;
    e.add(
      `${f}.params.${c.empty.param}`,
      Number.isNaN(lo) || Number.isNaN(hi)
        ? `range ${rangeSaid(spec.range)} has a bound that is not a number when ${when}: a bound may name only a parameter whose values are numbers`
        : named.length
          ? `range ${rangeSaid(spec.range)} is empty when ${when} (from ${lo} to ${hi}): every value of ${named.join(' and ')} must leave it at least one value`
          : `range ${rangeSaid(spec.range)} is empty: its low bound is above its high bound (write [${hi}, ${lo}])`,
    );
    return { params, sound: false, variants: null };
  }
  return { params, sound: true, variants: c.list };
}

function checkScenario(
  e: Errors,
  raw: unknown,
  f: string,
  params: Record<string, ParamSpec> | undefined,
  exercise?: { sound: boolean; variants: Variants; kind: string },
): Obj | undefined {
  if (!isObj(raw)) {
    e.add(f, 'must be a scenario mapping (kernel, platform, ...)');
    return undefined;
  }
  // With unsound params a {{name}} has no value yet: the params entry says what is wrong, not the scenario.
  if (exercise && !exercise.sound && JSON.stringify(raw).includes('{{')) return raw;
  // With params, check the first variant (labs check walks them all).
  const concrete = params ? instantiate(raw, params, 0).scenario : raw;
  const r = validateScenario(concrete);
  if (!r.ok) for (const issue of r.issues) e.add(`${f}.${issue.field}`, issue.message);
  if (!exercise) return raw;
  const variants = (exercise.variants ?? [{}]).map((v) => substitute(raw, v));
  // The domain notes: Hygon is [INF] from the code and [UNVERIFIED] on real parts, "do not grade on it".
  if (variants.some((v) => isObj(v.platform) && v.platform.vendor === 'hygon'))
    e.add(
      `${f}.platform.vendor`,
      'hygon is modelled from the code only ([INF], and [UNVERIFIED] on real parts): a step may show it, an exercise may not grade on it',
    );
  // An exercise's key is read off the faithful model; a broken one is find_bug's to draw, from `mutants`.
  if (variants.some((v) => v.mutant !== undefined && v.mutant !== null))
    e.add(
      `${f}.mutant`,
      exercise.kind === 'find_bug'
        ? "a find_bug exercise's scenario is the faithful model, which the student compares with the broken one drawn from its mutants list: remove mutant here and list the mutant under mutants"
        : "an exercise's answer is read off the faithful model, never a broken one: remove mutant (a find_bug exercise draws one from its mutants list; a step's scenario may show one)",
    );
  return raw;
}

/** Checks a step match (order items, predict anchor and options, step_before): its keys and their values. */
function checkMatch(e: Errors, raw: unknown, f: string, variants: Variants): StepMatch | undefined {
  if (!isObj(raw) || Object.keys(raw).length === 0) {
    e.add(
      f,
      'must match a step by fn, kind, cpu and/or site, e.g. { fn: stop_this_cpu, kind: report, cpu: 2 }',
    );
    return undefined;
  }
  unknownKeys(e, raw, f, ['fn', 'kind', 'cpu', 'site']);
  if (raw.fn !== undefined)
    checkValue(e, `${f}.fn`, raw.fn, variants, (v) =>
      STEP_FNS.includes(v as string)
        ? null
        : `names no step of the model (got ${said(v)}${didYouMean(v, STEP_FNS)}): fn is a kernel function as flushpoint simulate prints it, one of ${STEP_FNS.join(', ')}`,
    );
  if (raw.kind !== undefined) checkValue(e, `${f}.kind`, raw.kind, variants, namedProblem(STEP_KINDS));
  if (raw.cpu !== undefined) checkValue(e, `${f}.cpu`, raw.cpu, variants, cpuProblem(true));
  if (raw.site !== undefined) checkValue(e, `${f}.site`, raw.site, variants, namedProblem(WBINVD_SITES));
  return raw as StepMatch;
}

/** How many former wordings an option or item may list. */
const MAX_WAS = 10;

/**
 * An option's or item's former wordings (`was`), read: a list of texts, each as long as the text may be.
 * Spread into the option read, so that an option without them has no `was` key.
 */
function formerWordings(e: Errors, o: Obj, g: string, max: number): { was?: string[] } {
  if (o.was === undefined) return {};
  const f = `${g}.was`;
  const list = Array.isArray(o.was) ? (o.was as unknown[]) : null;
  if (!list || list.length === 0 || list.length > MAX_WAS) {
    e.add(f, `must be a list of 1 to ${MAX_WAS} texts: the option's former wordings`);
    return {};
  }
  const was = list.map((w, k) => {
    if (typeof w !== 'string' || !w.trim()) e.add(`${f}[${k}]`, `is required text${notTextSaid(w, '-')}`);
    else if (w.length > max) e.add(`${f}[${k}]`, `is too long (at most ${max} characters)`);
    else {
      const control = controlProblem(w);
      if (control) e.add(`${f}[${k}]`, control);
    }
    return typeof w === 'string' ? w : '';
  });
  return { was };
}

/**
 * No former wording (`was`) may read as another option's text or former wording, nor as its own text: a
 * saved answer naming it could not be told to one option.
 */
function wordingsApart(e: Errors, list: unknown[], f: string, name: string, key: string): void {
  const owner = new Map<string, number>();
  list.forEach((o, j) => {
    if (isObj(o) && typeof o[key] === 'string') owner.set(asRead(o[key]), j);
  });
  list.forEach((o, j) => {
    if (!isObj(o) || !Array.isArray(o.was)) return;
    o.was.forEach((w, k) => {
      if (typeof w !== 'string' || !asRead(w)) return;
      const at = owner.get(asRead(w));
      const g = `${f}.${name}[${j}].was[${k}]`;
      if (at === j) e.add(g, `reads as this ${name.slice(0, -1)}'s own ${key}: leave it out`);
      else if (at !== undefined)
        e.add(
          g,
          `reads as ${name}[${at}]'s ${key} or a former wording of it: a saved answer could not tell them apart`,
        );
      else owner.set(asRead(w), j);
    });
  });
}

/**
 * The entries of a list a student picks from (choose and predict options, order items) must read
 * differently: two with the same text (once spaces are set aside) cannot be told apart, so which one is
 * meant is a guess. Each repeat is named at its own field with the entry it repeats; a text with
 * {{params}} is compared in every variant, and the first variant where two read the same is named.
 */
function sameTexts(
  e: Errors,
  list: unknown[],
  f: string,
  name: string,
  key: string,
  variants: Variants,
): void {
  const texts = list.map((o) => (isObj(o) && typeof o[key] === 'string' ? o[key] : null));
  const fix = 'a student could not tell the two apart; reword one';
  texts.forEach((t, j) => {
    if (t === null || !asRead(t)) return;
    const g = `${f}.${name}[${j}].${key}`;
    const same = texts.findIndex((u, i) => i < j && u !== null && asRead(u) === asRead(t));
    if (same >= 0) return e.add(g, `the same ${key} as ${name}[${same}]: ${fix}`);
    // Texts without {{params}} read the same in every variant: compared above.
    if (!texts.slice(0, j + 1).some((u) => u?.includes('{{'))) return;
    for (const values of variants ?? []) {
      const read = (u: string) => asRead(String(substitute(u, values)));
      const k = texts.findIndex((u, i) => i < j && u !== null && asRead(u) && read(u) === read(t));
      if (k < 0) continue;
      const used = [...new Set([...placeholders(texts[k] as string), ...placeholders(t)])].filter(
        (n) => n in values,
      );
      return e.add(
        g,
        `the same ${key} as ${name}[${k}]${used.length ? ` when ${valuesSaid(used, values)}` : ''}: ${fix}`,
      );
    }
  });
}

/** An option's misconception: an id of the catalogue, the nearest ones shown with their text when it is not one. */
/** A grid's `misconceptions`: a mapping of its own sites to catalogued misconception ids. */
function gridMisconceptions(
  e: Errors,
  raw: unknown,
  f: string,
  sites: unknown,
): Record<string, string> | undefined {
  if (raw === undefined) return undefined;
  if (!isObj(raw) || Object.keys(raw).length === 0) {
    e.add(
      f,
      `must map sites of the grid to misconception ids, e.g. { stop_this_cpu: kdump-remotes-stc }${gotSaid(raw)}`,
    );
    return undefined;
  }
  for (const [site, id] of Object.entries(raw)) {
    if (Array.isArray(sites) && !sites.includes(site))
      e.add(`${f}.${site}`, `names no site of this grid (its sites: ${(sites as string[]).join(', ')})`);
    if (!(typeof id === 'string' && Object.hasOwn(MISCONCEPTIONS, id)))
      e.add(`${f}.${site}`, misconceptionUnknown(id));
  }
  return raw as Record<string, string>;
}

function checkMisconception(e: Errors, o: Obj, g: string): void {
  if (o.misconception === undefined) return;
  if (typeof o.misconception === 'string' && Object.hasOwn(MISCONCEPTIONS, o.misconception)) return;
  e.add(`${g}.misconception`, misconceptionUnknown(o.misconception));
}

/** An id no misconception of the catalogue has, with the nearest ones and what each says. */
const misconceptionUnknown = (id: unknown): string =>
  unknownIdText('misconception', id, MISCONCEPTIONS, (m) => `"${cut(MISCONCEPTIONS[m] ?? '')}"`);

/** How many catalogue entries an unknown id's message shows, with what each says: all would be pages. */
const NEAR_SHOWN = 4;

/** A fact as a message shows it beside its id: `false [SRC]: "In kdump, …"`, so an opposite shows as one. */
const factSaid = (id: string): string => {
  const f = FACTS[id];
  return f ? `${String(f.truth)} [${f.evidence}]: "${cut(f.statement)}"` : '';
};

/** The "no", "not", "never"… of an id, if it has one: a near id without it may state the opposite. */
const negation = (id: string): string | undefined => /(?:^|-)(no|not|never|without|non)(?:-|$)/.exec(id)?.[1];

/**
 * An unknown fact or misconception id: the nearest one (when it looks like a typo) and a few others near
 * it, each with what it says (a fact with its truth and evidence: an id one word away may be its
 * opposite), and the file holding them all; every id, when none is near.
 */
function unknownIdText(
  what: 'fact' | 'misconception',
  got: unknown,
  catalogue: Record<string, unknown>,
  text: (id: string) => string,
): string {
  const ids = Object.keys(catalogue);
  const file = `src/lab/${what === 'fact' ? 'facts' : 'misconceptions'}.ts`;
  const typed = typeof got === 'string' && got.length <= SHOWN_MAX ? got : undefined;
  const near = typed === undefined ? undefined : closest(typed, ids);
  const others = (typed === undefined ? [] : nearest(typed, ids, NEAR_SHOWN))
    .filter((id) => id !== near)
    .slice(0, near ? NEAR_SHOWN - 1 : NEAR_SHOWN);
  if (!near && !others.length)
    return `unknown ${what} ${said(got)}: the ids (${file}, each with its ${what === 'fact' ? 'statement, truth and evidence' : 'text'}) are ${ids.join(', ')}`;
  const mine = typed === undefined ? undefined : negation(typed);
  const theirs = near === undefined ? undefined : negation(near);
  const opposite =
    near === undefined || mine === theirs
      ? ''
      : mine
        ? ` ${near} has no "${mine}": it may say the opposite of what you mean`
        : ` ${near} has a "${theirs}" yours has not: it may say the opposite of what you mean`;
  return [
    `unknown ${what} ${said(got)}`,
    near ? ` (did you mean ${near} (${text(near)})?${opposite})` : '',
    others.length
      ? `; ${near ? 'others near it' : 'the nearest'}: ${others.map((id) => `${id} (${text(id)})`).join(', ')}`
      : '',
    `; all ${ids.length}, each with its ${what === 'fact' ? 'statement, truth and evidence' : 'text'}: ${file}`,
  ].join('');
}

/**
 * A find_bug's `decoys`: broken rules offered as options but never drawn. Each a known mutant, listed once,
 * and none among the exercise's `mutants` (it would be drawn, and offered twice). Undefined when absent.
 */
function checkDecoys(e: Errors, decoys: unknown, mutants: unknown[], f: string): string[] | undefined {
  if (decoys === undefined) return undefined;
  const field = `${f}.decoys`;
  if (!Array.isArray(decoys)) {
    e.add(field, `must be a list of mutant ids, such as [global_flag]${gotSaid(decoys)}`);
    return undefined;
  }
  const unknown = decoys.filter((d) => !MUTANTS.includes(d as never));
  if (unknown.length)
    e.add(
      field,
      `must list mutant ids, each one of ${MUTANTS.join(', ')}${unknown.map((d) => ` (got ${said(d)}${didYouMean(d, MUTANTS)})`).join('')}`,
    );
  const twice = decoys.filter((d, i) => decoys.indexOf(d) !== i);
  if (twice.length)
    e.add(
      field,
      `lists ${[...new Set(twice)].map(String).join(', ')} more than once: each decoy is one option, so list it once`,
    );
  const drawn = decoys.filter((d, i) => mutants.includes(d) && decoys.indexOf(d) === i);
  if (drawn.length)
    e.add(
      field,
      `lists ${drawn.map(String).join(', ')}, also under mutants: a decoy is offered but never drawn, so list it under one of the two`,
    );
  return decoys as string[];
}

function checkExercise(e: Errors, raw: unknown, f: string, line: number | undefined): Exercise | undefined {
  if (!isObj(raw)) {
    e.add(f, 'must be a mapping with id, kind, prompt');
    return undefined;
  }
  const kind = raw.kind;
  if (typeof kind !== 'string' || !KINDS.includes(kind)) {
    e.add(`${f}.kind`, notOneOf(kind, KINDS));
    return undefined;
  }
  const common = ['id', 'kind', 'title', 'prompt', 'points', 'hints', 'params', 'scenario', 'same_answer'];
  // No expect for find_bug (each student draws a mutant) or explain (never graded).
  const extra: Record<string, string[]> = {
    choose: ['multiple', 'options', 'expect'],
    grid: ['sites', 'phases', 'misconceptions', 'expect'],
    order: ['items', 'unordered', 'must', 'expect'],
    predict: ['after', 'options', 'expect'],
    find_bug: ['mutants', 'decoys'],
    explain: ['model_answer'],
  };
  // An expect on a kind whose key is not the author's: what it would be instead of the allowed list.
  if ((kind === 'find_bug' || kind === 'explain') && 'expect' in raw) {
    e.add(
      `${f}.expect`,
      kind === 'find_bug'
        ? 'a find_bug exercise has no expect: its key is the mutant each student draws (flushpoint labs keys lists them): remove it'
        : 'an explain exercise has no expect: it is never graded (write the answer you would give under model_answer): remove it',
    );
  }
  unknownKeys(e, raw, f, [
    ...common,
    ...(extra[kind] ?? []),
    ...(kind === 'find_bug' || kind === 'explain' ? ['expect'] : []),
  ]);
  const id =
    typeof raw.id === 'string' && ID.test(raw.id) ? raw.id : (e.add(`${f}.id`, badExerciseIdText(raw)), 'x');
  const title = raw.title === undefined ? undefined : text(e, raw, 'title', 60, f);
  // A title names the exercise in the list and in results: the same for every student, so no parameters.
  if (title?.includes('{{')) e.add(`${f}.title`, 'is the same for every student: it cannot use {{params}}');
  const prompt = text(e, raw, 'prompt', 2000, f);
  // A lab written when points defaulted to 1 (and an explain's were ignored) still loads for its students:
  // `labs check` asks the author to say it (checkLab), the app does not drop the lab over it.
  const points = kind === 'explain' ? 0 : raw.points === undefined ? 1 : raw.points;
  // Not `points < 0 || points > 20` alone: .nan passes both, and would grade every answer NaN.
  if (!isFiniteNumber(points) || points < 0 || points > 20)
    e.add(`${f}.points`, `must be a number from 0 to 20 (got ${said(points)})`);
  // Scores are kept to a thousandth: 0.1234 points could never be scored in full.
  else if (Math.abs(points * 100 - Math.round(points * 100)) > 1e-9)
    e.add(`${f}.points`, `may have at most two decimals, such as 2.5 or 0.25 (got ${said(points)})`);
  const hints = raw.hints === undefined ? [] : raw.hints;
  if (!Array.isArray(hints)) e.add(`${f}.hints`, `must be a list of texts${gotSaid(hints)}`);
  else
    hints.forEach((h: unknown, j: number) => {
      if (typeof h !== 'string') return e.add(`${f}.hints[${j}]`, `must be a text${notTextSaid(h, '-')}`);
      // Opened after a wrong try, an empty hint costs the student credit and says nothing.
      if (!h.trim()) e.add(`${f}.hints[${j}]`, 'is empty: write the hint, or remove the entry');
      const control = controlProblem(h);
      if (control) e.add(`${f}.hints[${j}]`, control);
    });
  if (raw.same_answer !== undefined) {
    const p = boolProblem(raw.same_answer);
    if (p) e.add(`${f}.same_answer`, p);
    else if (raw.params === undefined)
      e.add(
        `${f}.same_answer`,
        'says every variant has the same answer, but the exercise has no params: remove it',
      );
  }
  const checkedParams = checkParams(e, raw.params, f);
  const { params, variants } = checkedParams;
  undeclaredNames(e, raw, f, isObj(raw.params) ? Object.keys(raw.params) : []);
  const needsScenario = kind !== 'explain' && kind !== 'choose';
  if (needsScenario && raw.scenario === undefined)
    e.add(`${f}.scenario`, `a ${kind} exercise needs a scenario`);
  const scenario =
    raw.scenario === undefined
      ? undefined
      : checkScenario(e, raw.scenario, `${f}.scenario`, checkedParams.sound ? params : undefined, {
          ...checkedParams,
          kind,
        });
  const base = {
    id,
    ...(title ? { title } : {}),
    prompt,
    points: points as number,
    hints: hints as string[],
    ...(params ? { params } : {}),
    ...(raw.same_answer === true ? { same_answer: true } : {}),
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
        unknownKeys(e, o, g, ['text', 'claim', 'fact', 'explain', 'why_not', 'misconception', 'was']);
        if ((o.claim === undefined) === (o.fact === undefined))
          e.add(g, 'needs exactly one of claim (checked on the run) or fact (from the facts catalogue)');
        if (o.claim !== undefined) {
          checkClaim(e, o.claim, `${g}.claim`, variants);
          if (raw.scenario === undefined)
            e.add(`${g}.claim`, 'a claim needs the exercise to have a scenario');
        }
        if (o.fact !== undefined && !(typeof o.fact === 'string' && Object.hasOwn(FACTS, o.fact))) {
          e.add(`${g}.fact`, unknownIdText('fact', o.fact, FACTS, factSaid));
        }
        checkMisconception(e, o, g);
        return {
          text: text(e, o, 'text', 400, g),
          explain: text(e, o, 'explain', 1200, g),
          ...(o.why_not !== undefined ? { why_not: text(e, o, 'why_not', 1200, g) } : {}),
          ...(o.claim ? { claim: o.claim } : {}),
          ...(o.fact ? { fact: o.fact } : {}),
          ...(o.misconception ? { misconception: o.misconception } : {}),
          ...formerWordings(e, o, g, 400),
        };
      });
      // A list of option indexes; a single index is read as a list of one.
      const expect =
        raw.expect === undefined ? undefined : Array.isArray(raw.expect) ? raw.expect : [raw.expect];
      // With no options, the options' own error says what to do; "0 to -1" would only confuse.
      if (expect && opts.length > 0)
        checkValue(e, `${f}.expect`, expect, variants, (x) =>
          (x as unknown[]).every(
            (i) => Number.isInteger(i) && (i as number) >= 0 && (i as number) < opts.length,
          )
            ? null
            : `must list the true options' indexes, 0-based (0 to ${opts.length - 1}), e.g. [0] or [0, 2] (got ${said(Array.isArray(raw.expect) ? x : (x as unknown[])[0])})`,
        );
      // Read as `=== true` alone, `multiple: 'true'` (or yes in quotes) would be a single choice, unsaid.
      if (raw.multiple !== undefined) {
        const p = boolProblem(raw.multiple);
        if (p) e.add(`${f}.multiple`, p);
      }
      sameTexts(e, opts, f, 'options', 'text', variants);
      wordingsApart(e, opts, f, 'options', 'text');
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
      else if (new Set(sites).size !== sites.length)
        // A site listed twice is a column twice: its cells would count double in the score.
        e.add(
          `${f}.sites`,
          `lists ${sites.find((x, i) => sites.indexOf(x) !== i) as string} twice: list each site once`,
        );
      if (raw.phases !== undefined) {
        if (!Array.isArray(raw.phases) || raw.phases.length === 0)
          e.add(
            `${f}.phases`,
            `must list phases among ${PHASES.join(', ')} (leave it out to count every phase)`,
          );
        else
          raw.phases.forEach((ph: unknown, j: number) =>
            checkValue(e, `${f}.phases[${j}]`, ph, variants, namedProblem(PHASES)),
          );
      }
      if (raw.expect !== undefined)
        checkValue(e, `${f}.expect`, raw.expect, variants, (x) => {
          const bad = Array.isArray(x)
            ? x.find(
                (c) =>
                  !(
                    typeof c === 'string' &&
                    /^\d+:\w+$/.test(c) &&
                    (!Array.isArray(sites) || sites.includes(c.slice(c.indexOf(':') + 1)))
                  ),
              )
            : undefined;
          if (Array.isArray(x) && bad === undefined) return null;
          // In a long list, the cell at fault: a site the grid does not list, or no "cpu:site" text.
          const site =
            typeof bad === 'string' && /^\d+:\w+$/.test(bad) ? bad.slice(bad.indexOf(':') + 1) : null;
          const which = !Array.isArray(x)
            ? ''
            : site !== null
              ? `: ${said(bad)} names site ${said(site)}, which is not among this grid's sites (${(sites as string[]).join(', ')})`
              : `: ${said(bad)} is not a "cpu:site" text`;
          return `must list the flushed cells as "cpu:site" texts, each site one of the grid's sites, e.g. ['0:relocate_kernel', '1:stop_this_cpu'] (got ${said(x)})${which}`;
        });
      const misconceptions = gridMisconceptions(e, raw.misconceptions, `${f}.misconceptions`, sites);
      return {
        ...base,
        kind,
        scenario: scenario ?? {},
        sites: (sites ?? []) as never,
        ...(raw.phases ? { phases: raw.phases as string[] } : {}),
        ...(misconceptions ? { misconceptions } : {}),
        ...(raw.expect ? { expect: raw.expect as string[] } : {}),
      } as Exercise;
    }
    case 'order': {
      const items = Array.isArray(raw.items) ? raw.items : [];
      if (items.length < 3) e.add(`${f}.items`, 'needs at least three items');
      const parsed = items.map((it, j) => {
        const g = `${f}.items[${j}]`;
        if (!isObj(it)) return (e.add(g, 'must be { label, match }'), { label: '', match: {} });
        unknownKeys(e, it, g, ['label', 'match', 'was']);
        return {
          label: text(e, it, 'label', 200, g),
          match: checkMatch(e, it.match, `${g}.match`, variants) ?? {},
          ...formerWordings(e, it, g, 200),
        };
      });
      sameTexts(e, items, f, 'items', 'label', variants);
      wordingsApart(e, items, f, 'items', 'label');
      const unordered = itemPairs(e, raw.unordered, `${f}.unordered`, parsed.length);
      if (unordered.length) {
        const pairs = (parsed.length * (parsed.length - 1)) / 2;
        if (openPairs(unordered).size >= pairs) e.add(`${f}.unordered`, 'leaves no pair of items to grade');
      }
      const must = itemPairs(e, raw.must, `${f}.must`, parsed.length);
      const open = openPairs(unordered);
      const seen = new Set<string>();
      // Checked against the raw list, so each message names the entry at fault (must[j]) and its line.
      (Array.isArray(raw.must) ? raw.must : []).forEach((pair: unknown, j: number) => {
        if (!isItemPair(pair, parsed.length)) return;
        const [a, b] = pair;
        const k = pairKey(a, b);
        if (open.has(k))
          e.add(
            `${f}.must[${j}]`,
            `[${a}, ${b}] is also in unordered: the reference leaves its order open, so no answer can be required to get it right; remove it from one of the two lists`,
          );
        else if (seen.has(k))
          e.add(
            `${f}.must[${j}]`,
            `[${a}, ${b}] is listed twice (either way round it is the same pair): remove one`,
          );
        seen.add(k);
      });
      if (raw.expect !== undefined)
        checkValue(e, `${f}.expect`, raw.expect, variants, (x) =>
          Array.isArray(x) &&
          x.length === parsed.length &&
          parsed.every((_, i) => x.filter((y) => y === i).length === 1)
            ? null
            : `must list every item's index (0-based, 0 to ${parsed.length - 1}) once, in the order the trace runs the items: a reordering of [${parsed
                .map((_, i) => i)
                .join(', ')}] (got ${said(x)})`,
        );
      return {
        ...base,
        kind,
        scenario: scenario ?? {},
        items: parsed,
        ...(unordered.length ? { unordered } : {}),
        ...(must.length ? { must } : {}),
        ...(raw.expect ? { expect: raw.expect as number[] } : {}),
      } as Exercise;
    }
    case 'predict': {
      const after = checkMatch(e, raw.after, `${f}.after`, variants) ?? {};
      const opts = Array.isArray(raw.options) ? raw.options : [];
      if (opts.length < 2) e.add(`${f}.options`, 'needs at least two options');
      const options = opts.map((o, j) => {
        const g = `${f}.options[${j}]`;
        if (!isObj(o))
          return (e.add(g, 'must be { text, match, explain }'), { text: '', match: {}, explain: '' });
        unknownKeys(e, o, g, ['text', 'match', 'explain', 'why_not', 'misconception', 'was']);
        checkMisconception(e, o, g);
        return {
          text: text(e, o, 'text', 300, g),
          match: checkMatch(e, o.match, `${g}.match`, variants) ?? {},
          explain: text(e, o, 'explain', 1200, g),
          ...(o.why_not !== undefined ? { why_not: text(e, o, 'why_not', 1200, g) } : {}),
          ...(typeof o.misconception === 'string' ? { misconception: o.misconception } : {}),
          ...formerWordings(e, o, g, 300),
        };
      });
      sameTexts(e, opts, f, 'options', 'text', variants);
      wordingsApart(e, opts, f, 'options', 'text');
      if (raw.expect !== undefined && opts.length > 0)
        checkValue(e, `${f}.expect`, raw.expect, variants, (x) =>
          Number.isInteger(x) && (x as number) >= 0 && (x as number) < opts.length
            ? null
            : `must be the index of the one option that comes next, 0-based (0 to ${opts.length - 1}), a single number such as 0, not a list (got ${said(x)})`,
        );
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
        e.add(
          `${f}.mutants`,
          `must list two or more of ${MUTANTS.join(', ')}${
            Array.isArray(mutants)
              ? mutants
                  .filter((m) => !MUTANTS.includes(m as never))
                  .map((m) => ` (got ${said(m)}${didYouMean(m, MUTANTS)})`)
                  .join('')
              : ''
          }`,
        );
      else {
        const twice = mutants.filter((m, i) => mutants.indexOf(m) !== i);
        if (twice.length)
          e.add(
            `${f}.mutants`,
            `lists ${[...new Set(twice)].join(', ')} more than once: each student draws one, so list each mutant once`,
          );
      }
      const decoys = checkDecoys(e, raw.decoys, Array.isArray(mutants) ? mutants : [], f);
      return {
        ...base,
        kind,
        scenario: scenario ?? {},
        mutants: (mutants ?? []) as string[],
        ...(decoys ? { decoys } : {}),
      } as Exercise;
    }
    case 'explain':
      return { ...base, kind, points: 0, model_answer: text(e, raw, 'model_answer', 3000, f) } as Exercise;
  }
  return undefined;
}
