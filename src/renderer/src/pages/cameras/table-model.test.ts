import { describe, expect, it } from 'vitest';
import type { CameraView } from '../../../../shared/cameras';
import { sampleCamera } from './camera-fixtures';
import { cameraSummary, filterCameras, nextSort, sortCameras } from './table-model';

const fig = (fps: number, kbps: number) => ({ fps, kbps, lostPackets: 0, frames: 0, bytes: 0 });
const playing = { state: 'playing' as const, since: 0 };
const failure = { kind: 'auth' as const, message: 'x', at: 0 };

const cams: CameraView[] = [
  sampleCamera('c1', { name: 'Gate 10', status: playing, figures: fig(25, 4000) }),
  sampleCamera('c2', { name: 'Gate 2', status: playing, figures: fig(12.5, 900) }),
  sampleCamera('c3', {
    name: 'Lobby',
    url: 'rtsp://10.0.0.9/lobby',
    status: { state: 'backing-off', since: 0, retryAt: 1, attempt: 1, failure },
    streams: [{ index: 0, media: 'video', encoding: 'H265', clockRate: 90000, width: 3840, height: 2160 }],
  }),
  sampleCamera('c4', { name: 'Yard', status: { state: 'disabled' }, enabled: false }),
];

describe('filterCameras', () => {
  it('filters by text in name, URL and codec, case-insensitively', () => {
    expect(filterCameras(cams, 'gate', 'all').map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(filterCameras(cams, '10.0.0.9', 'all').map((c) => c.id)).toEqual(['c3']);
    expect(filterCameras(cams, 'h.265', 'all').map((c) => c.id)).toEqual(['c3']);
    expect(filterCameras(cams, '  ', 'all').length).toBe(4);
  });

  it('filters by status', () => {
    expect(filterCameras(cams, '', 'problem').map((c) => c.id)).toEqual(['c3']);
    expect(filterCameras(cams, '', 'disabled').map((c) => c.id)).toEqual(['c4']);
    expect(filterCameras(cams, 'gate', 'playing').length).toBe(2);
  });
});

describe('sortCameras', () => {
  it('sorts names naturally (Gate 2 before Gate 10) and reverses', () => {
    expect(sortCameras(cams, { key: 'name', dir: 'asc' }).map((c) => c.name)).toEqual([
      'Gate 2',
      'Gate 10',
      'Lobby',
      'Yard',
    ]);
    expect(sortCameras(cams, { key: 'name', dir: 'desc' })[0]!.name).toBe('Yard');
  });

  it('puts problems first by status', () => {
    expect(sortCameras(cams, { key: 'status', dir: 'asc' }).map((c) => c.id)).toEqual([
      'c3',
      'c2',
      'c1',
      'c4',
    ]);
  });

  it('sorts live figures with cameras that have none last, either way', () => {
    expect(sortCameras(cams, { key: 'kbps', dir: 'desc' }).map((c) => c.id)).toEqual([
      'c1',
      'c2',
      'c3',
      'c4',
    ]);
    expect(sortCameras(cams, { key: 'kbps', dir: 'asc' }).map((c) => c.id)).toEqual(['c2', 'c1', 'c3', 'c4']);
    expect(sortCameras(cams, { key: 'video', dir: 'desc' })[0]!.id).toBe('c3');
  });

  it('does not mutate its input', () => {
    const copy = [...cams];
    sortCameras(cams, { key: 'fps', dir: 'asc' });
    expect(cams).toEqual(copy);
  });
});

describe('cameraSummary and nextSort', () => {
  it('counts per status and caches per object', () => {
    const record = Object.fromEntries(cams.map((c) => [c.id, c]));
    const s = cameraSummary(record);
    expect(s.total).toBe(4);
    expect(s.byFilter).toMatchObject({ playing: 2, problem: 1, disabled: 1, waiting: 0 });
    expect(cameraSummary(record)).toBe(s);
  });

  it('flips the same column and starts numbers descending', () => {
    expect(nextSort({ key: 'name', dir: 'asc' }, 'name')).toEqual({ key: 'name', dir: 'desc' });
    expect(nextSort({ key: 'name', dir: 'asc' }, 'kbps')).toEqual({ key: 'kbps', dir: 'desc' });
    expect(nextSort({ key: 'kbps', dir: 'desc' }, 'status')).toEqual({ key: 'status', dir: 'asc' });
  });
});
