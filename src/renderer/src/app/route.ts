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
