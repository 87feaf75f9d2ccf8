// One camera in the table. Memoized on the camera object: the store keeps an untouched
// camera identical, so a tick re-renders only the rows whose camera changed.
import { memo } from 'react';
import type { CameraView } from '../../../../shared/cameras';
import {
  formatCodec,
  formatCodecName,
  formatCount,
  formatFps,
  formatRate,
  formatResolution,
  formatSeconds,
} from '../../components/format';
import { LastKnown } from '../../components/LastKnown';
import { ActionsMenu } from '../../components/Menu';
import { Sparkline } from '../../components/Sparkline';
import { CameraThumbnail } from '../../live';
import { CameraStatusCell } from './CameraStatusCell';
import { mainVideo } from './table-model';

export interface CameraActions {
  open(id: string): void;
  edit(id: string): void;
  duplicate(id: string): void;
  remove(id: string): void;
  setEnabled(id: string, enabled: boolean): void;
  /** "Retry now" for a camera that is backing off. */
  retry(id: string): void;
}

export const ROW_HEIGHT = 58;
/** On narrow windows each camera is a card of two lines (styles/pages/cameras.css, its 960px block). */
export const CARD_HEIGHT = 92;
export const CARDS_QUERY = '(max-width: 960px)';
const SPARK_POINTS = 120;

/** A chart of nothing but zeros says less than a dash. */
function hasRecentTraffic(kbps: readonly number[]): boolean {
  for (let i = kbps.length - 1; i >= 0 && i >= kbps.length - SPARK_POINTS; i--) if (kbps[i]! > 0) return true;
  return false;
}

export const CameraRow = memo(function CameraRow({
  camera,
  actions,
  index,
  pending,
}: {
  camera: CameraView;
  actions: CameraActions;
  /** 1-based row number among the filtered rows (aria-rowindex, header is 1). */
  index: number;
  /** The enabled state asked with the switch, until main answers. */
  pending: boolean | undefined;
}) {
  const video = mainVideo(camera);
  const playing = camera.status.state === 'playing';
  const f = playing ? camera.figures : undefined;
  const fps = f ? formatFps(f.fps) : '—';
  const rate = f ? formatRate(f.kbps) : '—';
  return (
    <tr
      className="camera-row"
      data-testid={`camera-row-${camera.id}`}
      data-state={camera.status.state}
      aria-rowindex={index + 1}
    >
      <td className="c-on">
        <input
          type="checkbox"
          role="switch"
          className="switch sm"
          checked={pending ?? camera.enabled}
          aria-checked={pending ?? camera.enabled}
          aria-busy={pending !== undefined}
          aria-label={`Enabled: ${camera.name}`}
          data-testid="camera-enabled-switch"
          onChange={(e) => actions.setEnabled(camera.id, e.currentTarget.checked)}
        />
      </td>
      <td className="c-thumb">
        <CameraThumbnail cameraId={camera.id} width={64} />
      </td>
      <th scope="row" className="c-name">
        <button
          type="button"
          className="link-btn"
          onClick={() => actions.open(camera.id)}
          title={camera.name}
        >
          {camera.name}
        </button>
        <div className="sub mono" title={camera.url}>
          {camera.url}
        </div>
      </th>
      <td className="c-status">
        <CameraStatusCell status={camera.status} lastFailure={camera.lastFailure} />
      </td>
      <td className="c-video">
        {/* Codec and size on the first line, the profile under it: each fits its column. */}
        <div title={video?.codec ? `${formatCodec(video)} (${video.codec})` : undefined}>
          {formatCodecName(video)}
          {video?.width && video.height ? (
            <span className="num"> · {formatResolution(video.width, video.height)}</span>
          ) : null}
        </div>
        <div className="sub">{video?.profile ?? ''}</div>
      </td>
      <td className="c-fps num">
        {fps}
        {f ? <LastKnown /> : null}
      </td>
      <td className="c-kbps num">
        {rate}
        {f ? <LastKnown /> : null}
      </td>
      <td className="c-kf num">{f ? formatSeconds(f.keyFrameIntervalSec) : '—'}</td>
      <td className="c-lost num">{f ? formatCount(f.lostPackets) : '—'}</td>
      <td className="c-chart">
        {hasRecentTraffic(camera.history.kbps) ? (
          <Sparkline
            primary={camera.history.kbps}
            secondary={camera.history.fps}
            points={SPARK_POINTS}
            label={`Last two minutes; now ${rate}, ${fps} fps`}
          />
        ) : (
          <span className="subtle">—</span>
        )}
      </td>
      <td className="c-act">
        <ActionsMenu
          label={`Actions for ${camera.name}`}
          testId="camera-actions"
          items={[
            ...(camera.status.state === 'backing-off'
              ? [{ label: 'Retry now', onSelect: () => actions.retry(camera.id), testId: 'camera-retry' }]
              : []),
            { label: 'Details', onSelect: () => actions.open(camera.id) },
            { label: 'Edit…', onSelect: () => actions.edit(camera.id), testId: 'camera-edit' },
            { label: 'Duplicate', onSelect: () => actions.duplicate(camera.id), testId: 'camera-duplicate' },
            {
              label: 'Delete…',
              onSelect: () => actions.remove(camera.id),
              danger: true,
              testId: 'camera-delete',
            },
          ]}
        />
      </td>
    </tr>
  );
});
