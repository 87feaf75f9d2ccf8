// Window a long list inside a scrolling box: only the rows in view (plus overscan) render.
// Scroll and resize are read once per animation frame; nothing is measured per row.
import { useCallback, useEffect, useRef, useState } from 'react';
import { type RowWindow, rowWindow } from '../components/virtual';

export function useVirtualRows(count: number, rowHeight: number, overscan = 6) {
  const ref = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 800 });
  const frame = useRef(0);

  const read = useCallback(() => {
    frame.current = 0;
    const el = ref.current;
    if (!el) return;
    setView((v) =>
      v.top === el.scrollTop && v.height === el.clientHeight
        ? v
        : { top: el.scrollTop, height: el.clientHeight },
    );
  }, []);

  const onScroll = useCallback(() => {
    if (!frame.current) frame.current = requestAnimationFrame(read);
  }, [read]);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    read();
    const ro = new ResizeObserver(onScroll);
    ro.observe(el);
    return () => {
      ro.disconnect();
      if (frame.current) cancelAnimationFrame(frame.current);
    };
  }, [read, onScroll]);

  const win: RowWindow = rowWindow(view.top, view.height, rowHeight, count, overscan);
  return { ref, onScroll, win };
}
