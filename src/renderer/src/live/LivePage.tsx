// #/live: a grid of 1, 4, 9 or 16 live tiles of chosen cameras. The grid fits the window so
// every tile is on screen (tiles off screen or in a hidden window unsubscribe).
import { type RefObject, useEffect, useRef, useState } from 'react';
import type { CameraView } from '../../../shared/cameras';
import { EmptyState, PageHead } from '../components/layout';
import { Segmented } from '../components/Segmented';
import { StatusBadge } from '../components/StatusBadge';
import { useNow } from '../hooks/useNow';
import { statusWords } from '../pages/cameras/status-words';
import { useSynced } from '../store';
import { CameraThumbnail } from './CameraThumbnail';
import {
  type GridChoice,
  gridSlots,
  LAYOUTS,
  type Layout,
  loadChoice,
  saveChoice,
  setLayout,
  shownIds,
  toggleCamera,
} from './grid-model';
import { LiveIcon } from './LiveIcon';
import { openSurface } from './live-client';
import { SurfaceContext, type SurfaceContextValue } from './surface-context';
import { VideoTile } from './VideoTile';
import './live.css';

const LAYOUT_LABELS: Record<Layout, string> = { 1: '1', 4: '2×2', 9: '3×3', 16: '4×4' };

function useGridChoice(): [GridChoice, (c: GridChoice) => void] {
  const [choice, setChoice] = useState(() => loadChoice(globalThis.localStorage));
  useEffect(() => saveChoice(globalThis.localStorage, choice), [choice]);
  return [choice, setChoice];
}

/**
 * One canvas under the whole grid, shared by its tiles (one compositor layer instead of
 * one per tile). Made in an effect: a canvas hands its control to the engine only once.
 */
function useSurface(wrap: RefObject<HTMLDivElement | null>, active: boolean): SurfaceContextValue {
  const [value, setValue] = useState<SurfaceContextValue>({ surface: undefined, element: undefined });
  useEffect(() => {
    const host = wrap.current;
    if (!host || !active) return;
    const canvas = document.createElement('canvas');
    canvas.className = 'lv-surface';
    canvas.setAttribute('aria-hidden', 'true');
    host.prepend(canvas);
    const size = () => {
      const r = host.getBoundingClientRect();
      const dpr = window.devicePixelRatio || 1;
      return [Math.max(1, Math.round(r.width * dpr)), Math.max(1, Math.round(r.height * dpr))] as const;
    };
    const surface = openSurface(canvas, ...size());
    const ro = new ResizeObserver(() => surface.resize(...size()));
    ro.observe(host);
    setValue({ surface, element: canvas });
    return () => {
      ro.disconnect();
      surface.close();
      canvas.remove();
      setValue({ surface: undefined, element: undefined });
    };
  }, [wrap, active]);
  return value;
}

export function LivePage() {
  const cameras = useSynced((s) => s.cameras);
  const [choice, setChoice] = useGridChoice();
  const [picking, setPicking] = useState(false);
  const count = Object.keys(cameras).length;
  const wrap = useRef<HTMLDivElement>(null);
  const surface = useSurface(wrap, count > 0);

  if (count === 0) {
    return (
      <div className="page">
        <PageHead title="Live" />
        <EmptyState
          icon={<LiveIcon size={32} />}
          title="No cameras yet"
          action={
            <a className="btn primary" href="#/cameras">
              Add a camera
            </a>
          }
        >
          <p>Live video appears here once a camera is added and playing.</p>
        </EmptyState>
      </div>
    );
  }

  const slots = gridSlots(choice, cameras);
  return (
    <div className="page lv-page">
      <PageHead
        title="Live"
        lead="From camrelay's own camera sessions: watching opens no second connection to a camera."
        actions={
          <>
            <Segmented
              legend="Tiles"
              hideLegend
              value={String(choice.layout)}
              options={LAYOUTS.map((n) => ({
                value: String(n),
                label: LAYOUT_LABELS[n],
                title: `${n} tiles`,
              }))}
              onChange={(v) => setChoice(setLayout(choice, Number(v) as Layout, cameras))}
              testId="grid-layout"
            />
            <button
              type="button"
              className="btn"
              aria-expanded={picking}
              aria-controls="lv-picker"
              onClick={() => setPicking(!picking)}
              data-testid="grid-choose"
            >
              {picking ? 'Done' : 'Choose cameras'}
            </button>
          </>
        }
      />
      {picking ? <GridPicker choice={choice} cameras={cameras} onChange={setChoice} /> : null}
      <div className="lv-grid-wrap" ref={wrap}>
        <SurfaceContext.Provider value={surface}>
          <div className="lv-grid" data-layout={choice.layout} data-testid="live-grid">
            {slots.map((id, i) =>
              id ? (
                <VideoTile key={id} cameraId={id} />
              ) : (
                // biome-ignore lint/suspicious/noArrayIndexKey: empty slots have nothing else to key on
                <div key={`empty-${i}`} className="lv-slot-empty">
                  <button type="button" className="btn ghost small" onClick={() => setPicking(true)}>
                    Choose a camera
                  </button>
                </div>
              ),
            )}
          </div>
        </SurfaceContext.Provider>
      </div>
    </div>
  );
}

function GridPicker({
  choice,
  cameras,
  onChange,
}: {
  choice: GridChoice;
  cameras: Record<string, CameraView>;
  onChange: (c: GridChoice) => void;
}) {
  const now = useNow();
  const shown = shownIds(choice, cameras);
  const full = shown.length >= choice.layout;
  const sorted = Object.values(cameras).sort((a, b) => a.name.localeCompare(b.name));
  return (
    <fieldset className="card lv-picker" id="lv-picker" data-testid="grid-picker">
      <legend className="visually-hidden">Cameras in the grid</legend>
      <p className="muted lv-picker-head">
        {shown.length} of {choice.layout} tiles used
        {full ? ' — the grid is full: remove a camera or pick a larger grid.' : '.'}
      </p>
      <ul>
        {sorted.map((c) => {
          const on = shown.includes(c.id);
          const words = statusWords(c.status, now);
          return (
            <li key={c.id}>
              <label className={!on && full ? 'disabled' : undefined}>
                <input
                  type="checkbox"
                  checked={on}
                  disabled={!on && full}
                  onChange={() => onChange(toggleCamera(choice, c.id, cameras))}
                  data-testid={`grid-pick-${c.id}`}
                />
                <CameraThumbnail cameraId={c.id} width={80} />
                <span className="lv-picker-name">{c.name}</span>
                <StatusBadge tone={words.tone}>{words.badge}</StatusBadge>
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
