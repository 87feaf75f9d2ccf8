// One live view: a canvas the engine paints into, with the camera's name, status and
// latency over it. It subscribes only while it is on screen and the page is visible; off
// screen it costs nothing (main sends it nothing).
import { type MutableRefObject, useContext, useEffect, useRef, useState } from 'react';
import { LastKnown } from '../components/LastKnown';
import { cameraTone, toneClass } from '../components/status-tone';
import { useSynced } from '../store';
import type { Rect, ViewFigures, ViewState } from './engine/protocol';
import { openView, type ViewHandle } from './live-client';
import { formatLatency, tileMessage } from './live-words';
import { SurfaceContext } from './surface-context';
import { useInView } from './use-in-view';
import './live.css';

export interface VideoTileProps {
  cameraId: string;
  /** 'large' for the camera page: no name bar, figures shown by the page. */
  variant?: 'tile' | 'large';
  /** The open view (for snapshots), while there is one. */
  handleRef?: MutableRefObject<ViewHandle | undefined>;
  onFigures?: (figures: ViewFigures | undefined) => void;
  onState?: (state: ViewState | undefined) => void;
}

/** `el`'s box in device pixels, relative to `origin` (or at 0,0). */
function deviceRect(el: Element, origin?: Element): Rect {
  const r = el.getBoundingClientRect();
  const o = origin?.getBoundingClientRect();
  const dpr = window.devicePixelRatio || 1;
  return {
    x: o ? Math.round((r.left - o.left) * dpr) : 0,
    y: o ? Math.round((r.top - o.top) * dpr) : 0,
    width: Math.round(r.width * dpr),
    height: Math.round(r.height * dpr),
  };
}

export function VideoTile({ cameraId, variant = 'tile', handleRef, onFigures, onState }: VideoTileProps) {
  const boxRef = useRef<HTMLElement>(null);
  const hostRef = useRef<HTMLDivElement>(null);
  const visible = useInView(boxRef);
  const camera = useSynced((s) => s.cameras[cameraId]);
  const [view, setView] = useState<ViewState>({ state: 'connecting' });
  const [figures, setFigures] = useState<ViewFigures>();
  const callbacks = useRef({ onFigures, onState });
  callbacks.current = { onFigures, onState };
  const shared = useContext(SurfaceContext);
  const surface = shared?.surface;
  const surfaceElement = shared?.element;
  const waitForSurface = shared !== null && !surface;

  useEffect(() => {
    const host = hostRef.current;
    if (!visible || !host || waitForSurface) return;
    let canvas: HTMLCanvasElement | undefined;
    const rect = () => deviceRect(host, surfaceElement);
    if (!surface) {
      // A canvas can hand its control over only once: a fresh one per view.
      canvas = document.createElement('canvas');
      canvas.className = 'lv-canvas';
      canvas.dataset.testid = 'video-canvas';
      host.appendChild(canvas);
    }
    const placement = surface
      ? { kind: 'surface' as const, surface, rect: rect() }
      : { kind: 'canvas' as const, canvas: canvas!, rect: rect() };
    const handle = openView(cameraId, placement, {
      state: (s) => {
        setView(s);
        callbacks.current.onState?.(s);
      },
      figures: (f) => {
        setFigures(f);
        callbacks.current.onFigures?.(f);
      },
    });
    if (handleRef) handleRef.current = handle;
    const ro = new ResizeObserver(() => handle.place(rect()));
    ro.observe(host);
    return () => {
      ro.disconnect();
      handle.close();
      canvas?.remove();
      if (handleRef?.current === handle) handleRef.current = undefined;
      setFigures(undefined);
      setView({ state: 'connecting' });
      callbacks.current.onFigures?.(undefined);
      callbacks.current.onState?.(undefined);
    };
  }, [cameraId, visible, handleRef, surface, surfaceElement, waitForSurface]);

  const message = tileMessage(view, camera, Date.now());
  const showPicture = view.state === 'playing';
  const name = camera?.name ?? cameraId;
  return (
    <figure
      ref={boxRef}
      className={`lv-tile lv-${variant}${shared ? ' lv-on-surface' : ''}`}
      data-testid="video-tile"
      data-camera-id={cameraId}
      data-view-state={visible ? view.state : 'off-screen'}
    >
      <div
        ref={hostRef}
        className={`lv-canvas-host ${showPicture ? '' : 'dim'}`}
        role="img"
        aria-label={`Live video of ${name}${message ? ` — ${message.title}` : ''}`}
      />
      {variant === 'tile' ? (
        <figcaption className="lv-bar top">
          <a href={`#/camera/${encodeURIComponent(cameraId)}`} className="lv-name" title={`Open ${name}`}>
            <span className={`dot ${toneClass(cameraTone(camera?.status))}`} aria-hidden="true" />
            {name}
            <LastKnown />
          </a>
        </figcaption>
      ) : null}
      {showPicture && figures ? (
        <div className="lv-bar bottom">
          <span
            data-testid="tile-latency"
            title="From arrival in camrelay to painted here (median of the last seconds)"
          >
            {formatLatency(figures.latencyMs)}
          </span>
          <span>
            {figures.fps} fps
            <LastKnown />
          </span>
        </div>
      ) : null}
      {message ? (
        <div
          className={`lv-message ${message.tone}`}
          data-testid={message.unsupported ? 'codec-unsupported' : 'tile-message'}
          role="status"
        >
          <strong>{message.title}</strong>
          {message.detail ? <span>{message.detail}</span> : null}
        </div>
      ) : null}
    </figure>
  );
}
