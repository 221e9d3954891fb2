/**
 * The one contract between the renderer and the main process: channel names, argument validators and
 * result types. main registers a handler per channel, the preload exposes one named method per channel,
 * and the renderer's api.ts is the only caller. Pure: no electron, no Node, no DOM.
 */
import { MAX_SCENARIO_BYTES } from '../sim/limits.ts';
import { measureJson, utf8BytesUpTo } from './json-size.ts';

/** What a validator returns: the typed value, or an error naming the argument and field. */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** The envelope every IPC call resolves to, so errors cross the bridge as data, not exceptions. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: string };

export interface AppInfo {
  version: string;
  electron: string | null;
  chrome: string | null;
  platform: string;
}

export interface ChannelSpec<TArgs extends unknown[], TResult> {
  /** Validates the raw arguments received from the other side. */
  parse(args: unknown[]): Checked<TArgs>;
  /** Only for typing: never called. */
  readonly result?: TResult;
}

const noArgs = (args: unknown[]): Checked<[]> =>
  args.length === 0
    ? { ok: true, value: [] }
    : { ok: false, error: `expected no arguments, got ${args.length}` };

const oneString =
  (name: string, pattern: RegExp, max = 200) =>
  (args: unknown[]): Checked<[string]> => {
    if (args.length !== 1) return { ok: false, error: `expected 1 argument (${name}), got ${args.length}` };
    const v = args[0];
    if (typeof v !== 'string') return { ok: false, error: `${name} must be a string` };
    if (v.length === 0 || v.length > max || !pattern.test(v))
      return { ok: false, error: `${name} is not valid: ${JSON.stringify(v.slice(0, 60))}` };
    return { ok: true, value: [v] };
  };

/** The sandbox's scenario as YAML text: at most MAX_SCENARIO_BYTES once written as UTF-8. */
const scenarioText = (args: unknown[]): Checked<[string]> => {
  if (args.length !== 1) return { ok: false, error: `expected 1 argument (scenario), got ${args.length}` };
  const v = args[0];
  if (typeof v !== 'string') return { ok: false, error: 'scenario must be a string' };
  // Each UTF-16 unit is at least one byte: a text that long is refused before it is read.
  if (v.length > MAX_SCENARIO_BYTES || utf8BytesUpTo(v, MAX_SCENARIO_BYTES) > MAX_SCENARIO_BYTES)
    return {
      ok: false,
      error: `scenario is too large (more than ${MAX_SCENARIO_BYTES / 1024} kB; a scenario is a few hundred bytes)`,
    };
  if (!/\S/.test(v)) return { ok: false, error: 'scenario is empty' };
  return { ok: true, value: [v] };
};

/**
 * How deep an object from the page may nest. Real payloads are shallow (an attempt holds an answer that
 * holds a list: three levels); a few kilobytes nested thousands deep were saved, and the indented
 * progress file grew to tens of megabytes that `flushpoint grade` then refused.
 */
export const MAX_DEPTH = 32;

const oneObject =
  (name: string, maxBytes = 1_000_000) =>
  (args: unknown[]): Checked<[Record<string, unknown>]> => {
    if (args.length !== 1) return { ok: false, error: `expected 1 argument (${name}), got ${args.length}` };
    const v = args[0];
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      return { ok: false, error: `${name} must be an object` };
    // Measured, not stringified: the walk stops at the bound, so a small message cannot make main build
    // a string of hundreds of megabytes (see json-size.ts).
    const size = measureJson(v, { maxBytes, maxDepth: MAX_DEPTH });
    if (size.ok) return { ok: true, value: [v as Record<string, unknown>] };
    switch (size.why) {
      case 'too-deep':
        return {
          ok: false,
          error: `${name} is nested too deep (more than ${MAX_DEPTH} levels of lists and objects)`,
        };
      case 'too-large':
        return { ok: false, error: `${name} is too large (more than ${maxBytes} bytes as JSON)` };
      case 'not-json':
        return {
          ok: false,
          error: `${name} must be plain JSON data (text, numbers, true/false, lists and objects)`,
        };
    }
  };

