/**
 * A live region's text said once the student stops, not at every step passed on the way: scrubbing with
 * the step slider or holding n down passes 30 steps a second, and a polite live region reads each of
 * them in turn, long after the student has stopped. A change made while a key or a pointer button is
 * held down is said when it is let go (a single key press: at its keyup). One made with nothing held is
 * said at once, unless the last was said less than `quietMs` ago (a screen reader's own increments of a
 * slider send no keys): then the last of them once they pause.
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
    if (this.held()) return;
    clearTimeout(this.timer);
    if (this.now() >= this.quietUntil) this.flush();
    else this.timer = setTimeout(() => this.flush(), this.quietMs);
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
    if (this.pending !== null && !this.held()) this.flush();
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
