// Thumbnails on the page: one entry per camera, shared by every <CameraThumbnail> of that
// camera. The engine is asked for key frames while at least one thumbnail is on screen, and
// a moment longer (scrolling back and forth does not churn subscriptions). The newest
// bitmap stays cached for the next time the camera shows, until the camera is deleted.
import { useStore } from '../store';
import type { ViewState } from './engine/protocol';
import { thumbnailEngine } from './live-client';

const CLOSE_AFTER_MS = 1500;
export const THUMB_WIDTH = 320;
export const THUMB_INTERVAL_MS = 10_000;

interface Entry {
  refs: number;
  open: boolean;
  bitmap?: ImageBitmap;
  state?: ViewState;
  listeners: Set<() => void>;
  closeTimer?: ReturnType<typeof setTimeout>;
}

const entries = new Map<string, Entry>();

thumbnailEngine.listen((e) => {
  const entry = entries.get(e.cameraId);
  if (!entry) {
    if (e.type === 'thumb') e.bitmap.close();
    return;
  }
  if (e.type === 'thumb') {
    entry.bitmap?.close();
    entry.bitmap = e.bitmap;
    entry.state = undefined;
  } else {
    entry.state = e.state;
  }
  for (const l of entry.listeners) l();
});

function entryOf(cameraId: string): Entry {
  let e = entries.get(cameraId);
  if (!e) {
    e = { refs: 0, open: false, listeners: new Set() };
    entries.set(cameraId, e);
  }
  return e;
}

/** Shows interest in `cameraId`'s thumbnail while the returned function is not called. */
export function watchThumbnail(cameraId: string, listener: () => void): () => void {
  const e = entryOf(cameraId);
  e.listeners.add(listener);
  e.refs += 1;
  if (e.closeTimer) {
    clearTimeout(e.closeTimer);
    e.closeTimer = undefined;
  }
  if (!e.open) {
    e.open = true;
    thumbnailEngine.open(cameraId, THUMB_WIDTH, THUMB_INTERVAL_MS);
  }
  return () => {
    e.listeners.delete(listener);
    e.refs -= 1;
    if (e.refs > 0) return;
    e.closeTimer = setTimeout(() => {
      e.closeTimer = undefined;
      if (e.refs > 0 || !e.open) return;
      e.open = false;
      thumbnailEngine.close(cameraId);
      // A deleted camera's still is of no more use: free it.
      if (!useStore.getState().cameras?.[cameraId]) {
        e.bitmap?.close();
        entries.delete(cameraId);
      }
    }, CLOSE_AFTER_MS);
  };
}

export function thumbnailOf(cameraId: string): { bitmap?: ImageBitmap; state?: ViewState } {
  const e = entries.get(cameraId);
  return { ...(e?.bitmap ? { bitmap: e.bitmap } : {}), ...(e?.state ? { state: e.state } : {}) };
}
