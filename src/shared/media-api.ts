// What the Electron preload exposes for live video (media port, snapshot saving) and what the
// /media/stats endpoint answers: shared types beside the media wire format, not part of it.
import type { SubscribeMode } from './media-types';

/** The extra methods the Electron preload exposes for live video (absent in a browser). */
export interface MediaPortMethods {
  /**
   * Asks main for a media channel. The port arrives on `window` as a message event whose data
   * is `{ [MEDIA_PORT_MESSAGE]: requestId }`, with the port in `event.ports[0]`.
   */
  requestMediaPort(requestId: number): void;
  /** Shows a save dialog in main and writes the image there. */
  saveSnapshot(args: SaveSnapshotArgs): Promise<SaveSnapshotResult>;
}
export const MEDIA_PORT_METHODS = ['requestMediaPort', 'saveSnapshot'] as const;
/** Key of the window message that carries a media port from the preload to the page. */
export const MEDIA_PORT_MESSAGE = 'camrelayMediaPort';
export const MAX_SNAPSHOT_BYTES = 32 * 1024 * 1024;

export interface SaveSnapshotArgs {
  /** Suggested file name without directory, e.g. "Gate 2026-01-05 10-22-03.png". */
  name: string;
  mime: 'image/png' | 'image/jpeg';
  bytes: Uint8Array;
}
export type SaveSnapshotResult =
  | { ok: true; saved: false }
  | { ok: true; saved: true; path: string }
  | { ok: false; message: string };

/** What `/media/stats` answers (and LiveService.stats() returns). */
export interface LiveStats {
  connections: number;
  cameras: Record<
    string,
    {
      viewers: number;
      thumbnails: number;
      /** Frames and bytes held by the GOP cache now. */
      gopFrames: number;
      gopBytes: number;
      codec?: string;
    }
  >;
  subscriptions: {
    cameraId: string;
    mode: SubscribeMode;
    sent: number;
    dropped: number;
    inFlight: number;
    bytesSent: number;
  }[];
}
