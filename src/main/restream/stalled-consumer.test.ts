// A TCP client that PLAYs and never reads, next to one that does, over real sockets: the
// stalled one is dropped to key frames (counted) and finally closed, while the reading one
// (camrelay's own RTSP client, depacketizing) gets every frame. Frames are synthetic H.264 of
// 200 KB, so kernel buffers fill in a second; each is sent once the reader has the previous one.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { h264Parameters } from '../rtsp/codec/h264-sps';
import type { Depacketizer, StreamParameters, VideoFrame } from '../rtsp/codec/types';
import { describe as rtspDescribe } from '../rtsp/session';
import { StreamInfo } from '../rtsp/stream-info';
import { FrameFanOut } from './fan-out';
import { RestreamServer } from './server';

// A real baseline SPS (640x360) and PPS, so the reading client knows the stream's parameters.
const params = h264Parameters(
  Buffer.from('6742c01ed900a03db011000003000100000300320f162e48', 'hex'),
  Buffer.from('68ebe3cb22c0', 'hex'),
) as StreamParameters;
const dep: Depacketizer = { parameters: params, push: () => undefined, pull: () => undefined };
const streams = [
  new StreamInfo(
    0,
    'video',
    'trackID=0',
    { media: 'video', encodingName: 'H264', payloadType: 96, clockRate: 90_000, fmtp: {} },
    undefined,
    dep,
  ),
];

function frame(n: number): VideoFrame {
  const size = 200_000;
  const data = Buffer.alloc(4 + size, 0x11);
  data.writeUInt32BE(size, 0);
  data[4] = n % 10 === 0 ? 0x65 : 0x41;
  return {
    kind: 'video',
    streamIndex: 0,
    timestamp: n * 3000,
    clockRate: 90_000,
    loss: 0,
    // Frame time runs at 1 s per frame, so the 30 s stall limit is reached within the test.
    receivedAt: n * 1000,
    data,
    isRandomAccessPoint: n % 10 === 0,
    hasNewParameters: false,
    isDisposable: false,
  };
}

let server: RestreamServer;
const fanOut = new FrameFanOut({ maxBacklogBytes: 1024 * 1024, stalledCloseMs: 30_000 });

beforeAll(async () => {
  server = new RestreamServer({ port: 0 });
  server.setPath('cam', fanOut);
  await server.listen();
  fanOut.onFrame(frame(0), streams);
});

afterAll(async () => {
  await server.close();
});

/** Sends one request and waits for its response head (bounded). */
function ask(s: Socket, lines: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no answer: ${text}`)), 5000);
    const onData = (d: Buffer) => {
      text += d.toString('latin1');
      if (text.includes('\r\n\r\n')) {
        clearTimeout(timer);
        s.off('data', onData);
        resolve(text);
      }
    };
    s.on('data', onData);
    s.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('a stalled TCP consumer', () => {
  it('is dropped to key frames and closed; the reading one gets every frame', async () => {
    const base = `rtsp://127.0.0.1:${server.port}/cam`;
    const stalled = connect(server.port, '127.0.0.1');
    stalled.on('error', () => {});
    await new Promise((r) => stalled.once('connect', r));
    const setup = await ask(stalled, [
      `SETUP ${base}/trackID=0 RTSP/1.0`,
      'CSeq: 1',
      'Transport: RTP/AVP/TCP;unicast;interleaved=0-1',
    ]);
    const session = /Session: ([0-9a-f]+)/.exec(setup)![1]!;
    expect(await ask(stalled, [`PLAY ${base}/ RTSP/1.0`, 'CSeq: 2', `Session: ${session}`])).toMatch(
      /200 OK/,
    );
    stalled.pause(); // never reads again

    const d = await rtspDescribe(base);
    await d.setup(0, { transport: 'tcp' });
    const reader = await d.play();
    let received = 0;
    const reading = (async () => {
      for await (const f of reader.frames()) {
        if (f.kind === 'video' && f.data.length > 100_000) received += 1;
      }
    })().catch(() => {});
    // The reader's start: the cached GOP (one key frame).
    await until(() => received === 1, 5000, 'the first frame');
    // Until the stalled session is closed: kernel socket buffers take a few MB first (how many
    // depends on the machine), then its backlog passes 1 MiB, then 30 s of frame time pass.
    let stalledDrops = 0;
    let n = 1;
    for (; n < 300 && server.consumers().length > 1; n++) {
      fanOut.onFrame(frame(n), streams);
      await until(() => received === n + 1, 5000, `frame ${n} at the reader`);
      for (const c of server.consumers()) stalledDrops = Math.max(stalledDrops, c.drops);
    }
    expect(stalledDrops).toBeGreaterThanOrEqual(1);
    // The reader got every frame sent; the stalled session was dropped to key frames, counted,
    // then closed.
    expect(received).toBe(n);
    expect(server.consumers().length).toBe(1);
    const left = server.consumers();
    expect(left[0]!.drops).toBe(0);
    reader.close();
    stalled.destroy();
    await reading;
  }, 60_000);
});
