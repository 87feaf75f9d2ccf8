// Whether an element is worth drawing: the page is visible (not a hidden window, a
// background tab or a tray-only app) and the element is at least partly in the viewport.
import { type RefObject, useEffect, useState, useSyncExternalStore } from 'react';

function subscribeVisibility(cb: () => void): () => void {
  document.addEventListener('visibilitychange', cb);
  return () => document.removeEventListener('visibilitychange', cb);
}

export function usePageVisible(): boolean {
  return useSyncExternalStore(subscribeVisibility, () => document.visibilityState === 'visible');
}

export function useInView(ref: RefObject<Element | null>, rootMargin = '0px'): boolean {
  const pageVisible = usePageVisible();
  const [intersecting, setIntersecting] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const io = new IntersectionObserver(
      (entries) => {
        const last = entries[entries.length - 1];
        if (last) setIntersecting(last.isIntersecting);
      },
      { rootMargin },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [ref, rootMargin]);
  return pageVisible && intersecting;
}
