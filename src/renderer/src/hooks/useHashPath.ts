// The part of the hash route after the page: `#/cameras/cam_1` -> ['cam_1']. Pages use it
// for deep links (a camera's details, a relay tab) without touching the app's router.
import { useCallback, useSyncExternalStore } from 'react';

function subscribe(cb: () => void) {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

const hash = () => window.location.hash;

export function hashRest(h: string): string[] {
  const parts = h.replace(/^#\/?/, '').split('?')[0]!.split('/');
  return parts.slice(1).filter(Boolean).map(decodeURIComponent);
}

/** The sub-path of the current page, and a setter that keeps the page. */
export function useHashPath(page: string): [string[], (rest: string[]) => void] {
  const h = useSyncExternalStore(subscribe, hash);
  const set = useCallback(
    (rest: string[]) => {
      const next = `#/${[page, ...rest.map(encodeURIComponent)].join('/')}`;
      if (window.location.hash !== next) window.location.hash = next;
    },
    [page],
  );
  return [hashRest(h), set];
}
