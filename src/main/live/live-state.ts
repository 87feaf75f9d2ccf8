// Subscriber counts into the state (`live.viewers` / `live.thumbnails` by camera id), so the
// console can show who watches, and tests can see a closed view's stream stop. The one
// writer of the `live` slice.
import type { StateStore } from '../state/state-store';
import type { LiveCounts } from './live-service';

export function publishLiveCounts(store: StateStore): (cameraId: string, counts: LiveCounts) => void {
  const live = store.slice('live');
  return (cameraId, counts) => {
    for (const key of ['viewers', 'thumbnails'] as const) {
      if (counts[key] > 0) live.set([key, cameraId], counts[key]);
      else live.delete([key, cameraId]);
    }
  };
}
