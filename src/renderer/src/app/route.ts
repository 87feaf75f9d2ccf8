// Hash routing (#/cameras): works the same from file:// in Electron and over HTTP headless.
import { useSyncExternalStore } from 'react';

// 'live' is the grid of live video; 'camera' one camera large (#/camera/<id>).
export const PAGES = ['cameras', 'live', 'camera', 'groups', 'relay', 'restream', 'log', 'settings'] as const;
export type PageId = (typeof PAGES)[number];

export function pageFromHash(hash: string): PageId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (PAGES as readonly string[]).includes(id) ? (id as PageId) : 'cameras';
}

function subscribe(cb: () => void) {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

export function usePage(): PageId {
  return useSyncExternalStore(subscribe, () => pageFromHash(window.location.hash));
}

// Leaving a page with unsaved changes asks first. A guard sees every hash change before the
// pages do (this listener is the first on window: it is added when this module loads); a
// blocked change is undone in place and nothing else hears of it.
type LeaveGuard = (toHash: string) => boolean;
const guards = new Set<LeaveGuard>();
if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', (e) => {
    for (const guard of guards) {
      if (guard(window.location.hash)) {
        e.stopImmediatePropagation();
        // The address as it was just before (not as loaded: the token was taken out since).
        history.replaceState(history.state, '', e.oldURL);
        return;
      }
    }
  });
}

/** Adds a guard that returns true to keep the page; returns its removal. */
export function addLeaveGuard(guard: LeaveGuard): () => void {
  guards.add(guard);
  return () => {
    guards.delete(guard);
  };
}
