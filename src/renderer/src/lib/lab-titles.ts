/**
 * The titles of the labs opened in this window, by id: the glossary's "Back to <lab>, step 2" names the
 * lab at once, where it showed the lab's id until the list of labs came back (a screen reader could
 * read the id first, then hear the link change). In memory only; the list of labs stays the fallback.
 */
const titles = new Map<string, string>();

export function rememberLabTitle(id: string, title: string): void {
  titles.set(id, title);
}

/** The title of a lab opened in this window, if any. */
export function knownLabTitle(id: string): string | undefined {
  return titles.get(id);
}
