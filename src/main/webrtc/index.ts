// Remote viewing over WebRTC as a library: no Electron, no React. The sender answers WHEP
// offers with the camera's own H.264 (and Opus/G.711 audio) from the camera's one session.
//
//   const sender = new WebRtcSender({ port, bindAddress });   // one UDP port for every viewer
//   cameraManagerFrameTap = (id) => sender.frameTap(id);
//   const { id, answer } = await sender.open(cameraId, offerSdp, shareId);
//   sender.end(id); sender.endTagged(shareId); sender.viewers(); sender.close();
export { WebRtcError, type WebRtcErrorCode } from './errors';
export { freeUdpPort } from './free-port';
export { type IceServer, linkHeaders, type TurnListenerAddress, turnUrls } from './ice-servers';
export { type ViewerInfo, WebRtcSender, type WebRtcSenderOptions } from './sender';
export {
  type IceCredentials,
  looksLikeShareUsername,
  shareCredentials,
  shareIdOfUsername,
} from './share-credentials';
export { MAX_SHARE_TTL_SECONDS, type Share, ShareRegistry, type ShareRegistryOptions } from './shares';
export { MAX_FRAGMENT, parseTrickleFragment, type TrickleFragment } from './trickle';
