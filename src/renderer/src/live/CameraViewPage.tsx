// #/camera/<id>: one camera large, with its live figures (from the state: status, frame
// rate, bit rate, resolution, codec; from the view: latency, dropped frames) and "Save
// snapshot".
import { useRef, useState, useSyncExternalStore } from 'react';
import { formatCodec, formatFps, formatRate, formatResolution } from '../components/format';
import { EmptyState, PageHead } from '../components/layout';
import { StatusBadge } from '../components/StatusBadge';
import { toast } from '../components/toast';
import { useNow } from '../hooks/useNow';
import { statusWords } from '../pages/cameras/status-words';
import { useSynced } from '../store';
import { AudioControl } from './audio/AudioControl';
import { CameraStage } from './CameraStage';
import type { ViewFigures, ViewState } from './engine/protocol';
import { LiveIcon } from './LiveIcon';
import type { ViewHandle } from './live-client';
import { formatLatency } from './live-words';
import { saveSnapshot } from './snapshot';
import { VideoTile } from './VideoTile';
import './live.css';

function subscribeHash(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

/** `#/camera/<id>` -> id. */
export function cameraIdFromHash(hash: string): string {
  const part = hash.replace(/^#\/?/, '').split('?')[0]!.split('/')[1] ?? '';
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export function CameraViewPage() {
  const id = useSyncExternalStore(subscribeHash, () => cameraIdFromHash(window.location.hash));
  const camera = useSynced((s) => s.cameras[id]);
  const viewers = useSynced((s) => s.live.viewers[id] ?? 0);
  const now = useNow();
  const handle = useRef<ViewHandle | undefined>(undefined);
  const [figures, setFigures] = useState<ViewFigures>();
  const [view, setView] = useState<ViewState>();
  const [saving, setSaving] = useState(false);

  if (!camera) {
    return (
      <div className="page">
        <PageHead title="Camera" />
        <EmptyState
          icon={<LiveIcon size={32} />}
          title="No such camera"
          action={
            <a className="btn" href="#/live">
              Back to Live
            </a>
          }
        >
          <p>It was deleted, or the link is wrong.</p>
        </EmptyState>
      </div>
    );
  }

  const words = statusWords(camera.status, now);
  const stream = camera.streams.find((s) => s.media === 'video' && !s.unsupported);
  const playing = view?.state === 'playing';

  const snapshot = async () => {
    const h = handle.current;
    if (!h) return;
    setSaving(true);
    try {
      const where = await saveSnapshot(await h.snapshot('image/png'), camera.name);
      if (where) toast(where === 'download' ? 'Snapshot downloaded' : `Snapshot saved to ${where}`);
    } catch (e) {
      toast(`Snapshot failed: ${(e as Error).message}`, 'bad');
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="page lv-camera-page">
      <PageHead
        title={camera.name}
        lead={
          <a href="#/live" className="lv-back">
            ← Live grid
          </a>
        }
        actions={
          <button
            type="button"
            className="btn primary"
            onClick={snapshot}
            disabled={!playing || saving}
            data-testid="save-snapshot"
          >
            {saving ? 'Saving…' : 'Save snapshot'}
          </button>
        }
      />
      <div className="lv-camera">
        <CameraStage name={camera.name}>
          <VideoTile
            cameraId={id}
            variant="large"
            handleRef={handle}
            onFigures={setFigures}
            onState={setView}
          />
        </CameraStage>
        <section className="card card-body lv-figures" aria-label="Live figures">
          <dl className="facts">
            <dt>Status</dt>
            <dd data-testid="figure-status">
              <StatusBadge tone={words.tone}>{words.badge}</StatusBadge>{' '}
              {/* The badge already says the state: only what it does not say follows. */}
              <span className="muted">
                {words.text.startsWith(words.badge)
                  ? words.text.slice(words.badge.length).trim()
                  : words.text}
              </span>
            </dd>
            <dt>Resolution</dt>
            <dd data-testid="figure-resolution">
              {formatResolution(
                stream?.width ?? (playing ? view.width : undefined),
                stream?.height ?? (playing ? view.height : undefined),
              )}
            </dd>
            <dt>Codec</dt>
            <dd data-testid="figure-codec">
              {formatCodec(stream)}
              {stream?.codec ? <span className="muted mono"> {stream.codec}</span> : null}
            </dd>
            <dt>Frame rate</dt>
            <dd data-testid="figure-fps">
              {formatFps(camera.figures?.fps)} fps
              {figures ? <span className="muted"> · shown {figures.fps} fps</span> : null}
            </dd>
            <dt>Bitrate</dt>
            <dd data-testid="figure-kbps">{formatRate(camera.figures?.kbps)}</dd>
            <dt>Latency</dt>
            <dd
              data-testid="figure-latency"
              title="From the packet's arrival in camrelay to the picture painted here (median of the last seconds)"
            >
              {formatLatency(figures?.latencyMs)}
              {figures?.clockErrorMs !== undefined && figures.clockErrorMs >= 1 ? (
                <span className="muted"> ± {Math.ceil(figures.clockErrorMs)} ms</span>
              ) : null}
            </dd>
            <dt>Dropped</dt>
            <dd data-testid="figure-dropped">
              {figures ? `${figures.dropped} of ${figures.dropped + figures.decoded} frames` : '—'}
            </dd>
            <dt>Watching</dt>
            <dd data-testid="figure-viewers">{viewers === 1 ? '1 view' : `${viewers} views`}</dd>
            <dt>Sound</dt>
            <dd>
              <AudioControl key={id} cameraId={id} />
            </dd>
          </dl>
        </section>
      </div>
    </div>
  );
}
