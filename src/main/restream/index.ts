// Restream: camrelay as the RTSP server every other client uses, fed by the one camera
// session through a FrameFanOut. No Electron, no React. See server.ts for the listener,
// fan-out.ts for how frames reach consumers.
export type { RestreamUser } from './access';
export {
  type Attachment,
  type ConsumerStats,
  type FanOutConsumer,
  type FanOutOptions,
  FrameFanOut,
  type MediaUnit,
} from './fan-out';
export { slugOf, uniqueSlug } from './path';
export { DEFAULT_MTU } from './rtp-packetizer';
export {
  type ConsumerInfo,
  isLoopback,
  RestreamListenError,
  RestreamServer,
  type RestreamServerOptions,
  type RestreamStats,
} from './server';
export type { RestreamTrack } from './tracks';
