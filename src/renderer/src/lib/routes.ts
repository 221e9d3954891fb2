/**
 * Hash routes, so every screen has an address that survives a reload and works offline. Pure (no
 * window): the router (router.svelte.ts) listens to the address; tests read and write routes here.
 */
export type Route =
  | { screen: 'sandbox' }
  | { screen: 'labs' }
  /** `exercise`: 1-based, the exercise open below the steps (`#/lab/ID/STEP/EXERCISE`). */
  | { screen: 'lab'; labId: string; step: number; exercise?: number }
  | { screen: 'results'; labId: string | null }
  /** "Grade a class", for instructors. */
  | { screen: 'grade' }
  /** The glossary, opened at a word when `term` is given (`#/glossary/ID`). */
  | { screen: 'glossary'; term?: string };

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const positive = (text: string | undefined): number | null => {
  const n = Number(text);
  return text !== undefined && /^\d+$/.test(text) && n > 0 ? n : null;
};

/** A part of the address as written, or null when it is not valid percent-encoding (`%E0`, `%zz`). */
const decoded = (part: string): string | null => {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
};

/**
 * The screen an address names; an address that names none, or that cannot be read at all (a link in a
 * lab with a broken %-escape), is the sandbox, never an exception: thrown at startup, it left a blank
 * window, and in the hashchange listener a screen that no longer followed the address.
 */
export function parseHash(hash: string): Route {
  const read = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decoded);
  if (read.includes(null)) return { screen: 'sandbox' };
  const parts = read as string[];
  if (parts[0] === 'labs') return { screen: 'labs' };
  if (parts[0] === 'grade') return { screen: 'grade' };
  if (parts[0] === 'glossary')
    return parts[1] && ID.test(parts[1]) ? { screen: 'glossary', term: parts[1] } : { screen: 'glossary' };
  if (parts[0] === 'lab' && parts[1] && ID.test(parts[1])) {
    const exercise = positive(parts[3]);
    return {
      screen: 'lab',
      labId: parts[1],
      step: positive(parts[2]) ?? 1,
      ...(exercise === null ? {} : { exercise }),
    };
  }
  if (parts[0] === 'results')
    return { screen: 'results', labId: parts[1] && ID.test(parts[1]) ? parts[1] : null };
  return { screen: 'sandbox' };
}

export function href(r: Route): string {
  switch (r.screen) {
    case 'sandbox':
      return '#/sandbox';
    case 'labs':
      return '#/labs';
    case 'lab':
      return `#/lab/${r.labId}/${r.step}${r.exercise ? `/${r.exercise}` : ''}`;
    case 'results':
      return r.labId ? `#/results/${r.labId}` : '#/results';
    case 'grade':
      return '#/grade';
    case 'glossary':
      return r.term ? `#/glossary/${r.term}` : '#/glossary';
  }
}
