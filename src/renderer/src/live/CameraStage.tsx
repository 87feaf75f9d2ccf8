// The camera page's picture with full screen and zoom: zoom in steps (buttons, + and - keys,
// 0 to fit), drag to look around a zoomed picture. The zoom is a CSS transform of the
// picture inside its tile: the tile keeps its size, so the view is not re-placed.
import { type PointerEvent, type ReactNode, useEffect, useRef, useState } from 'react';

const ZOOMS = [1, 1.5, 2, 3, 4] as const;

/** A pan offset kept inside the zoomed picture (fractions of the box, centre = 0). */
export function clampPan(pan: number, zoom: number): number {
  const limit = (zoom - 1) / 2;
  return Math.max(-limit, Math.min(limit, pan));
}

export function CameraStage({ name, children }: { name: string; children: ReactNode }) {
  const stage = useRef<HTMLDivElement>(null);
  const [level, setLevel] = useState(0);
  const [pan, setPan] = useState({ x: 0, y: 0 });
  const [full, setFull] = useState(false);
  const drag = useRef<{ x: number; y: number; pan: { x: number; y: number } }>(undefined);
  const zoom = ZOOMS[level]!;

  useEffect(() => {
    const onChange = () => setFull(document.fullscreenElement === stage.current);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  const zoomTo = (next: number) => {
    const l = Math.max(0, Math.min(ZOOMS.length - 1, next));
    const z = ZOOMS[l]!;
    setLevel(l);
    setPan((p) => ({ x: clampPan(p.x, z), y: clampPan(p.y, z) }));
  };
  const toggleFull = async () => {
    if (document.fullscreenElement) await document.exitFullscreen();
    else await stage.current?.requestFullscreen();
  };

  const down = (e: PointerEvent<HTMLDivElement>) => {
    if (zoom === 1 || (e.target as HTMLElement).closest('button')) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, y: e.clientY, pan };
  };
  const move = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    const box = stage.current?.getBoundingClientRect();
    if (!d || !box) return;
    setPan({
      x: clampPan(d.pan.x + (e.clientX - d.x) / box.width, zoom),
      y: clampPan(d.pan.y + (e.clientY - d.y) / box.height, zoom),
    });
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dragging pans a zoomed picture; the keys and buttons do the same
    <div
      ref={stage}
      className={`lv-stage${zoom > 1 ? ' zoomed' : ''}${full ? ' full' : ''}`}
      data-testid="camera-stage"
      data-zoom={zoom}
      style={
        {
          '--zoom': zoom,
          '--pan-x': `${pan.x * 100}%`,
          '--pan-y': `${pan.y * 100}%`,
        } as React.CSSProperties
      }
      onPointerDown={down}
      onPointerMove={move}
      onPointerUp={() => {
        drag.current = undefined;
      }}
      onKeyDown={(e) => {
        if (e.key === '+' || e.key === '=') zoomTo(level + 1);
        else if (e.key === '-') zoomTo(level - 1);
        else if (e.key === '0') zoomTo(0);
        else return;
        e.preventDefault();
      }}
    >
      {children}
      <div className="lv-stage-tools" role="toolbar" aria-label={`View of ${name}`}>
        <button type="button" className="btn small" onClick={() => zoomTo(level - 1)} disabled={level === 0}>
          Zoom out
        </button>
        <span className="lv-zoom num" aria-live="polite">
          {zoom === 1 ? 'Fit' : `${zoom}×`}
        </span>
        <button
          type="button"
          className="btn small"
          onClick={() => zoomTo(level + 1)}
          disabled={level === ZOOMS.length - 1}
        >
          Zoom in
        </button>
        <button type="button" className="btn small" onClick={toggleFull} data-testid="camera-fullscreen">
          {full ? 'Exit full screen' : 'Full screen'}
        </button>
      </div>
    </div>
  );
}
