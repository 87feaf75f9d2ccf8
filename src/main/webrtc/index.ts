// Remote viewing over WebRTC as a library: no Electron, no React. The sender answers WHEP
// offers with the camera's own H.264 (and Opus/G.711 audio) from the camera's one session.
//
//   const sender = new WebRtcSender({ port, bindAddress });   // one UDP port for every viewer
//   cameraManagerFrameTap = (id) => sender.frameTap(id);
//   const { id, answer } = await sender.open(cameraId, offerSdp, shareId);
//   sender.end(id); sender.endTagged(shareId); sender.viewers(); sender.close();
export { WebRtcError, type WebRtcErrorCode } from './errors';
export { type ViewerInfo, WebRtcSender, type WebRtcSenderOptions } from './sender';
