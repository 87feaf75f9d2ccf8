import { CodedError, type PlainCodes } from '../../shared/coded-error';

// Errors of the WebRTC engine, with a stable code (the WHEP endpoint maps codes to statuses).
export type WebRtcErrorCode =
  | 'bad-offer' // the offer is not SDP or receives no H.264
  | 'no-video' // the camera sends no H.264 video yet (not playing, or another codec)
  | 'not-found' // no such share or viewer session
  | 'too-many-viewers'
  | 'closed'; // the sender is shutting down

export class WebRtcError extends CodedError<PlainCodes<WebRtcErrorCode>> {
  constructor(code: WebRtcErrorCode, message: string) {
    super(code, message, {});
  }
}
