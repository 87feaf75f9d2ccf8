// Filtering, sorting and counting cameras for the table. Pure; the table memoizes the result
// per cameras object, so a tick that changes nothing the view uses costs one pass.
import type { CameraStatus, CameraView } from '../../../../shared/cameras';
import { formatCodec } from '../../components/format';

export const STATUS_FILTERS = ['all', 'playing', 'problem', 'waiting', 'connecting', 'disabled'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export const STATUS_FILTER_LABEL: Record<StatusFilter, string> = {
  all: 'All',
  playing: 'Playing',
  problem: 'Retrying',
  waiting: 'Waiting',
  connecting: 'Connecting',
  disabled: 'Disabled',
};

export const SORT_KEYS = ['name', 'status', 'video', 'fps', 'kbps', 'keyframe', 'lost'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';
export interface Sort {
  key: SortKey;
  dir: SortDir;
}

export function statusFilterOf(status: CameraStatus): Exclude<StatusFilter, 'all'> {
  switch (status.state) {
    case 'playing':
      return 'playing';
    case 'backing-off':
      return 'problem';
    case 'waiting-stale':
      return 'waiting';
    case 'connecting':
      return 'connecting';
    case 'disabled':
    case 'idle':
      return 'disabled';
    default: {
      const never: never = status;
      return never;
    }
  }
}

/** Status order for sorting: problems first, then waiting, connecting, playing, disabled. */
const STATUS_RANK: Record<CameraStatus['state'], number> = {
  'backing-off': 0,
  'waiting-stale': 1,
  connecting: 2,
  playing: 3,
  idle: 4,
  disabled: 5,
};

export function mainVideo(camera: CameraView) {
  return camera.streams.find((s) => s.media === 'video' && !s.unsupported) ?? camera.streams[0];
}

function matchesText(camera: CameraView, q: string): boolean {
  if (!q) return true;
  const video = mainVideo(camera);
  return (
    camera.name.toLowerCase().includes(q) ||
    camera.url.toLowerCase().includes(q) ||
    camera.groupId.toLowerCase().includes(q) ||
    (camera.group !== '' && camera.group.toLowerCase().includes(q)) ||
    (video !== undefined && formatCodec(video).toLowerCase().includes(q))
  );
}

export function filterCameras(list: readonly CameraView[], text: string, status: StatusFilter): CameraView[] {
  const q = text.trim().toLowerCase();
  return list.filter((c) => (status === 'all' || statusFilterOf(c.status) === status) && matchesText(c, q));
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** The value a column sorts by; undefined sorts last in either direction. */
function sortValue(camera: CameraView, key: SortKey): number | string | undefined {
  switch (key) {
    case 'name':
      return camera.name;
    case 'status':
      return STATUS_RANK[camera.status.state];
    case 'video': {
      const v = mainVideo(camera);
      return v?.width && v.height ? v.width * v.height : undefined;
    }
    case 'fps':
      return camera.status.state === 'playing' ? camera.figures?.fps : undefined;
    case 'kbps':
      return camera.status.state === 'playing' ? camera.figures?.kbps : undefined;
    case 'keyframe':
      return camera.figures?.keyFrameIntervalSec;
    case 'lost':
      return camera.figures?.lostPackets;
    default: {
      const never: never = key;
      return never;
    }
  }
}

export function sortCameras(list: readonly CameraView[], sort: Sort): CameraView[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...list].sort((a, b) => {
    const va = sortValue(a, sort.key);
    const vb = sortValue(b, sort.key);
    if (va !== vb) {
      if (va === undefined) return 1;
      if (vb === undefined) return -1;
      const c =
        typeof va === 'string' || typeof vb === 'string' ? collator.compare(String(va), String(vb)) : va - vb;
      if (c !== 0) return c * sign;
    }
    // Ties keep a stable, readable order: by name, then id.
    return collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
}

export interface CameraSummary {
  total: number;
  byFilter: Record<StatusFilter, number>;
}

const summaries = new WeakMap<object, CameraSummary>();

/** Counts per status filter; cached per cameras object (shared by the sidebar and the page). */
export function cameraSummary(cameras: Readonly<Record<string, CameraView>>): CameraSummary {
  const cached = summaries.get(cameras);
  if (cached) return cached;
  const byFilter: Record<StatusFilter, number> = {
    all: 0,
    playing: 0,
    problem: 0,
    waiting: 0,
    connecting: 0,
    disabled: 0,
  };
  for (const id in cameras) {
    byFilter.all++;
    byFilter[statusFilterOf(cameras[id]!.status)]++;
  }
  const summary = { total: byFilter.all, byFilter };
  summaries.set(cameras, summary);
  return summary;
}

/** Cycles a header: a new column starts ascending (numbers descending), the same one flips. */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  const numeric = key === 'fps' || key === 'kbps' || key === 'lost' || key === 'video' || key === 'keyframe';
  return { key, dir: numeric ? 'desc' : 'asc' };
}
