import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SettledNarration } from './settled-narration.ts';

describe('narration said where the student stops', () => {
  let said: string[];
  let speech: SettledNarration;
  beforeEach(() => {
    vi.useFakeTimers();
    said = [];
    speech = new SettledNarration(
      (t) => said.push(t),
      300,
      () => Date.now(),
    );
  });
  afterEach(() => vi.useRealTimers());

  it('says a single change at once', () => {
    speech.changed('Step 1.');
    expect(said).toEqual(['Step 1.']);
  });

  it('says nothing while a key is held down (key repeat), then only the step it stopped at', () => {
    speech.keyDown('n');
    for (let i = 1; i <= 30; i++) {
      speech.changed(`Step ${i}.`);
      speech.keyDown('n');
      vi.advanceTimersByTime(33);
    }
    vi.advanceTimersByTime(1000);
    expect(said).toEqual([]);
    speech.keyUp('n');
    expect(said).toEqual(['Step 30.']);
    // A single press: said at its keyup.
    vi.advanceTimersByTime(1000);
    speech.keyDown('ArrowRight');
    speech.changed('Step 31.');
    expect(said).toEqual(['Step 30.']);
    speech.keyUp('ArrowRight');
    expect(said).toEqual(['Step 30.', 'Step 31.']);
  });

  it('says nothing while the slider is dragged, then the step it was let go at', () => {
    speech.pointerDown();
    speech.changed('Step 5.');
    speech.changed('Step 9.');
    speech.pointerUp();
    expect(said).toEqual(['Step 9.']);
  });

  it('says the last of a quick run of changes with nothing held, once they pause', () => {
    speech.changed('Step 1.');
    vi.advanceTimersByTime(50);
    speech.changed('Step 2.');
    vi.advanceTimersByTime(50);
    speech.changed('Step 3.');
    expect(said).toEqual(['Step 1.']);
    vi.advanceTimersByTime(300);
    expect(said).toEqual(['Step 1.', 'Step 3.']);
  });

  it('says a burst of single taps once, where they stop, and the first tap at once', () => {
    // Taps of n 150 ms apart, each held 50 ms: every tap is a keydown, a step, and a keyup.
    const tap = (n: number) => {
      speech.keyDown('n');
      speech.changed(`Step ${n}.`);
      vi.advanceTimersByTime(50);
      speech.keyUp('n');
      vi.advanceTimersByTime(100);
    };
    tap(1);
    expect(said).toEqual(['Step 1.']);
    for (let n = 2; n <= 8; n++) tap(n);
    // Slower taps, 250 ms apart, are still one burst.
    for (let n = 9; n <= 12; n++) {
      tap(n);
      vi.advanceTimersByTime(100);
    }
    expect(said).toEqual(['Step 1.']);
    vi.advanceTimersByTime(300);
    expect(said).toEqual(['Step 1.', 'Step 12.']);
    // After a pause, the next tap is said at once again.
    vi.advanceTimersByTime(1000);
    tap(13);
    expect(said).toEqual(['Step 1.', 'Step 12.', 'Step 13.']);
  });

  it('two taps 100 ms apart: the first said at once, the second once they stop, nothing more', () => {
    for (const n of [1, 2]) {
      speech.keyDown(' ');
      speech.changed(`Step ${n}.`);
      speech.keyUp(' ');
      vi.advanceTimersByTime(100);
    }
    expect(said).toEqual(['Step 1.']);
    vi.advanceTimersByTime(5000);
    expect(said).toEqual(['Step 1.', 'Step 2.']);
  });

  it('a key held down when the quiet window ends: said at its keyup, not before', () => {
    speech.changed('Step 1.');
    vi.advanceTimersByTime(100);
    speech.changed('Step 2.');
    speech.keyDown('n');
    speech.changed('Step 3.');
    vi.advanceTimersByTime(1000);
    expect(said).toEqual(['Step 1.']);
    speech.keyUp('n');
    expect(said).toEqual(['Step 1.', 'Step 3.']);
  });

  it('does not count a modifier as held, and lets go of keys when the window loses focus', () => {
    speech.keyDown('Shift');
    speech.changed('Step 1.');
    expect(said).toEqual(['Step 1.']);
    vi.advanceTimersByTime(1000);
    speech.keyDown('ArrowRight');
    speech.changed('Step 2.');
    speech.blur();
    expect(said).toEqual(['Step 1.', 'Step 2.']);
  });

  it('says nothing cancelled (the run started playing)', () => {
    speech.keyDown('n');
    speech.changed('Step 1.');
    speech.cancel();
    speech.keyUp('n');
    vi.advanceTimersByTime(1000);
    expect(said).toEqual([]);
  });
});
