/**
 * Brings an element to the top of the window and keeps it there while the page above it is still
 * growing (a lab's model view loads its tables after the first frame, and a page too short to scroll
 * the element to the top yet would leave it pushed down out of sight). Stops at the student's first
 * scroll, click or key, or after `ms`; returns a function that stops it sooner.
 */
const INPUT = ['wheel', 'keydown', 'pointerdown', 'touchstart'] as const;

export function keepInView(el: HTMLElement, ms = 4000): () => void {
  const put = () => el.scrollIntoView({ block: 'start' });
  put();
  const observer = new ResizeObserver(put);
  observer.observe(document.documentElement);
  const timer = setTimeout(stop, ms);
  for (const type of INPUT) window.addEventListener(type, stop, { capture: true, passive: true });
  function stop() {
    observer.disconnect();
    clearTimeout(timer);
    for (const type of INPUT) window.removeEventListener(type, stop, { capture: true });
  }
  return stop;
}
