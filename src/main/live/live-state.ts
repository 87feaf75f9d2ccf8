// Subscriber counts into the state (`live.viewers` / `live.thumbnails` by camera id), so the
// console can show who watches, and tests can see a closed view's stream stop.
import type { StateStore } from '../state/state-store';
import type { LiveCounts } from './live-service';

export function publishLiveCounts(store: StateStore): (cameraId: string, counts: LiveCounts) => void {
  return (cameraId, counts) => {
    for (const key of ['viewers', 'thumbnails'] as const) {
      const path = ['live', key, cameraId];
      if (counts[key] > 0) store.set(path, counts[key]);
      else store.delete(path);
    }
  };
}
