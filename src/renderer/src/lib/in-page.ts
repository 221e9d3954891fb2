/**
 * A link to a place on the same screen (the skip link, "On to the exercises"). The address's hash is the
 * route, so following `#main` the usual way opened the sandbox and lost the student's screen: the link
 * moves focus there instead, and the address stays the screen's.
 */
export function toInPage(e: MouseEvent, id: string): void {
  const el = document.getElementById(id);
  if (!el) return;
  e.preventDefault();
  el.scrollIntoView({ block: 'start' });
  el.focus({ preventScroll: true });
}
