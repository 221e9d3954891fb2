/**
 * Scenario validation: from untrusted input (a parsed YAML/JSON file, or the sandbox form) to a Scenario
 * with defaults, or a list of issues that each name the field (`platform.sme`, `events[2].seamcall`).
 */
import {
  EVENT_KINDS,
  KERNELS,
  MAX_CPUS,
  MUTANTS,
  PATHS,
  SME_SUPPORT,
  STOP_BEHAVIOURS,
  VENDORS,
  WBINVD_SITES,
  eventKind,
  type Fault,
  type MutantId,
  type Scenario,
  type ScenarioEvent,
  type ScenarioIssue,
  type ScenarioResult,
  type StopBehaviour,
} from './scenario.ts';
import { escapeControls } from './text-encoding.ts';

const TOP_KEYS = [
  'kernel',
  'platform',
  'path',
  'start_cpu',
  'stop',
  'events',
  'seed',
  'reboot_cpu',
  'faults',
  'mutant',
];
const PLATFORM_KEYS = ['vendor', 'cpus', 'sme', 'snp_host', 'tdx', 'tdx_host_kernel', 'tdx_pw_mce'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** Past this many characters an echoed value is cut: a bad value may be a whole file pasted in by mistake. */
export const SHOWN_MAX = 80;

/** A number JSON cannot write (it says null), as YAML writes it. */
const yamlSpelling = (v: number): string => (Number.isNaN(v) ? '.nan' : v < 0 ? '-.inf' : '.inf');

/**
 * A number JSON cannot write, said for what it is: 1e400 is read as .inf, so the message says that it
 * is not a finite number rather than echo what was typed.
 */
const nonFinite = (v: number): string =>
  `${yamlSpelling(v)}, ${Number.isNaN(v) ? 'not a number' : 'not a finite number'}`;

/** JSON.stringify, with a number it cannot write inside a list or mapping spelt as YAML does ([.nan]). */
function json(v: unknown): string {
  const text = JSON.stringify(v, (_key, x: unknown) =>
    typeof x === 'number' && !Number.isFinite(x) ? `\u0000${yamlSpelling(x)}` : x,
  ) as string | undefined;
  return text === undefined ? String(v) : text.replace(/"\\u0000([^"]*)"/g, '$1');
}

/** Text cut to SHOWN_MAX characters, with an ellipsis, never in the middle of a character's two halves. */
export function cut(text: string): string {
  if (text.length <= SHOWN_MAX) return text;
  return `${text.slice(0, SHOWN_MAX - 1).replace(/[\uD800-\uDBFF]$/, '')}…`;
}

/**
 * A value as an error message echoes it (after "got"): as written where it can be, cut when long; a
 * control character escaped (`\x1b`), or an escape sequence in a file would act on the terminal.
 */
export function show(v: unknown): string {
  if (typeof v === 'number' && !Number.isFinite(v)) return nonFinite(v);
  return cut(typeof v === 'string' ? `"${escapeControls(v)}"` : json(v));
}

/** A key of the file as a step of a path: a mapping's key, or a list's index. */
export type KeyPath = readonly (string | number)[];

/**
 * The keys leading to the key an issue is about, for an issue about a key of the file itself (an unknown
 * key). Its field joins them with dots, which cannot tell a key "a.b" from a key b inside a: the parser
 * finds the line by these instead. Kept beside the issue, which stays the contract's shape.
 */
const keyPaths = new WeakMap<ScenarioIssue, KeyPath>();

/** The keys leading to the key `issue` is about, when it is about one (see keyPaths). */
export const issueKeyPath = (issue: ScenarioIssue): KeyPath | undefined => keyPaths.get(issue);

