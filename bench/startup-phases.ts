/**
 * Where a page's main thread spends the time from navigation to interactive, read from a Chromium trace:
 * the bench prints it for the sandbox beside the empty Svelte page, so the gap between the two startup
 * figures can be read by kind of work (script, style, layout, paint...) rather than guessed at.
 */

/** The fields of a Chrome trace event that the attribution reads. */
export interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
}

/** Kinds of main-thread work and the trace events that make them up. */
export const KINDS = [
  // The page's HTML, and the templates Svelte parses (innerHTML) the first time each block is created.
  ['HTML parsing (page, templates)', ['ParseHTML']],
  ['script (module, mount)', ['v8.evaluateModule', 'FunctionCall', 'TimerFire', 'FireAnimationFrame']],
  ['style', ['UpdateLayoutTree']],
  ['layout', ['Layout']],
  ['paint', ['PrePaint', 'Paint']],
  ['commit to the compositor', ['Commit']],
] as const;
export type Kind = (typeof KINDS)[number][0] | 'other tasks' | 'main thread idle';
/** The kinds in print order. */
export const ALL_KINDS: Kind[] = [...KINDS.map(([k]) => k), 'other tasks', 'main thread idle'];

/** A main-thread task, as DevTools ('RunTask') and the scheduler ('ThreadControllerImpl::RunTask') name it. */
const TASKS = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);
const kindOf = new Map<string, Kind>(KINDS.flatMap(([kind, names]) => names.map((n) => [n, kind] as const)));

/** Complete events ('X') only, as [start, end] clipped to the window, outermost first. */
function spans(events: TraceEvent[], from: number, to: number): { e: TraceEvent; s: number; t: number }[] {
  return events
    .filter((e) => e.ph === 'X' && e.dur !== undefined && e.ts < to && e.ts + (e.dur ?? 0) > from)
    .map((e) => ({ e, s: Math.max(from, e.ts), t: Math.min(to, e.ts + (e.dur ?? 0)) }))
    .sort((a, b) => a.s - b.s || b.t - a.t);
}

/**
 * Milliseconds of each kind of work on the main thread of the page that set `markName`, from its
 * navigationStart to the mark. Nested events count once, for the innermost kind (a layout forced by a
 * script is layout, not script); task time that is none of the kinds is "other tasks", and the rest of
 * the window "main thread idle". Null when the trace holds no such mark.
 */
export function attribute(events: TraceEvent[], markName: string): Record<Kind, number> | null {
  const mark = events.find((e) => e.name === markName && e.cat?.includes('blink.user_timing'));
  if (!mark) return null;
  const main = events.filter((e) => e.pid === mark.pid && e.tid === mark.tid);
  const nav = main
    .filter((e) => e.name === 'navigationStart' && e.ts <= mark.ts)
    .reduce<TraceEvent | null>((last, e) => (last && last.ts > e.ts ? last : e), null);
  if (!nav) return null;
  const from = nav.ts;
  const to = mark.ts;
  const out = Object.fromEntries(ALL_KINDS.map((k) => [k, 0])) as Record<Kind, number>;

  // Self time per kind: an event's span minus the spans of the kinded events directly inside it.
  const stack: { t: number; kind: Kind; self: number }[] = [];
  const close = (until: number) => {
    while (stack.length && (stack.at(-1)?.t ?? 0) <= until) {
      const top = stack.pop();
      if (top) out[top.kind] += top.self;
    }
  };
  let kinded = 0;
  for (const { e, s, t } of spans(main, from, to)) {
    const kind = kindOf.get(e.name);
    if (!kind) continue;
    close(s);
    const parent = stack.at(-1);
    if (parent) parent.self -= t - s;
    else kinded += t - s;
    stack.push({ t, kind, self: t - s });
  }
  close(Infinity);

  // Busy time: the top-level tasks (a task inside a task is a nested run loop, counted once).
  let busy = 0;
  let end = -Infinity;
  for (const { s, t } of spans(
    main.filter((e) => TASKS.has(e.name)),
    from,
    to,
  )) {
    if (s >= end) {
      busy += t - s;
      end = t;
    }
  }
  out['other tasks'] = Math.max(0, busy - kinded);
  out['main thread idle'] = Math.max(0, to - from - Math.max(busy, kinded));
  for (const k of Object.keys(out) as Kind[]) out[k] /= 1000; // trace times are microseconds
  return out;
}
