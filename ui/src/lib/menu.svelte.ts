// The native menu's choices (File, Edit, Help), carried out in the window:
// the shell sends each over the channel `menuListen` gives it, and the same
// shortcuts typed into the page (Ctrl+P, Ctrl+N, Ctrl+F, F1; ⌘ on a Mac) do
// the same, for when the keys reach the page rather than the menu (a
// browser, WebDriver). Quit and the Edit entries are the shell's own.
//
// What a choice does depends on what is on screen: Print… and Save PDF… take
// the page's document (documents.svelte.ts), New… what the screen offers
// (`offerNew`), Find a person… the staff list's search. Without anyone
// signed in only About and the user guide work; the rest say so. While a
// dialog is open the choices that act on the page behind it are left alone.

import { notify } from './app-state.svelte';
import { openAbout } from './about.svelte';
import { backupSize } from './backup-text';
import { documentOnScreen, openPrintDialog } from './documents.svelte';
import { errorText } from './format';
import { commands, menuListen, type MenuChoice } from './ipc';
import { go, router } from './router.svelte';
import { openUserGuide } from './user-guide.svelte';

/**
 * What is on screen, as App.svelte shows it: nobody signed in (the lock
 * screen, or the practice not open), a staff member at the kiosk, the first
 * run's welcome, or the app.
 */
export type Place = 'signed-out' | 'kiosk' | 'welcome' | 'app';

export const menuPlace = $state<{ where: Place }>({ where: 'signed-out' });

/** A backup taken from the menu, for a Backups list on screen to show it. */
export const backupsTaken = $state({ count: 0 });

const LABEL: Record<MenuChoice, string> = {
  print: 'Print…',
  savePdf: 'Save PDF…',
  backUp: 'Back up now',
  new: 'New…',
  find: 'Find a person…',
  userGuide: 'User guide',
  about: 'About Standard Practice',
};

/** What New… says on a screen with nothing to add. */
export const NOTHING_TO_ADD = 'There is nothing to add on this page: New… adds to a list, such as Staff, the training catalog or the service standards.';

/** What New… does on the screen shown; the last one offered wins. */
const newOffers: (() => string | void)[] = [];

/**
 * Offers what New… does on the calling screen while it is mounted (call it
 * while the component initialises): the same as its own Add… or New…
 * button. `add` may answer a message instead, when there is nothing to add
 * just now (NOTHING_TO_ADD on a screen that adds only sometimes).
 */
export function offerNew(add: () => string | void): void {
  $effect(() => {
    newOffers.push(add);
    return () => {
      const at = newOffers.indexOf(add);
      if (at >= 0) newOffers.splice(at, 1);
    };
  });
}

/**
 * Goes to `path` (unless null, or already there) and focuses the element
 * `selector` finds on the screen there as soon as it is drawn (a form is
 * drawn once its screen has loaded), selecting an input's text when
 * `select`; gives up after five seconds.
 */
export function goAndFocus(path: string | null, selector: string, select = false): void {
  const hash = path === null ? null : `#${path}`;
  if (hash !== null && router.hash !== hash) go(path ?? '');
  let tries = 100;
  const look = () => {
    // Until the location has changed, what the selector finds is the screen being left.
    const el = hash === null || router.hash === hash ? document.querySelector<HTMLElement>(selector) : null;
    if (el) {
      el.focus();
      if (select && el instanceof HTMLInputElement) el.select();
    } else if (--tries > 0) {
      setTimeout(look, 50);
    }
  };
  look();
}

/** The first control of the form `testid`, for New… on a screen that is that form. */
export const firstFieldOf = (testid: string) =>
  `form[data-testid="${testid}"] :is(input, select, textarea):not([disabled]):not([type="hidden"])`;

/** The app's dialogs are all modal (Dialog.svelte): one open covers the page. */
const modalOpen = () => document.querySelector('dialog[open]') !== null;

async function backUp(): Promise<void> {
  try {
    const taken = await commands.backupNow();
    notify(`Backed up (${backupSize(taken)})`);
    backupsTaken.count += 1;
  } catch (e) {
    notify(errorText(e), 'error');
  }
}

function findPerson(): void {
  goAndFocus(router.route.name === 'staff' ? null : '/staff', '[data-testid="staff-search"]', true);
}

function addNew(): void {
  const add = newOffers.at(-1);
  if (!add) return notify(NOTHING_TO_ADD);
  const said = add();
  if (said) notify(said);
}

/** Carries out a menu choice, or says why it cannot be done here. */
export function choose(choice: MenuChoice): void {
  if (choice === 'about') return openAbout();
  if (choice === 'userGuide') return openUserGuide();
  if (modalOpen()) return;
  const where = menuPlace.where;
  if (where === 'signed-out') return notify(`Sign in first: ${LABEL[choice]} needs someone signed in.`);
  switch (choice) {
    case 'print':
    case 'savePdf': {
      const shown = documentOnScreen();
      if (typeof shown === 'string') return notify(shown);
      if (choice === 'print') return openPrintDialog(shown);
      return shown.save();
    }
    case 'backUp':
      // The core says who may: a refusal is shown as it comes.
      return void backUp();
    case 'new':
    case 'find':
      if (where === 'kiosk') return notify(`${LABEL[choice]} is for the office manager or the owner: lock the kiosk and sign in as one of them.`);
      if (where === 'welcome') return notify(`Finish setting up the practice first, then ${LABEL[choice]} works.`);
      return choice === 'find' ? findPerson() : addNew();
  }
}

/** The shortcut a key press is, if it is one of the menu's. */
function shortcut(e: KeyboardEvent): MenuChoice | null {
  if (e.key === 'F1' && !e.ctrlKey && !e.metaKey && !e.altKey && !e.shiftKey) return 'userGuide';
  if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return null;
  // The letter on the key, whatever the keyboard's layout writes with it.
  const letter = /^[a-z]$/i.test(e.key) ? e.key.toLowerCase() : e.code.replace(/^Key/, '').toLowerCase();
  return letter === 'p' ? 'print' : letter === 'n' ? 'new' : letter === 'f' ? 'find' : null;
}

function onKey(e: KeyboardEvent): void {
  const choice = shortcut(e);
  if (!choice) return;
  // The browser's own print, new window and find are not this app's.
  e.preventDefault();
  if (!e.repeat) choose(choice);
}

/** Listens to the menu and the page's keys; answers how to stop. Called once, when the window loads. */
export function startMenu(): () => void {
  menuListen(choose).catch(() => {
    // A shell with no menu: the shortcuts typed into the page still work.
  });
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