class Checker {
  readonly issues: ScenarioIssue[] = [];
  add(field: string, message: string, keyPath?: KeyPath): void {
    const issue = { field, message };
    if (keyPath) keyPaths.set(issue, keyPath);
    this.issues.push(issue);
  }
  oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T | undefined;
  oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[], fallback: T): T;
  oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[], fallback?: T): T | undefined {
    if (value === undefined) {
      if (fallback === undefined) this.add(field, `is required: one of ${allowed.join(', ')}`);
      return fallback;
    }
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    this.add(field, `must be one of ${allowed.join(', ')} (got ${show(value)})`);
    return fallback;
  }
  bool(field: string, value: unknown, fallback: boolean): boolean {
    if (value === undefined) return fallback;
    if (typeof value === 'boolean') return value;
    this.add(field, `must be true or false (got ${show(value)})`);
    return fallback;
  }
  unknownKeys(field: string, obj: Obj, allowed: readonly string[], at: KeyPath): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) {
        this.add(field ? `${field}.${key}` : key, `unknown key (allowed here: ${allowed.join(', ')})`, [
          ...at,
          key,
        ]);
      }
    }
  }
  /**
   * A CPU number of the platform. `cpus` undefined: platform.cpus is missing or wrong (and said so), so
   * the range is not known: a CPU is checked against the largest platform only, not against a count
   * that was never given (which made every CPU past 0 "out of range").
   */
  cpu(field: string, value: unknown, cpus: number | undefined): number | undefined {
    if (!isInt(value)) {
      this.add(field, `must be a CPU number (got ${show(value)})`);
      return undefined;
    }
    if (value < 0 || value >= (cpus ?? MAX_CPUS)) {
      this.add(
        field,
        cpus === undefined
          ? `CPU ${value} is out of range: a platform has at most ${MAX_CPUS} CPUs (0..${MAX_CPUS - 1})`
          : `CPU ${value} is out of range: this platform has CPUs 0..${cpus - 1}`,
      );
      return undefined;
    }
    return value;
  }
}

