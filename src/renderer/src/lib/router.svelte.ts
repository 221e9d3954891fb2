/** The current route, following the address (routes.ts reads and writes it). */
import { goesBack, nextBack, type BackTarget } from './glossary-back.ts';
import { linkPlace, type LinkPlace } from './return-focus.ts';
import { href, parseHash, type Route } from './routes.ts';

/**
 * `glossaryBack`: the lab or sandbox the glossary was opened from, for its "Back to" link. `returnTo`: on
 * the way back there, the link the student left by, for the screen to focus (until the address changes again).
 */
export const router = $state<{ route: Route; glossaryBack: BackTarget | null; returnTo: LinkPlace | null }>({
  route: parseHash(location.hash),
  glossaryBack: null,
  returnTo: null,
});
// The link followed into the glossary from the place kept in `glossaryBack`.
let leftBy: LinkPlace | null = null;

window.addEventListener('hashchange', () => {
  // A hash that is not a route (`#main` followed some other way) leaves the screen as it is.
  if (!location.hash.startsWith('#/') && location.hash !== '') {
    history.replaceState(history.state, '', href(router.route));
    return;
  }
  const to = parseHash(location.hash);
  const from = router.route;
  router.returnTo = goesBack(router.glossaryBack, from, to) ? leftBy : null;
  router.glossaryBack = nextBack(router.glossaryBack, from, to);
  // Into the glossary from a lab or the sandbox: the link followed still has focus (keyboard or click).
  if (to.screen === 'glossary' && (from.screen === 'lab' || from.screen === 'sandbox'))
    leftBy = linkPlace(document.activeElement, document.getElementById('main'));
  else if (!router.glossaryBack) leftBy = null;
  router.route = to;
});

export function go(r: Route): void {
  location.hash = href(r);
}

/** Records where the student is without a new history entry (Back leaves the screen, not each click). */
export function remember(r: Route): void {
  const to = href(r);
  if (location.hash !== to) {
    history.replaceState(history.state, '', to);
    router.route = parseHash(to);
  }
}
