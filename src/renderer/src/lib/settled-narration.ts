/**
 * A live region's text said once the student stops, not at every step passed on the way: scrubbing with
 * the step slider or holding n down passes 30 steps a second, and a polite live region reads each of
 * them in turn, long after the student has stopped. A change made while a key or a pointer button is
 * held down is said when it is let go (a single key press: at its keyup), and one made with nothing held
 * at once; but within `quietMs` of the last change said or put off, it is put off in turn, and the last of
 * them said once they pause. So a burst of taps on Next (auto-repeat is often off for screen-reader users,
 * who tap to skip ahead) or a screen reader's own increments of a slider (which send no keys) is said
 * once, where the student stops, and the first change of a burst still at once.
 */

/**
 * Keys not counted as held: modifiers (held while clicking), and the context-menu key, whose keyup a
 * native menu swallows: counted, it would keep every later step unsaid.
 */
const NOT_HELD = new Set([
  'Shift',
  'Control',
  'Alt',
  'AltGraph',
  'Meta',
  'CapsLock',
  'NumLock',
  'ContextMenu',
]);

export class SettledNarration {
  private keys: string[] = [];
  private pointer = false;
  private pending: string | null = null;
  private quietUntil = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly say: (text: string) => void,
    private readonly quietMs = 300,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The text to say has changed (a new step). */
  changed(text: string): void {
    this.pending = text;
    if (!this.held()) this.settle();
  }

  /** Nothing pending any more (the run is playing, or the view is gone). */
  cancel(): void {
    clearTimeout(this.timer);
    this.pending = null;
  }

  keyDown(key: string): void {
    if (!NOT_HELD.has(key) && !this.keys.includes(key)) this.keys.push(key);
  }
  keyUp(key: string): void {
    this.keys = this.keys.filter((k) => k !== key);
    this.letGo();
  }
  pointerDown(): void {
    // A key whose keyup was lost (a native popup took it) is not held by someone using the pointer.
    this.keys = [];
    this.pointer = true;
  }
  pointerUp(): void {
    this.pointer = false;
    this.letGo();
  }
  /** The window lost focus: keys let go elsewhere never come back up here. */
  blur(): void {
    this.keys = [];
    this.pointerUp();
  }

  private held(): boolean {
    return this.keys.length > 0 || this.pointer;
  }
  private letGo(): void {
    if (!this.held()) this.settle();
  }
  /** Nothing held: the pending text is said now, or, within the quiet window, once the changes pause. */
  private settle(): void {
    if (this.pending === null) return;
    clearTimeout(this.timer);
    const now = this.now();
    if (now >= this.quietUntil) return this.flush();
    // Each change put off moves the window on: a steady run of taps is said once, at its end.
    this.quietUntil = now + this.quietMs;
    // A key pressed again before then is let go later, and settles then.
    this.timer = setTimeout(() => this.held() || this.flush(), this.quietMs);
  }
  private flush(): void {
    clearTimeout(this.timer);
    const text = this.pending;
    this.pending = null;
    if (text === null) return;
    this.quietUntil = this.now() + this.quietMs;
    this.say(text);
  }
}
