/** Hash routes, so every screen has an address that survives a reload and works offline. */
export type Route =
  | { screen: 'sandbox' }
  | { screen: 'labs' }
  | { screen: 'lab'; labId: string; step: number }
  | { screen: 'results'; labId: string | null };

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const id = /^[a-z0-9][a-z0-9-]{0,63}$/;
  if (parts[0] === 'labs') return { screen: 'labs' };
  if (parts[0] === 'lab' && parts[1] && id.test(parts[1])) {
    const step = Number(parts[2] ?? 1);
    return { screen: 'lab', labId: parts[1], step: Number.isInteger(step) && step > 0 ? step : 1 };
  }
  if (parts[0] === 'results')
    return { screen: 'results', labId: parts[1] && id.test(parts[1]) ? parts[1] : null };
  return { screen: 'sandbox' };
}

export function href(r: Route): string {
  switch (r.screen) {
    case 'sandbox':
      return '#/sandbox';
    case 'labs':
      return '#/labs';
    case 'lab':
      return `#/lab/${r.labId}/${r.step}`;
    case 'results':
      return r.labId ? `#/results/${r.labId}` : '#/results';
  }
}

export const router = $state({ route: parseHash(location.hash) });

window.addEventListener('hashchange', () => {
  router.route = parseHash(location.hash);
});

export function go(r: Route): void {
  location.hash = href(r);
}
