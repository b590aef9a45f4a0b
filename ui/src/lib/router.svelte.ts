// Hash routing ("#/staff/12"): the location is the state, so Back works and the
// last screen can be restored on the next start (localStorage), per practice
// file: a screen of one practice is never opened in another, where the same
// number may be someone else.

import { parse, type Route } from './routes';

export { sectionOf, type Route, type Section } from './routes';

const LAST_ROUTE_KEY = 'standard-practice.last-route';
const HOME = '#/overview';

export const router = $state<{ route: Route; hash: string }>({ route: { name: 'overview' }, hash: HOME });

/** The practice file the routes are remembered for; null remembers nothing. */
let practice: string | null = null;

const keyOf = (file: string) => `${LAST_ROUTE_KEY}:${file}`;

function remember(hash: string): void {
  if (practice === null) return;
  try {
    localStorage.setItem(keyOf(practice), hash);
  } catch {
    // Storage can be unavailable (private mode, full disk): the app works without it.
  }
}

function lastRoute(): string | null {
  if (practice === null) return null;
  try {
    return localStorage.getItem(keyOf(practice));
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

/**
 * Starts following the location for the practice in `file`; with no hash, or
 * one left by another practice, reopens this practice's last screen.
 */
export function startRouter(file: string | null): () => void {
  const switched = practice !== null && practice !== file;
  practice = file;
  if (switched || !location.hash || location.hash === '#' || location.hash === '#/') {
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
