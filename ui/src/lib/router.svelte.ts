// Hash routing ("#/staff/12"): the location is the state, so Back works and the
// last screen can be restored on the next start (localStorage).

import { parse, type Route } from './routes';

export { sectionOf, type Route, type Section } from './routes';

const LAST_ROUTE_KEY = 'standard-practice.last-route';
const HOME = '#/overview';

export const router = $state<{ route: Route; hash: string }>({ route: { name: 'overview' }, hash: HOME });

function remember(hash: string): void {
  try {
    localStorage.setItem(LAST_ROUTE_KEY, hash);
  } catch {
    // Storage can be unavailable (private mode, full disk): the app works without it.
  }
}

function lastRoute(): string | null {
  try {
    return localStorage.getItem(LAST_ROUTE_KEY);
  } catch {
    return null;
  }
}

function sync(): void {
  const hash = location.hash || HOME;
  router.hash = hash;
  router.route = parse(hash);
  remember(hash);
}

/** Starts following the location; with no hash, reopens the last screen. */
export function startRouter(): () => void {
  if (!location.hash || location.hash === '#' || location.hash === '#/') {
    const last = lastRoute();
    history.replaceState(null, '', last && last.startsWith('#/') ? last : HOME);
  }
  sync();
  window.addEventListener('hashchange', sync);
  return () => window.removeEventListener('hashchange', sync);
}

/** Goes to a path such as "/staff/12"; `replace` keeps it out of the Back history. */
export function go(path: string, replace = false): void {
  const hash = `#${path}`;
  if (replace) {
    history.replaceState(null, '', hash);
    sync();
  } else {
    location.hash = hash;
  }
}
