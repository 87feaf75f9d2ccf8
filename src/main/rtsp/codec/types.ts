// The boundary between the RTP layer and the depacketizers (one file per payload format in
// this folder). The RTP layer hands each depacketizer validated packets in sequence order;
// the depacketizer yields whole frames. Pure code: no sockets, timers or logging here.
import type { RtspError } from '../error';

/** A validated RTP packet as the session hands it to a depacketizer. */
export interface RtpPacket {
  /** RTP sequence number, 16 bits. */
  sequence: number;
  /** RTP timestamp extended to 64 bits (a safe integer), relative to nothing: raw extended. */
  timestamp: number;
  ssrc: number;
  marker: boolean;
  payloadType: number;
  /** A view into the received buffer (no copy). Valid only during `push`; copy to keep. */
  payload: Buffer;
  /** Packets lost (sequence gap) immediately before this one; 0 normally. */
  loss: number;
  /** Receive time in ms (monotonic clock of the session, injected). */
  receivedAt: number;
}

/** What a stream's SDP media section says, as the factory needs it. */
export interface MediaDescription {
  /** SDP media type: 'video' | 'audio' | 'application' | other. */
  media: string;
  /** rtpmap encoding name, as written (compare case-insensitively). */
  encodingName: string;
  payloadType: number;
  clockRate: number;
  /** Audio channels from rtpmap, when given. */
  channels?: number;
  /** a=fmtp parameters for this payload type, keys lower-cased, values as written. */
  fmtp: Record<string, string>;
  /** a=framerate when present. */
  frameRate?: number;
}

export type VideoCodec = 'h264' | 'h265' | 'jpeg';
export type AudioCodec = 'aac' | 'pcma' | 'pcmu' | 'l16' | 'g722' | 'g726' | 'opus';

export interface VideoParameters {
  kind: 'video';
  codec: VideoCodec;
  /** RFC 6381 codec string: avc1.PPCCLL, hvc1.…, or 'jpeg'. */
  rfc6381Codec: string;
  width: number;
  height: number;
  /** [h, v] pixel aspect ratio when signalled. */
  pixelAspectRatio?: [number, number];
  /** Frames per second from VUI timing info, when signalled. */
  frameRate?: number;
  /** e.g. 'High', 'Main'. */
  profile?: string;
  /** e.g. '3.1'. */
  level?: string;
  /** avcC / hvcC decoder configuration record; empty for JPEG. */
  extraData: Buffer;
}

export interface AudioParameters {
  kind: 'audio';
  codec: AudioCodec;
  rfc6381Codec?: string;
  sampleRate: number;
  channels: number;
  /** AudioSpecificConfig for AAC, OpusHead for Opus, else empty. */
  extraData: Buffer;
  /** Samples per frame when fixed (e.g. 1024 for AAC). */
  frameLength?: number;
}

export interface MessageParameters {
  kind: 'message';
  /** e.g. 'onvif-metadata'. */
  format: string;
}

export type StreamParameters = VideoParameters | AudioParameters | MessageParameters;

interface FrameBase {
  /** Index of the stream in the described session. Filled by the session layer. */
  streamIndex: number;
  /** Extended RTP timestamp of the frame. */
  timestamp: number;
  clockRate: number;
  /** Packets lost since the previous frame of this stream. */
  loss: number;
  /** Receive time (ms) of the frame's first packet. */
  receivedAt: number;
  /**
   * The frame's bytes, owned by the frame: a depacketizer never reuses or changes them after
   * `pull` returns the frame, so consumers (the live view's GOP cache, zero-copy sends) may
   * keep the buffer. Consumers must not change it either.
   */
  data: Buffer;
}

export interface VideoFrame extends FrameBase {
  kind: 'video';
  /** A key frame (IDR / IRAP / every JPEG). */
  isRandomAccessPoint: boolean;
  /** Parameters (SPS/PPS/…) changed with this frame: read `parameters` again. */
  hasNewParameters: boolean;
  /** nal_ref_idc == 0 (H.264) or a sub-layer non-reference picture (H.265). */
  isDisposable: boolean;
}

export interface AudioFrame extends FrameBase {
  kind: 'audio';
  /** Samples per channel in this frame. */
  frameLength: number;
}

export interface MessageFrame extends FrameBase {
  kind: 'message';
}

export type Frame = VideoFrame | AudioFrame | MessageFrame;

/** Output framing for H.264/H.265 access units. */
export type NalFraming = 'length-prefixed' | 'annex-b';
/** When to insert parameter sets into access units. */
export type ParameterSetInsertion = 'each-key-frame' | 'on-change' | 'never';
/** AAC output: raw access units or ADTS-framed. */
export type AacFraming = 'raw' | 'adts';

export interface DepacketizerOptions {
  nalFraming?: NalFraming; // default 'length-prefixed'
  parameterSets?: ParameterSetInsertion; // default 'never' (they are in extraData)
  aacFraming?: AacFraming; // default 'raw'
}

/**
 * One per stream. Call `push` with each packet in sequence order, then drain `pull` until
 * it returns undefined before the next `push`. Any payload bytes are acceptable input: a
 * payload that cannot be understood yields an RtspError value of kind 'codec' from `push`
 * (the packet and any partial frame are dropped), never an exception.
 */
export interface Depacketizer {
  /** Known parameters (from SDP or in-band); undefined until known. */
  readonly parameters: StreamParameters | undefined;
  push(packet: RtpPacket): RtspError | undefined;
  pull(): Frame | undefined;
}

export type DepacketizerResult = { ok: true; depacketizer: Depacketizer } | { ok: false; reason: string };
