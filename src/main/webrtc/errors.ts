// Errors of the WebRTC engine, with a stable code (the WHEP endpoint maps codes to statuses).
export type WebRtcErrorCode =
  | 'bad-offer' // the offer is not SDP or receives no H.264
  | 'no-video' // the camera sends no H.264 video yet (not playing, or another codec)
  | 'not-found' // no such share or viewer session
  | 'too-many-viewers'
  | 'closed'; // the sender is shutting down

export class WebRtcError extends Error {
  override name = 'WebRtcError';
  constructor(
    readonly code: WebRtcErrorCode,
    message: string,
  ) {
    super(message);
  }
}
