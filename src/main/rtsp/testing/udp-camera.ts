// A scripted camera that sends its media over UDP: SETUP answers with a server_port pair of
// its own sockets, and after PLAY a sender pushes RTP (one H.264 IDR access unit per packet)
// to each set-up stream's client port until stopped. For what RTSP::Server and live555 do
// over UDP (TEARDOWN never answered, BYE, many media sections) without those servers.
import dgram from 'node:dgram';
import type { RtspRequest } from '../message';
import { rtpPacket } from './packets';
import { type CameraScript, camera, type Handler, type ScriptedConn } from './scripted-server';

/** An H.264 IDR slice NAL (type 5): enough for the depacketizer to emit a key frame. */
export const IDR_PAYLOAD = Buffer.from([0x65, 0x88, 0x84, 0x00, 0x10]);

export interface UdpCamera {
  handler: Handler;
  /** Stops the senders and closes the sockets. */
  stop(): Promise<void>;
  /** Client RTP ports of the streams set up so far, by SETUP order. */
  readonly clientPorts: number[];
  /** Sends RTCP to the client RTCP port of the n-th set-up stream. */
  sendRtcp(n: number, packet: Buffer): void;
}

export async function udpCamera(
  script: CameraScript & { ssrc?: (n: number) => number; intervalMs?: number } = {},
): Promise<UdpCamera> {
  const rtp = dgram.createSocket('udp4');
  const rtcp = dgram.createSocket('udp4');
  await Promise.all([
    new Promise<void>((r) => rtp.bind(0, '127.0.0.1', r)),
    new Promise<void>((r) => rtcp.bind(0, '127.0.0.1', r)),
  ]);
  const serverPorts = `${rtp.address().port}-${rtcp.address().port}`;
  const clientPorts: number[] = [];
  let timer: ReturnType<typeof setInterval> | undefined;
  let seq = 1;
  const ssrc = script.ssrc ?? ((n) => 0x1000 + n);
  const startSending = () => {
    if (timer) return;
    timer = setInterval(() => {
      const s = seq++;
      clientPorts.forEach((port, n) => {
        const pkt = rtpPacket(s, s * 3000, { marker: true, ssrc: ssrc(n), payload: IDR_PAYLOAD });
        rtp.send(pkt, port, '127.0.0.1');
      });
    }, script.intervalMs ?? 20);
  };
  const base = camera({
    ...script,
    transport: (requested, n) => {
      const m = /client_port=(\d+)-(\d+)/.exec(requested);
      if (m) clientPorts[n] = Number(m[1]);
      return (
        script.transport?.(requested, n) ??
        `${requested};server_port=${serverPorts};ssrc=${ssrc(n).toString(16)}`
      );
    },
  });
  const handler: Handler = (req: RtspRequest, conn: ScriptedConn) => {
    const reply = base(req, conn);
    if (req.method === 'PLAY' && reply !== 'ignore') startSending();
    return reply;
  };
  return {
    handler,
    clientPorts,
    sendRtcp: (n, packet) => rtcp.send(packet, clientPorts[n]! + 1, '127.0.0.1'),
    stop: async () => {
      if (timer) clearInterval(timer);
      await Promise.all([
        new Promise<void>((r) => rtp.close(() => r())),
        new Promise<void>((r) => rtcp.close(() => r())),
      ]);
    },
  };
}
