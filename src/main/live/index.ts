// Live video: the frame path from the camera manager's tap to media channels. No Electron,
// no React. See live-service.ts for the service, ../../shared/media.ts for the wire format.
export type { MediaConnection, MediaPipe } from './connection';
export { DEFAULT_GOP_LIMITS, GopCache, type GopLimits } from './gop-cache';
export {
  type FrameTap,
  type LiveConsumer,
  type LiveCounts,
  LiveService,
  type LiveServiceOptions,
} from './live-service';
export { publishLiveCounts } from './live-state';
export { connectPort, type PortLike } from './port-pipe';
export { checkSnapshotArgs, snapshotFileName } from './snapshot-file';
export { DEFAULT_FLOW_LIMITS, type FlowLimits, type MediaSink } from './subscription';
