// One RTSP session of a restream client: the tracks it set up (TCP interleaved channels or UDP
// client ports), its own RTP numbering per track, and, while playing, its attachment to the
// camera's fan-out. It is the fan-out's consumer: `deliver` writes to the client's TCP socket
// (its writableLength is the backlog the fan-out watches) or sends UDP datagrams.
import type { Socket } from 'node:net';
import { writeInterleaved } from '../rtsp/index';
import type { Attachment, FanOutConsumer, FrameFanOut, MediaUnit } from './fan-out';
import { copyTemplate, interleavedTemplate, RtpTrackSender, SENDER_REPORT_BYTES } from './rtp-sender';

export type TrackTransport =
  | { kind: 'tcp'; channel: number }
  | { kind: 'udp'; address: string; rtpPort: number; rtcpPort: number };

export interface SessionTrack {
  transport: TrackTransport;
  sender: RtpTrackSender;
}

/** Sends UDP datagrams from the server's RTP socket (or its RTCP socket). */
export type UdpSend = (packet: Buffer, port: number, address: string, rtcp?: boolean) => void;

/** Frame time between sender reports of a track. */
const REPORT_EVERY_MS = 2000;

export class RestreamSession implements FanOutConsumer {
  readonly tracks = new Map<number, SessionTrack>();
  readonly since = Date.now();
  #attachment: Attachment | undefined;
  #closed = false;
  /** Monotonic ms of the last request or RTCP packet (UDP session timeout). */
  lastActivity: number;
  /** Plain TCP: fill the unit's shared buffer (see #deliverShared). TLS sockets encrypt from
   * the buffer they are given, possibly later (during a renegotiation), so they get their own. */
  readonly #shareBuffers: boolean;

  constructor(
    readonly id: string,
    readonly path: string,
    readonly source: FrameFanOut,
    readonly user: string | undefined,
    readonly remoteAddress: string,
    private readonly socket: Socket,
    private readonly udpSend: UdpSend,
    now: number,
    private readonly onStalled: (s: RestreamSession) => void,
  ) {
    this.lastActivity = now;
    this.#shareBuffers = !(socket as { encrypted?: boolean }).encrypted;
  }

  get playing(): boolean {
    return this.#attachment !== undefined;
  }

  get transport(): 'tcp' | 'udp' | undefined {
    return this.tracks.values().next().value?.transport.kind;
  }

  /** Drops and frames of every play so far. */
  readonly totals = { drops: 0, droppedFrames: 0 };

  get drops(): number {
    return this.totals.drops + (this.#attachment?.stats.drops ?? 0);
  }

  get bytes(): number {
    let n = 0;
    for (const t of this.tracks.values()) n += t.sender.bytes;
    return n;
  }

  setup(trackId: number, transport: TrackTransport, payloadType: number): SessionTrack {
    const existing = this.tracks.get(trackId);
    const track = { transport, sender: existing?.sender ?? new RtpTrackSender(payloadType) };
    this.tracks.set(trackId, track);
    return track;
  }

  play(): void {
    if (this.#closed || this.#attachment) return;
    this.#attachment = this.source.attach(this);
  }

  pause(): void {
    const a = this.#attachment;
    if (!a) return;
    a.detach();
    this.totals.drops += a.stats.drops;
    this.totals.droppedFrames += a.stats.droppedFrames;
    this.#attachment = undefined;
  }

  close(): void {
    this.pause();
    this.#closed = true;
  }

  backlog(): number {
    return this.transport === 'tcp' ? this.socket.writableLength : 0;
  }

  deliver(unit: MediaUnit, rebase: boolean): void {
    const t = this.tracks.get(unit.track);
    if (!t || this.#closed) return;
    const tr = t.transport;
    const sender = t.sender;
    const last = sender.lastReportAt;
    const report = last === undefined || rebase || Math.abs(unit.receivedAt - last) >= REPORT_EVERY_MS;
    if (tr.kind === 'tcp') {
      if (this.socket.destroyed) return;
      if (this.#shareBuffers) {
        this.#deliverShared(unit, rebase, tr.channel, sender);
      } else {
        // One buffer of its own, one write: the packets and, when due, a sender report.
        const data = sender.writeInterleaved(unit, rebase, tr.channel, report ? 4 + SENDER_REPORT_BYTES : 0);
        if (report) {
          const sr = sender.senderReport(sender.lastTimestamp, unit.receivedAt);
          writeInterleaved(tr.channel + 1, sr).copy(data, data.length - 4 - SENDER_REPORT_BYTES);
        }
        this.socket.write(data);
        return;
      }
      if (report)
        this.socket.write(
          writeInterleaved(tr.channel + 1, sender.senderReport(sender.lastTimestamp, unit.receivedAt)),
        );
      return;
    }
    for (const p of sender.writeUnit(unit, rebase, undefined)) this.udpSend(p, tr.rtpPort, tr.address);
    if (report) {
      this.udpSend(sender.senderReport(sender.lastTimestamp, unit.receivedAt), tr.rtcpPort, tr.address, true);
    }
  }

  /**
   * Writes the unit's shared interleaved buffer with this session's headers. A plain TCP write
   * that leaves nothing queued (writableLength 0) has been copied into the kernel, so the next
   * consumer may fill the same buffer; one that is queued keeps it (marked held) and the next
   * consumer fills a copy.
   */
  #deliverShared(unit: MediaUnit, rebase: boolean, channel: number, sender: RtpTrackSender): void {
    let t = unit.interleaved;
    if (!t || t.channel !== channel) {
      t = interleavedTemplate(unit, channel);
      unit.interleaved = t;
    } else if (t.held) {
      t = copyTemplate(t);
      unit.interleaved = t;
    }
    this.socket.write(sender.fillInterleaved(t, unit, rebase));
    if (this.socket.writableLength > 0) t.held = true;
  }

  stalled(): void {
    // The fan-out has already let it go; keep what it counted.
    const a = this.#attachment;
    if (a) {
      this.totals.drops += a.stats.drops;
      this.totals.droppedFrames += a.stats.droppedFrames;
    }
    this.#attachment = undefined;
    this.onStalled(this);
  }
}
