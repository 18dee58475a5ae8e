/**
 * Leaving a form with unsaved changes asks first, whichever way the user leaves: closing the
 * tab or reloading (the browser's own question), any in-app link (the navigation bar, a link
 * in the page, the campaign picker: every wouter navigation goes through history.pushState),
 * and the browser's back and forward buttons (popstate). While at least one form on the
 * screen is dirty, pushState and replaceState to another address ask the form's question
 * (window.confirm) and do nothing when the user stays; a popstate the user refuses is undone.
 */
import { useEffect, useRef } from 'react';
import { useLanguage } from '../i18n/language.tsx';

/** The forms with unsaved changes now, each with the question it asks before leaving. */
const dirtyForms = new Map<symbol, () => string>();
let uninstall: (() => void) | null = null;
/** Set while one confirmed navigation runs (a redirect after it does not ask again). */
let leaving = false;

/**
 * Asks the question of a form with unsaved changes, if one is on the screen: true when there is
 * none or the user chose to leave (the navigation that follows then goes without asking again).
 * For what leaves without a navigation first (signing out) or changes state before it (the
 * campaign picker remembers its choice).
 */
export function confirmLeaving(): boolean {
  const [ask] = dirtyForms.values();
  if (!ask || leaving) return true;
  if (!window.confirm(ask())) return false;
  allowLeaving();
  return true;
}

/** Whether `url` names the address shown now (a state update on the same page is not leaving it). */
function isHere(url: string | URL | null | undefined): boolean {
  if (url === undefined || url === null) return true;
  const next = new URL(String(url), location.href);
  return next.pathname === location.pathname && next.search === location.search;
}

function installGuard(): () => void {
  const { pushState, replaceState } = history;
  let here = location.href;
  const guarded = (original: History['pushState']): History['pushState'] => function guardedState(this: History, data, unused, url) {
    if (!isHere(url) && !confirmLeaving()) return;
    original.call(this, data, unused, url);
    here = location.href;
  };
  history.pushState = guarded(pushState);
  history.replaceState = guarded(replaceState);
  // Registered as capturing so it runs before the router's own listener on window.
  const onPopState = (event: PopStateEvent) => {
    if (location.href === here) return;
    if (confirmLeaving()) {
      here = location.href;
      return;
    }
    event.stopImmediatePropagation();
    // Back where the user was, without telling the router (it never moved).
    pushState.call(history, history.state, '', here);
  };
  window.addEventListener('popstate', onPopState, true);
  return () => {
    history.pushState = pushState;
    history.replaceState = replaceState;
    window.removeEventListener('popstate', onPopState, true);
  };
}

/** Lets the navigation started now go without asking (the form just saved, and moves on itself). */
function allowLeaving(): void {
  leaving = true;
  setTimeout(() => { leaving = false; }, 0);
}

/**
 * While `dirty`, leaving the page by any way asks `question` first (by default "Có thay đổi
 * chưa lưu…"); the tab's close or reload asks the browser's own question. One line per form
 * page. Returns `allowLeaving`, for a page that navigates away itself once its work is saved.
 */
export function useUnsavedChanges(dirty: boolean, question?: string): () => void {
  const { t } = useLanguage();
  const ask = useRef('');
  ask.current = question ?? t('unsaved.leaveConfirm');
  useEffect(() => {
    if (!dirty) return undefined;
    const key = Symbol('dirty form');
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    dirtyForms.set(key, () => ask.current);
    uninstall ??= installGuard();
    return () => {
      window.removeEventListener('beforeunload', warn);
      dirtyForms.delete(key);
      if (dirtyForms.size === 0 && uninstall) {
        uninstall();
        uninstall = null;
      }
    };
  }, [dirty]);
  return allowLeaving;
}

/** The earlier name of useUnsavedChanges (it asks on in-app navigation too now). */
export const useWarnBeforeUnload = useUnsavedChanges;
