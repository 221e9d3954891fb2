/** The current route, following the address (routes.ts reads and writes it). */
import { nextBack, type BackTarget } from './glossary-back.ts';
import { href, parseHash, type Route } from './routes.ts';

/** `glossaryBack`: the lab or sandbox the glossary was opened from, for its "Back to" link. */
export const router = $state<{ route: Route; glossaryBack: BackTarget | null }>({
  route: parseHash(location.hash),
  glossaryBack: null,
});

window.addEventListener('hashchange', () => {
  // A hash that is not a route (`#main` followed some other way) leaves the screen as it is.
  if (!location.hash.startsWith('#/') && location.hash !== '') {
    history.replaceState(history.state, '', href(router.route));
    return;
  }
  const to = parseHash(location.hash);
  router.glossaryBack = nextBack(router.glossaryBack, router.route, to);
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
