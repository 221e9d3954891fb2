/**
 * The glossary's way back. A student who opens a word from a lab's text or the sandbox came to read one
 * sentence and go on: the main navigation leads to the lab's first step or a fresh sandbox screen, and the
 * browser's Back is not a control a keyboard user sees. So the glossary offers "Back to <where you were>",
 * at the address they left (the lab step and exercise, or the sandbox). Back there, focus goes to the link
 * they followed (return-focus.ts), not to the top of the screen: for a keyboard or screen-reader user,
 * that link is where they were. Pure: the router keeps the target and the link.
 */
import { href, type Route } from './routes.ts';

/** Where the glossary leads back to: a lab at its step (and exercise), or the sandbox. */
export type BackTarget = Extract<Route, { screen: 'lab' }> | Extract<Route, { screen: 'sandbox' }>;

/**
 * The back target after the address goes from `from` to `to`, given the one kept before. Into the glossary
 * from a lab or the sandbox: that place. Within the glossary (a "See also" link, the index): the place kept,
 * so it still leads back past the words read. Anywhere else: none.
 */
export function nextBack(kept: BackTarget | null, from: Route, to: Route): BackTarget | null {
  if (to.screen !== 'glossary') return null;
  if (from.screen === 'lab' || from.screen === 'sandbox') return { ...from };
  return from.screen === 'glossary' ? kept : null;
}

/**
 * Whether going from `from` to `to` goes back from the glossary to the place kept (its "Back to" link, or
 * the browser's Back), where the link the student left by is found again.
 */
export function goesBack(kept: BackTarget | null, from: Route, to: Route): boolean {
  return kept !== null && from.screen === 'glossary' && href(to) === href(kept);
}

/** The link's words: "Back to the sandbox", "Back to <lab title>, step 2, exercise 3". */
export function backLabel(t: BackTarget, labTitle?: string): string {
  if (t.screen === 'sandbox') return 'Back to the sandbox';
  // "The two WBINVDs of an SME host" mid-sentence: "Back to the two WBINVDs…".
  const title = labTitle?.trim().replace(/^The /, 'the ');
  const where = `${title || t.labId}, step ${t.step}`;
  return `Back to ${where}${t.exercise ? `, exercise ${t.exercise}` : ''}`;
}
