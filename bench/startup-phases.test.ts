import { describe, expect, it } from 'vitest';
import { attribute, type TraceEvent } from './startup-phases.ts';

const MARK = 'flushpoint:first-frame';
/** A complete event on the page's main thread; times in ms, as the trace's microseconds. */
const x = (name: string, ms: number, durMs: number, tid = 1): TraceEvent => ({
  name,
  ph: 'X',
  ts: ms * 1000,
  dur: durMs * 1000,
  pid: 7,
  tid,
});
const instant = (name: string, ms: number, cat = 'blink.user_timing'): TraceEvent => ({
  name,
  cat,
  ph: 'R',
  ts: ms * 1000,
  pid: 7,
  tid: 1,
});

describe('attribute (where startup time goes)', () => {
  it('counts nested work once, for the innermost kind, and the rest as other tasks and idle', () => {
    const events = [
      instant('navigationStart', 0),
      x('RunTask', 0, 20), // navigation work of no listed kind
      x('RunTask', 30, 50),
      x('v8.evaluateModule', 30, 30),
      x('Layout', 50, 10), // forced by the script: layout, not script
      x('UpdateLayoutTree', 60, 5),
      x('Paint', 70, 4),
      instant(MARK, 100),
    ];
    const a = attribute(events, MARK);
    expect(a).not.toBeNull();
    expect(a?.['script (module, mount)']).toBeCloseTo(20);
    expect(a?.layout).toBeCloseTo(10);
    expect(a?.style).toBeCloseTo(5);
    expect(a?.paint).toBeCloseTo(4);
    expect(a?.['other tasks']).toBeCloseTo(20 + 11);
    expect(a?.['main thread idle']).toBeCloseTo(30);
  });

  it('reads only the marking thread, from its last navigation to the mark', () => {
    const events = [
      x('RunTask', 0, 40), // before this navigation: the previous page
      instant('navigationStart', 50),
      x('RunTask', 60, 10),
      x('v8.evaluateModule', 60, 10),
      x('v8.evaluateModule', 60, 30, 2), // another thread
      x('RunTask', 95, 20), // runs past the mark: clipped to it
      x('Paint', 95, 20),
      instant(MARK, 100),
    ];
    const a = attribute(events, MARK);
    expect(a?.['script (module, mount)']).toBeCloseTo(10);
    expect(a?.paint).toBeCloseTo(5);
    expect(a?.['other tasks']).toBeCloseTo(0);
    expect(a?.['main thread idle']).toBeCloseTo(50 - 15);
  });

  it('is null without the mark or a navigation before it', () => {
    expect(attribute([instant('navigationStart', 0)], MARK)).toBeNull();
    expect(attribute([instant(MARK, 10), instant('navigationStart', 20)], MARK)).toBeNull();
  });
});
