/** The current route, following the address (routes.ts reads and writes it). */
import { href, parseHash, type Route } from './routes.ts';

export const router = $state({ route: parseHash(location.hash) });

window.addEventListener('hashchange', () => {
  // A hash that is not a route (`#main` followed some other way) leaves the screen as it is.
  if (!location.hash.startsWith('#/') && location.hash !== '') {
    history.replaceState(history.state, '', href(router.route));
    return;
  }
  router.route = parseHash(location.hash);
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
