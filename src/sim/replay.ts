/** Replays a result's cache effects to any step, for views that scrub through time. */
import { sameAttr } from './cache.ts';
import type { CacheEffect, CacheLine, SimResult } from './result.ts';

/** Every CPU's cache lines right after step `seq` (0: before the first step). */
export function cacheStateAt(result: SimResult, seq: number): Record<string, CacheLine[]> {
  const caches: Record<string, CacheLine[]> = {};
  for (const [cpu, lines] of Object.entries(result.caches_at_boot))
    caches[cpu] = lines.map((l) => ({ ...l }));
  for (const step of result.trace) {
    if (step.seq > seq) break;
    for (const e of step.cache ?? []) applyCacheEffect((caches[String(e.cpu)] ??= []), e);
  }
  return caches;
}

/** The per-CPU flag after step `seq`, from flag steps (after kernel; before: all false). */
export function flagsAt(result: SimResult, seq: number): Map<number, boolean> {
  const flags = new Map<number, boolean>();
  for (const step of result.trace) {
    if (step.seq > seq) break;
    if (step.flag && step.cpu !== null) flags.set(step.cpu, step.flag.to);
  }
  return flags;
}

/** Applies one cache effect to one CPU's lines. A write-back changes memory, not the cache: a line leaves only when invalidated. */
export function applyCacheEffect(lines: CacheLine[], e: CacheEffect): void {
  if (e.op === 'fill') {
    const i = lines.findIndex((l) => l.addr === e.line.addr && sameAttr(l.attr, e.line.attr));
    if (i >= 0) lines.splice(i, 1);
    lines.push({ ...e.line });
  } else if (e.op === 'invalidate') {
    const i = lines.findIndex((l) => l.addr === e.addr && sameAttr(l.attr, e.attr));
    if (i >= 0) lines.splice(i, 1);
  }
}
