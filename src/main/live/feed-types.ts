// What a subscription reads from its camera's feed.
import type { MediaCodec } from '../../shared/media';
import type { VideoFrame } from '../rtsp/index';
import type { GopCache } from './gop-cache';

/** The decoder configuration of a feed; a new id whenever any part of it changes. */
export interface FeedConfig {
  id: number;
  codec: MediaCodec;
  codecString: string;
  width: number;
  height: number;
  /** avcC / hvcC (a copy, owned by the feed); empty for JPEG. */
  description: Uint8Array;
}

export interface FeedView {
  readonly config: FeedConfig | undefined;
  readonly gop: GopCache;
  /** Presentation time in µs since the session's first frame. */
  timestampUs(frame: VideoFrame): number;
  /** A receive time of the session clock (monotonic ms) as main's wall-clock ms. */
  toWall(receivedAt: number): number;
}