/** Validates untrusted input as a scenario, filling defaults; every issue names its field. */
export function validateScenario(input: unknown): ScenarioResult {
  const c = new Checker();
  if (!isObj(input)) {
    return {
      ok: false,
      issues: [
        { field: '(top level)', message: 'a scenario must be a mapping of keys (kernel, platform, ...)' },
      ],
    };
  }
  c.unknownKeys('', input, TOP_KEYS, []);
  const kernel = c.oneOf('kernel', input.kernel, KERNELS);
  const p = input.platform;
  if (!isObj(p)) {
    c.add(
      'platform',
      p === undefined ? 'is required (vendor, cpus, ...)' : 'must be a mapping (vendor, cpus, ...)',
    );
    return { ok: false, issues: c.issues };
  }
  c.unknownKeys('platform', p, PLATFORM_KEYS, ['platform']);
  const vendor = c.oneOf('platform.vendor', p.vendor, VENDORS);
  // The number of CPUs, when it is given right: CPU numbers elsewhere are checked against it.
  let known: number | undefined;
  if (p.cpus === undefined) c.add('platform.cpus', `is required: 1..${MAX_CPUS}`);
  else if (!isInt(p.cpus) || p.cpus < 1 || p.cpus > MAX_CPUS)
    c.add(
      'platform.cpus',
      `must be a whole number from 1 to ${MAX_CPUS} (got ${show(p.cpus)}${
        typeof p.cpus === 'string' && /^\d+$/.test(p.cpus.trim()) ? ', a text: write it without quotes' : ''
      })`,
    );
  else known = p.cpus;
  // Events are replayed over this many CPUs: with no count, over the largest platform.
  const cpus = known ?? MAX_CPUS;
  const sme = c.oneOf('platform.sme', p.sme, SME_SUPPORT, 'none');
  const snp = c.bool('platform.snp_host', p.snp_host, false);
  const tdx = c.bool('platform.tdx', p.tdx, false);
  // Row 4 of the reference's table: a kernel with TDX host support whose TDX was never initialised.
  const tdxHostKernel = c.bool('platform.tdx_host_kernel', p.tdx_host_kernel, tdx);
  const pwMce = c.bool('platform.tdx_pw_mce', p.tdx_pw_mce, false);
  if (vendor === 'intel' && sme !== 'none')
    c.add('platform.sme', 'SME is AMD only: use sme: none (or leave it out) on intel');
  if (vendor === 'intel' && snp) c.add('platform.snp_host', 'SEV-SNP is AMD only');
  if (vendor === 'hygon' && snp) c.add('platform.snp_host', 'SEV-SNP is modelled on AMD only');
  if (vendor === 'amd' && snp && sme === 'none')
    c.add('platform.snp_host', 'a SEV-SNP host needs SME: set sme to supported or active');
  if ((vendor === 'amd' || vendor === 'hygon') && tdx) c.add('platform.tdx', 'TDX is Intel only');
  else if ((vendor === 'amd' || vendor === 'hygon') && tdxHostKernel)
    c.add('platform.tdx_host_kernel', 'TDX host support is Intel only');
  if (tdx && !tdxHostKernel)
    c.add('platform.tdx_host_kernel', 'tdx: true needs a kernel built with TDX host support: leave this out');
  if (pwMce && !tdxHostKernel)
    c.add(
      'platform.tdx_pw_mce',
      'the partial-write erratum is detected only by a kernel built with TDX host support: set tdx_host_kernel: true (or tdx: true)',
    );
  const path = c.oneOf('path', input.path, PATHS, 'kexec');

  let seed = 1;
  if (input.seed !== undefined) {
    if (!isInt(input.seed) || input.seed < 0 || input.seed > 0xffffffff)
      c.add('seed', `must be a whole number from 0 to 4294967295 (got ${show(input.seed)})`);
    else seed = input.seed;
  }
  const rebootCpu = input.reboot_cpu === undefined ? 0 : (c.cpu('reboot_cpu', input.reboot_cpu, known) ?? 0);
  const startCpu = input.start_cpu === undefined ? 0 : c.cpu('start_cpu', input.start_cpu, known);

  // Events, replayed to know which CPUs are online and whether KVM is loaded at each point.
  const online = new Array<boolean>(cpus).fill(true);
  // The event that last took each CPU offline, to name when the start CPU is left offline by default.
  const offlinedBy = new Map<number, string>();
  let kvmLoaded = vendor === 'intel' && tdx;
  const events: ScenarioEvent[] = [];
  if (input.events !== undefined && !Array.isArray(input.events)) c.add('events', 'must be a list of events');
  const rawEvents = Array.isArray(input.events) ? input.events : [];
  rawEvents.forEach((raw, i) => {
    const field = `events[${i}]`;
    if (!isObj(raw) || Object.keys(raw).length !== 1) {
      c.add(field, `must be one key: ${EVENT_KINDS.join(', ')} (e.g. "- seamcall: 2")`);
      return;
    }
    const [key, value] = Object.entries(raw)[0] as [string, unknown];
    const f = `${field}.${key}`;
    if (!(EVENT_KINDS as readonly string[]).includes(key)) {
      c.add(f, `unknown event (allowed: ${EVENT_KINDS.join(', ')})`, ['events', i, key]);
      return;
    }
    if (key === 'kvm_unload') {
      if (value !== true) c.add(f, 'must be true');
      else {
        events.push({ kvm_unload: true });
        kvmLoaded = false;
      }
      return;
    }
    const cpu = c.cpu(f, value, known);
    if (cpu === undefined) return;
    const ev = { [key]: cpu } as ScenarioEvent;
    switch (eventKind(ev).kind) {
      case 'seamcall':
        if (vendor !== 'intel')
          return c.add(f, 'a SEAMCALL needs an Intel TDX host (platform.vendor: intel, platform.tdx: true)');
        if (!tdx) return c.add(f, 'a SEAMCALL needs the TDX module: set platform.tdx: true');
        if (!online[cpu]) return c.add(f, `CPU ${cpu} is offline at this point`);
        break;
      case 'kvm_disable':
        if (!online[cpu]) return c.add(f, `CPU ${cpu} is offline at this point`);
        if (!kvmLoaded && vendor === 'intel' && tdx) return c.add(f, 'KVM was unloaded earlier (kvm_unload)');
        break;
      case 'offline':
        if (!online[cpu]) return c.add(f, `CPU ${cpu} is already offline`);
        if (online.filter(Boolean).length === 1) return c.add(f, `CPU ${cpu} is the last online CPU`);
        online[cpu] = false;
        offlinedBy.set(cpu, f);
        break;
      case 'online':
        if (online[cpu]) return c.add(f, `CPU ${cpu} is already online`);
        online[cpu] = true;
        offlinedBy.delete(cpu);
        break;
      default:
        break;
    }
    events.push(ev);
  });
  if (startCpu !== undefined && !online[startCpu]) {
    const when = path === 'kdump' ? 'the panic happens' : 'kexec starts';
    if (input.start_cpu !== undefined)
      c.add('start_cpu', `CPU ${startCpu} is offline when ${when}: it cannot run it`);
    else
      c.add(
        offlinedBy.get(startCpu) ?? 'events',
        `CPU ${startCpu} is the start CPU (start_cpu is not given: CPU 0) and would be offline when ${when}: keep it online, or set start_cpu to an online CPU`,
      );
  }

  const stop: Record<string, StopBehaviour> = {};
  if (input.stop !== undefined && !isObj(input.stop))
    c.add('stop', 'must be a mapping of CPU number to in_time, irqs_off or late');
  if (isObj(input.stop)) {
    const k = online[rebootCpu] ? rebootCpu : online.indexOf(true);
    // The key each CPU was given under: "2" and "02" are two keys of the mapping but one CPU, and the
    // second would silently replace the first.
    const keyOf = new Map<number, string>();
    for (const [key, value] of Object.entries(input.stop)) {
      const f = `stop.${key}`;
      const cpu = /^\d+$/.test(key) ? Number(key) : NaN;
      if (!Number.isInteger(cpu)) {
        c.add(f, 'the key must be a CPU number', ['stop', key]);
        continue;
      }
      const first = keyOf.get(cpu);
      if (first !== undefined) {
        c.add(f, `CPU ${cpu} is given twice (as ${first} and as ${key}): keep one of them`, ['stop', key]);
        continue;
      }
      keyOf.set(cpu, key);
      if (c.cpu(f, cpu, known) === undefined) continue;
      const behaviour = c.oneOf(f, value, STOP_BEHAVIOURS);
      if (!behaviour) continue;
      if (!online[cpu]) c.add(f, `CPU ${cpu} is offline when kexec starts: it gets no REBOOT IPI`);
      else if (path === 'kexec' && cpu === k && behaviour !== 'in_time')
        c.add(f, `CPU ${cpu} is the kexec CPU (the reboot CPU): it stops the others and is not stopped`);
      else stop[String(cpu)] = behaviour;
    }
  }

  const faults: Fault[] = [];
  if (input.faults !== undefined && !Array.isArray(input.faults))
    c.add('faults', 'must be a list of { skip_wbinvd: { site, cpu } }');
  (Array.isArray(input.faults) ? input.faults : []).forEach((raw, i) => {
    const f = `faults[${i}]`;
    if (!isObj(raw) || !isObj(raw.skip_wbinvd) || Object.keys(raw).length !== 1) {
      c.add(f, 'must be { skip_wbinvd: { site, cpu } }');
      return;
    }
    const sk = raw.skip_wbinvd;
    c.unknownKeys(`${f}.skip_wbinvd`, sk, ['site', 'cpu'], ['faults', i, 'skip_wbinvd']);
    const site = c.oneOf(`${f}.skip_wbinvd.site`, sk.site, WBINVD_SITES);
    const cpu = sk.cpu === undefined ? undefined : c.cpu(`${f}.skip_wbinvd.cpu`, sk.cpu, known);
    if (site) faults.push({ skip_wbinvd: cpu === undefined ? { site } : { site, cpu } });
  });
  let mutant: MutantId | null = null;
  if (input.mutant !== undefined && input.mutant !== null)
    mutant = c.oneOf('mutant', input.mutant, MUTANTS) ?? null;

  if (c.issues.length > 0 || !kernel || !vendor || startCpu === undefined) {
    return { ok: false, issues: c.issues };
  }
  const scenario: Scenario = {
    kernel,
    platform: { vendor, cpus, sme, snp_host: snp, tdx, tdx_host_kernel: tdxHostKernel, tdx_pw_mce: pwMce },
    path,
    start_cpu: startCpu,
    stop,
    events,
    seed,
    reboot_cpu: rebootCpu,
    faults,
    mutant,
  };
  return { ok: true, scenario };
}
