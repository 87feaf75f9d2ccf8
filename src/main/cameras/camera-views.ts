// The owner of the `cameras` slice of the state. The camera service publishes each camera's
// config part (name, URL, policies...); the camera manager reports what its supervisor sees
// (status, failures, figures, streams, history). Both ask this object; nothing else writes
// `cameras`. A deleted camera is never recreated by a late report of its winding-down supervisor.
import type { CameraView, FigureHistory } from '../../shared/cameras';
import { HISTORY_POINTS } from '../../shared/cameras';
import type { SliceWriter } from '../state/state-store';
import type { CameraRecord } from '../store/config-schema';

/** The fields the camera runtime reports; the others come from the config. */
export type CameraRuntimeField =
  | 'groupId'
  | 'status'
  | 'lastFailure'
  | 'serverTool'
  | 'live555Bug'
  | 'streams'
  | 'figures';

/** The config part of a camera's view; the runtime fills status, figures and streams. */
export function cameraViewBase(
  record: CameraRecord,
  hasPassword: boolean,
  now: number,
  previous?: CameraView,
): CameraView {
  return {
    id: record.id,
    name: record.name,
    url: record.url,
    username: record.username,
    hasPassword,
    transport: record.transport,
    group: record.group,
    enabled: record.enabled,
    policies: record.policies,
    mode: record.mode,
    groupId: previous?.groupId ?? '',
    status:
      previous?.status ??
      (!record.enabled
        ? { state: 'disabled' }
        : record.mode === 'on-demand'
          ? { state: 'idle' }
          : { state: 'connecting', since: now, attempt: 0 }),
    ...(previous?.lastFailure ? { lastFailure: previous.lastFailure } : {}),
    ...(previous?.serverTool ? { serverTool: previous.serverTool } : {}),
    ...(previous?.live555Bug !== undefined ? { live555Bug: previous.live555Bug } : {}),
    streams: previous?.streams ?? [],
    ...(previous?.figures ? { figures: previous.figures } : {}),
    history: previous?.history ?? { t: [], kbps: [], fps: [] },
  };
}

export class CameraViews {
  constructor(private readonly slice: SliceWriter<'cameras'>) {}

  get(id: string): CameraView | undefined {
    return this.slice.get()[id];
  }

  ids(): string[] {
    return Object.keys(this.slice.get());
  }

  /** The camera's config part changed (or it is new): its runtime fields are kept. */
  publish(record: CameraRecord, hasPassword: boolean, now: number): void {
    this.slice.set([record.id], cameraViewBase(record, hasPassword, now, this.get(record.id)));
  }

  remove(id: string): void {
    this.slice.delete([id]);
  }

  /** Removes every camera not in `ids` (after the whole config was replaced). */
  keepOnly(ids: ReadonlySet<string>): void {
    for (const id of this.ids()) if (!ids.has(id)) this.remove(id);
  }

  /** A runtime report for one field; `undefined` clears an optional one. */
  report<F extends CameraRuntimeField>(id: string, field: F, value: CameraView[F] | undefined): void {
    if (!this.get(id)) return;
    if (value === undefined) this.slice.delete([id, field]);
    else this.slice.set([id, field], value as NonNullable<CameraView[F]>);
  }

  /** One second of the chart: a point for each series. */
  appendHistory(id: string, t: number, kbps: number, fps: number): void {
    const h: FigureHistory | undefined = this.get(id)?.history;
    if (!h) return;
    this.slice.append([id, 'history', 't'], [t], HISTORY_POINTS);
    this.slice.append([id, 'history', 'kbps'], [kbps], HISTORY_POINTS);
    this.slice.append([id, 'history', 'fps'], [fps], HISTORY_POINTS);
  }
}
