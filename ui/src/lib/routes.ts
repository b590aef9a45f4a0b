// The app's screens as hash paths ("#/staff/12") and back: plain functions, no state.

export type Route =
  | { name: 'overview' }
  /** The practice's to-do list; with `kind`, only that kind of reminder. */
  | { name: 'todo'; kind: string | null }
  /** The practice's year: scores, compliance, headcount and pay (the owner's). */
  | { name: 'dashboard'; year: number | null }
  /** Improvement projects; `id` one project's page, 'new' a new one. */
  | { name: 'projects' }
  | { name: 'project-page'; id: number | 'new' }
  /** SWOT worksheets; `compare` two of them side by side. */
  | { name: 'swot'; compare: [number, number] | null }
  | { name: 'swot-page'; id: number | 'new' }
  /** The service map's job swaps: who has not spent time in the role they serve. */
  | { name: 'swaps' }
  | { name: 'staff'; query: Readonly<Record<string, string>> }
  | { name: 'staff-new' }
  | { name: 'staff-page'; id: number }
  | { name: 'staff-edit'; id: number; setLeft: boolean }
  | { name: 'catalog' }
  /** Log training; with `recordId`, correct that record of `staffId`'s instead. */
  | { name: 'log'; staffId: number | null; recordId: number | null }
  | { name: 'pending' }
  | { name: 'standards' }
  | { name: 'standard-new' }
  | { name: 'standard-page'; id: number }
  | { name: 'standard-edit'; id: number }
  | { name: 'evaluations'; year: number | null }
  | { name: 'evaluation-page'; id: number }
  | { name: 'templates' }
  | { name: 'template-page'; id: number | 'new' }
  | { name: 'roles' }
  /** Everyone's thank-yous; with `staffId`, the form open with that person chosen. */
  | { name: 'thanks'; staffId: number | null }
  /** Patients' compliments and complaints. */
  | { name: 'feedback' }
  /** Staff suggestions, to decide. */
  | { name: 'suggestions' }
  /** Every standard's met rate; with `standardId`, that standard's months and checks. */
  | { name: 'checks'; standardId: number | null }
  | { name: 'settings' }
  | { name: 'transfer' }
  /** The practice's change list, filtered by kind of record and by person. */
  | { name: 'changes'; entity: string | null; person: number | null }
  | { name: 'not-found'; path: string };

/** The sidebar entries, in order; `section` says which one a route belongs to. */
export type Section =
  | 'overview'
  | 'todo'
  | 'dashboard'
  | 'improvement'
  | 'staff'
  | 'evaluations'
  | 'catalog'
  | 'log'
  | 'pending'
  | 'standards'
  | 'thanks'
  | 'feedback'
  | 'suggestions'
  | 'checks'
  | 'roles'
  | 'settings'
  | 'changes'
  | 'transfer';

function id(s: string | undefined): number | null {
  if (s === undefined || !/^\d+$/.test(s)) return null;
  return Number(s);
}

export function parse(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [pathPart = '', queryPart = ''] = raw.split('?', 2);
  const params = Object.fromEntries(new URLSearchParams(queryPart));
  const parts = pathPart.split('/').filter(Boolean);
  const [head, second, third] = parts;
  const n = id(second);
  switch (head) {
    case undefined:
    case 'overview':
      return { name: 'overview' };
    case 'todo':
      if (second === undefined) return { name: 'todo', kind: params.kind ?? null };
      break;
    case 'projects':
      if (second === undefined) return { name: 'projects' };
      if (second === 'new') return { name: 'project-page', id: 'new' };
      if (n !== null && third === undefined) return { name: 'project-page', id: n };
      break;
    case 'swot': {
      const pair = (params.compare ?? '').split(',').map((x) => id(x));
      const [a, b] = pair;
      if (second === undefined) return { name: 'swot', compare: pair.length === 2 && a != null && b != null ? [a, b] : null };
      if (second === 'new') return { name: 'swot-page', id: 'new' };
      if (n !== null && third === undefined) return { name: 'swot-page', id: n };
      break;
    }
    case 'swaps':
      if (second === undefined) return { name: 'swaps' };
      break;
    case 'year':
      if (second === undefined) return { name: 'dashboard', year: id(params.year) };
      break;
    case 'staff':
      if (second === undefined) return { name: 'staff', query: params };
      if (second === 'new') return { name: 'staff-new' };
      if (n !== null && third === undefined) return { name: 'staff-page', id: n };
      if (n !== null && third === 'edit') return { name: 'staff-edit', id: n, setLeft: params.left === '1' };
      break;
    case 'catalog':
      return { name: 'catalog' };
    case 'log':
      return { name: 'log', staffId: id(params.staff), recordId: id(params.record) };
    case 'pending':
      return { name: 'pending' };
    case 'standards':
      if (second === undefined) return { name: 'standards' };
      if (second === 'new') return { name: 'standard-new' };
      if (n !== null && third === undefined) return { name: 'standard-page', id: n };
      if (n !== null && third === 'edit') return { name: 'standard-edit', id: n };
      break;
    case 'evaluations':
      if (second === undefined) return { name: 'evaluations', year: id(params.year) };
      if (n !== null && third === undefined) return { name: 'evaluation-page', id: n };
      break;
    case 'templates':
      if (second === undefined) return { name: 'templates' };
      if (second === 'new') return { name: 'template-page', id: 'new' };
      if (n !== null && third === undefined) return { name: 'template-page', id: n };
      break;
    case 'roles':
      return { name: 'roles' };
    case 'thanks':
      if (second === undefined) return { name: 'thanks', staffId: id(params.staff) };
      break;
    case 'feedback':
      if (second === undefined) return { name: 'feedback' };
      break;
    case 'suggestions':
      if (second === undefined) return { name: 'suggestions' };
      break;
    case 'checks':
      if (second === undefined) return { name: 'checks', standardId: id(params.standard) };
      break;
    case 'settings':
      return { name: 'settings' };
    case 'transfer':
      return { name: 'transfer' };
    case 'changes':
      return { name: 'changes', entity: params.kind ?? null, person: id(params.person) };
  }
  return { name: 'not-found', path: pathPart };
}

export function sectionOf(route: Route): Section | null {
  switch (route.name) {
    case 'overview':
      return 'overview';
    case 'todo':
      return 'todo';
    case 'dashboard':
      return 'dashboard';
    case 'projects':
    case 'project-page':
    case 'swot':
    case 'swot-page':
    case 'swaps':
      return 'improvement';
    case 'staff':
    case 'staff-new':
    case 'staff-page':
    case 'staff-edit':
      return 'staff';
    case 'catalog':
      return 'catalog';
    case 'log':
      // Correcting a record is reached from the person's page.
      return route.recordId === null ? 'log' : 'staff';
    case 'pending':
      return 'pending';
    case 'standards':
    case 'standard-new':
    case 'standard-page':
    case 'standard-edit':
      return 'standards';
    case 'evaluations':
    case 'evaluation-page':
    case 'templates':
    case 'template-page':
      return 'evaluations';
    case 'roles':
      return 'roles';
    case 'thanks':
      return 'thanks';
    case 'feedback':
      return 'feedback';
    case 'suggestions':
      return 'suggestions';
    case 'checks':
      return 'checks';
    case 'settings':
      return 'settings';
    case 'transfer':
      return 'transfer';
    case 'changes':
      return 'changes';
    case 'not-found':
      return null;
  }
}