/** What "Grade a class" saves: the scores by student and lab, or one row per student and exercise. */
export type CsvKind = 'scores' | 'exercises' | 'wide';

const csvToSave = (args: unknown[]): Checked<[CsvKind, string]> => {
  if (args.length !== 2) return { ok: false, error: `expected 2 arguments (which, csv), got ${args.length}` };
  const [which, csv] = args;
  if (which !== 'scores' && which !== 'exercises' && which !== 'wide')
    return { ok: false, error: 'which must be "scores", "exercises" or "wide"' };
  if (typeof csv !== 'string' || csv.length === 0 || csv.length > 16 * 1024 * 1024)
    return { ok: false, error: 'csv must be a text of at most 16 MiB' };
  return { ok: true, value: [which, csv] };
};

/** Lab ids are folder names: lowercase letters, digits and dashes. */
export const LAB_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * Every channel. Payloads of lab and progress channels are validated in depth by src/node (which owns
 * their schemas); here the shape is checked enough to refuse junk before it reaches a handler.
 */
export const CHANNELS = {
  'app:info': { parse: noArgs } as ChannelSpec<[], AppInfo>,
  'labs:list': { parse: noArgs } as ChannelSpec<[], unknown>,
  'labs:get': { parse: oneString('labId', LAB_ID) } as ChannelSpec<[string], unknown>,
  // Opens the instructor-labs folder in the file manager: no path comes from the page, main knows it.
  'labs:open-folder': { parse: noArgs } as ChannelSpec<[], unknown>,
  'progress:load': { parse: noArgs } as ChannelSpec<[], unknown>,
  'progress:save-attempt': { parse: oneObject('attempt') } as ChannelSpec<[Record<string, unknown>], unknown>,
  'progress:set-profile': { parse: oneObject('profile', 10_000) } as ChannelSpec<
    [Record<string, unknown>],
    unknown
  >,
  'progress:export': { parse: noArgs } as ChannelSpec<[], unknown>,
  // The sandbox's scenario as YAML; src/node checks it is one before asking where to save it.
  'scenario:save': { parse: scenarioText } as ChannelSpec<[string], unknown>,
  // "Grade a class": main asks which progress files with an open dialog (no path comes from the page),
  // then grades them with the labs the app has; the page gets the figures.
  'grade:open-files': { parse: noArgs } as ChannelSpec<[], unknown>,
  // A CSV the page built from those figures, saved where the instructor chooses.
  'grade:save-csv': { parse: csvToSave } as ChannelSpec<[CsvKind, string], unknown>,
} as const;

export type Channel = keyof typeof CHANNELS;
export const CHANNEL_NAMES = Object.keys(CHANNELS) as Channel[];

type ArgsOf<C extends Channel> = (typeof CHANNELS)[C] extends ChannelSpec<infer A, unknown> ? A : never;
type ResultOf<C extends Channel> = (typeof CHANNELS)[C] extends ChannelSpec<unknown[], infer R> ? R : never;

/** The name of the window.api method for a channel: `labs:get` -> `labsGet`. */
export function methodName(channel: Channel): string {
  return channel.replace(/[:-](\w)/g, (_, c: string) => c.toUpperCase());
}

/** window.api: one promise-returning method per channel. */
export type FlushpointApi = {
  [C in Channel as C extends `${infer A}:${infer B}` ? `${A}${Capitalize<CamelCase<B>>}` : never]: (
    ...args: ArgsOf<C>
  ) => Promise<IpcResult<ResultOf<C>>>;
};

type CamelCase<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S;

/** Validates a call: a known channel and valid arguments. */
export function checkCall(channel: unknown, args: unknown): Checked<{ channel: Channel; args: unknown[] }> {
  if (typeof channel !== 'string' || !Object.hasOwn(CHANNELS, channel))
    return { ok: false, error: `unknown channel ${JSON.stringify(channel)}` };
  if (!Array.isArray(args)) return { ok: false, error: 'arguments must be a list' };
  const parsed = CHANNELS[channel as Channel].parse(args);
  return parsed.ok
    ? { ok: true, value: { channel: channel as Channel, args: parsed.value } }
    : { ok: false, error: `${channel}: ${parsed.error}` };
}
