/**
 * The link a student left a screen by, found again when they come back (the glossary's "Back to"): by
 * its address and which of the links to that address it was, since a word can be linked twice in a
 * step and the screen is built anew.
 */

export interface LinkPlace {
  href: string;
  /** Which of the screen's links to `href`, in document order. */
  nth: number;
}

const linksTo = (root: ParentNode, href: string): HTMLAnchorElement[] =>
  [...root.querySelectorAll<HTMLAnchorElement>('a[href]')].filter((a) => a.getAttribute('href') === href);

/** Where `el` is, if it is a link on `root`'s screen. */
export function linkPlace(el: Element | null, root: ParentNode | null): LinkPlace | null {
  if (!(el instanceof HTMLAnchorElement) || !root?.contains(el)) return null;
  const href = el.getAttribute('href');
  if (href === null) return null;
  return { href, nth: linksTo(root, href).indexOf(el) };
}

/**
 * Focuses the link at `place`, once the screen has it (a lab loads, a model view loads its parts a moment
 * later), and shows it: a folded "What is …?" note it is in is opened again, as it was when followed.
 * Gives up after `frames` frames, or as soon as the student presses a key or the pointer: they have
 * moved on. Resolves whether it was focused.
 */
export async function focusLinkAt(place: LinkPlace, root: ParentNode, frames = 120): Promise<boolean> {
  let movedOn = false;
  const stop = () => (movedOn = true);
  const INPUT = ['keydown', 'pointerdown'] as const;
  for (const type of INPUT) window.addEventListener(type, stop, { capture: true, once: true });
  try {
    for (let i = 0; i < frames && !movedOn; i++) {
      const link = linksTo(root, place.href)[place.nth];
      if (link) {
        for (let d = link.closest('details'); d; d = d.parentElement?.closest('details') ?? null)
          d.open = true;
        link.focus({ preventScroll: true });
        link.scrollIntoView({ block: 'center' });
        return document.activeElement === link;
      }
      await new Promise((r) => requestAnimationFrame(r));
    }
    return false;
  } finally {
    for (const type of INPUT) window.removeEventListener(type, stop, { capture: true });
  }
}
