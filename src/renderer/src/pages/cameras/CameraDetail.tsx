// A camera's details in a side panel: live chart, figures, streams, connection facts and
// the last failure in full. Opened from the table or a link (#/cameras/<id>).
import { useMemo } from 'react';
import type { CameraView } from '../../../../shared/cameras';
import { Dialog } from '../../components/Dialog';
import {
  formatBytes,
  formatCodec,
  formatCount,
  formatDateTime,
  formatFps,
  formatRate,
  formatResolution,
  formatSeconds,
} from '../../components/format';
import { LastKnown } from '../../components/LastKnown';
import { type ChartSeries, LiveChart } from '../../components/LiveChart';
import { useSynced } from '../../store';
import { CameraRestream } from './CameraRestream';
import type { CameraActions } from './CameraRow';
import { CameraShares } from './CameraShares';
import { CameraStatusCell } from './CameraStatusCell';
import { failureWords } from './status-words';

const TRANSPORT_WORDS = { tcp: 'TCP (interleaved)', udp: 'UDP', auto: 'Automatic (UDP, else TCP)' } as const;

export function CameraDetail({
  camera,
  actions,
  pending,
  onClose,
}: {
  camera: CameraView;
  actions: CameraActions;
  /** The enabled state asked with the switch, until main answers. */
  pending?: boolean | undefined;
  onClose: () => void;
}) {
  const group = useSynced((s) => (camera.groupId ? s.groups[camera.groupId] : undefined));
  const f = camera.status.state === 'playing' ? camera.figures : undefined;
  const series = useMemo<ChartSeries[]>(
    () => [
      {
        label: 'Bitrate',
        values: camera.history.kbps,
        color: 1,
        format: formatRate,
        axis: 'rate',
        floor: 10,
      },
      {
        label: 'Frame rate',
        values: camera.history.fps,
        color: 2,
        format: (v) => `${formatFps(v)} fps`,
        axis: { unit: 'fps' },
        floor: 5,
        right: true,
      },
    ],
    [camera.history],
  );
  const failure = camera.status.state === 'backing-off' ? camera.status.failure : camera.lastFailure;

  return (
    <Dialog
      variant="drawer"
      title={camera.name}
      description={<span className="mono">{camera.url}</span>}
      onClose={onClose}
      testId="camera-detail"
    >
      <div className="detail-status" data-state={camera.status.state}>
        <CameraStatusCell status={camera.status} lastFailure={camera.lastFailure} />
        <div className="detail-actions">
          <label className="check">
            <input
              type="checkbox"
              role="switch"
              className="switch sm"
              checked={pending ?? camera.enabled}
              aria-checked={pending ?? camera.enabled}
              onChange={(e) => actions.setEnabled(camera.id, e.currentTarget.checked)}
            />
            Enabled
          </label>
          {camera.status.state === 'backing-off' ? (
            <button
              type="button"
              className="btn small primary"
              onClick={() => actions.retry(camera.id)}
              data-testid="camera-detail-retry"
            >
              Retry now
            </button>
          ) : null}
          <button type="button" className="btn small" onClick={() => actions.edit(camera.id)}>
            Edit…
          </button>
          <button type="button" className="btn small" onClick={() => actions.duplicate(camera.id)}>
            Duplicate
          </button>
          <button type="button" className="btn small danger" onClick={() => actions.remove(camera.id)}>
            Delete…
          </button>
        </div>
      </div>

      <section className="detail-section" aria-labelledby="cd-live">
        <h3 id="cd-live">Live</h3>
        <LiveChart
          t={camera.history.t}
          series={series}
          height={180}
          title="Bitrate and frame rate, last 5 minutes"
          testId="camera-chart"
        />
        <dl className="tiles">
          <Tile label="Bitrate" value={f ? formatRate(f.kbps) : '—'} />
          <Tile label="Frame rate" value={f ? `${formatFps(f.fps)} fps` : '—'} />
          <Tile label="Key frame every" value={f ? formatSeconds(f.keyFrameIntervalSec) : '—'} />
          <Tile label="Lost packets" value={formatCount(camera.figures?.lostPackets)} />
          <Tile label="Frames" value={formatCount(camera.figures?.frames)} />
          <Tile label="Received" value={formatBytes(camera.figures?.bytes)} />
        </dl>
      </section>

      <CameraRestream cameraId={camera.id} mode={camera.mode} />
      <CameraShares cameraId={camera.id} cameraName={camera.name} />

      {failure ? (
        <section className="detail-section" aria-labelledby="cd-fail">
          <h3 id="cd-fail">{camera.status.state === 'backing-off' ? 'Why it is retrying' : 'Last error'}</h3>
          <div className="failure">
            <strong>{capitalise(failureWords(failure.kind) ?? failure.kind)}</strong>
            <p>{failure.message}</p>
            {failure.detail ? <pre className="mono detail-text">{failure.detail}</pre> : null}
            <span className="subtle">{formatDateTime(failure.at)}</span>
          </div>
        </section>
      ) : null}

      <section className="detail-section" aria-labelledby="cd-streams">
        <h3 id="cd-streams">Streams</h3>
        {camera.streams.length === 0 ? (
          <p className="subtle">Streams appear after the first successful connection.</p>
        ) : (
          <table className="data compact">
            <thead>
              <tr>
                <th scope="col">Media</th>
                <th scope="col">Codec</th>
                <th scope="col">Format</th>
                <th scope="col" className="num">
                  Clock
                </th>
              </tr>
            </thead>
            <tbody>
              {camera.streams.map((s) => (
                <tr key={s.index}>
                  <td>{s.media}</td>
                  <td>
                    {formatCodec(s)}
                    {s.codec ? <div className="sub mono">{s.codec}</div> : null}
                    {s.unsupported ? <div className="sub bad-text">Not used: {s.unsupported}</div> : null}
                  </td>
                  <td>
                    {s.media === 'video'
                      ? `${formatResolution(s.width, s.height)}${s.fps ? ` · ${formatFps(s.fps)} fps` : ''}`
                      : s.channels
                        ? `${s.channels} ch`
                        : '—'}
                  </td>
                  <td className="num">{formatCount(s.clockRate)} Hz</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="detail-section" aria-labelledby="cd-conn">
        <h3 id="cd-conn">Connection</h3>
        <dl className="facts">
          <dt>User name</dt>
          <dd>{camera.username || <span className="subtle">none</span>}</dd>
          <dt>Password</dt>
          <dd>{camera.hasPassword ? 'Saved (encrypted)' : <span className="subtle">none</span>}</dd>
          <dt>Transport</dt>
          <dd>{TRANSPORT_WORDS[camera.transport]}</dd>
          <dt>Mode</dt>
          <dd data-testid="camera-mode">{camera.mode === 'on-demand' ? 'On demand' : 'Always connected'}</dd>
          <dt>Group</dt>
          <dd>
            {camera.groupId ? (
              <a href={`#/groups/${encodeURIComponent(camera.groupId)}`}>{group?.label ?? camera.groupId}</a>
            ) : camera.group ? (
              camera.group
            ) : (
              <span className="subtle">automatic</span>
            )}
            {group && group.staleCount > 0 ? (
              <span className="subtle"> · {group.staleCount} stale</span>
            ) : null}
          </dd>
          <dt>Server</dt>
          <dd>{camera.serverTool ?? <span className="subtle">not known yet</span>}</dd>
          {camera.live555Bug ? (
            <>
              <dt>Known issue</dt>
              <dd>live555 stale-TCP bug: old sessions can keep playing; grouped per server.</dd>
            </>
          ) : null}
        </dl>
      </section>
    </Dialog>
  );
}

function Tile({ label, value }: { label: string; value: string }) {
  return (
    <div className="tile">
      <dt>{label}</dt>
      <dd className="num">
        {value}
        <LastKnown />
      </dd>
    </div>
  );
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
