// Test helpers for the live service: frames, streams with fixed parameters, and a pipe that
// decodes what it is sent. Pure code, no test-framework import.
import { Buffer } from 'node:buffer';
import { decodeServerMessage, type MediaWireError, type ServerMessage } from '../../shared/media';
import type { Depacketizer, StreamParameters, VideoFrame, VideoParameters } from '../rtsp/index';
import { StreamInfo } from '../rtsp/index';
import type { MediaPipe } from './connection';

export const H264_PARAMS: VideoParameters = {
  kind: 'video',
  codec: 'h264',
  rfc6381Codec: 'avc1.42C01E',
  width: 320,
  height: 240,
  extraData: Buffer.from([
    1, 0x42, 0xc0, 0x1e, 0xff, 0xe1, 0, 4, 0x67, 0x42, 0xc0, 0x1e, 1, 0, 2, 0x68, 0xce,
  ]),
};

/** A described session's streams: video first (unless `audioOnly`), then audio. */
export function streams(
  params: StreamParameters | undefined = H264_PARAMS,
  opts: { audioOnly?: boolean } = {},
): StreamInfo[] {
  const dep = (p: StreamParameters | undefined) =>
    ({ parameters: p, push: () => undefined, pull: () => undefined }) as Depacketizer;
  const audio = (i: number) =>
    new StreamInfo(
      i,
      'audio',
      'trackID=1',
      undefined,
      undefined,
      dep({
        kind: 'audio',
        codec: 'aac',
        sampleRate: 48000,
        channels: 2,
        extraData: Buffer.alloc(0),
      }),
    );
  if (opts.audioOnly) return [audio(0)];
  return [new StreamInfo(0, 'video', 'trackID=0', undefined, undefined, dep(params)), audio(1)];
}

export function frame(key: boolean, size = 100, over: Partial<Omit<VideoFrame, 'kind'>> = {}): VideoFrame {
  return {
    kind: 'video',
    streamIndex: 0,
    timestamp: 0,
    clockRate: 90_000,
    loss: 0,
    receivedAt: 0,
    data: Buffer.alloc(size, key ? 0x65 : 0x41),
    isRandomAccessPoint: key,
    hasNewParameters: false,
    isDisposable: !key,
    ...over,
  };
}

/** Collects and decodes what the service sends; `bufferedAmount` is settable. */
export class RecordingPipe implements MediaPipe {
  readonly messages: (ServerMessage | MediaWireError)[] = [];
  bufferedAmount = 0;
  closed = false;
  bytes = 0;

  send(bytes: Uint8Array): void {
    this.bytes += bytes.length;
    // Copy: the decoded frame's data is a view into the message.
    this.messages.push(decodeServerMessage(new Uint8Array(bytes)));
  }

  sendFrame(header: Uint8Array, data: Uint8Array): void {
    const message = new Uint8Array(header.length + data.length);
    message.set(header);
    message.set(data, header.length);
    this.send(message);
  }

  close(): void {
    this.closed = true;
  }

  frames() {
    return this.messages.filter((m) => m.type === 'frame');
  }

  take(): (ServerMessage | MediaWireError)[] {
    return this.messages.splice(0);
  }
}
