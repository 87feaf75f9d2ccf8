// The Described stage of a session, from the DESCRIBE response on: what DESCRIBE established
// (the streams, SDP and server tool, fixed from here on), the set-up streams and session id
// (StreamTransports), the input before PLAY (kept early, or unassigned-channel policy), and
// the end of a session that may exist on the server: UDP sockets closed, the dropped session
// tracked in the SessionGroup and its TEARDOWN started. `play()` creates the Playing stage.
import { RtspError } from './error';
import { parseRtpInfo } from './headers';
import { DEFAULTS, type PlayOptions, type TransportChoice } from './options';
import { statusError } from './requester';
import { newCounters, type StreamCounters } from './rtp';
import { EarlyPackets } from './session-early';
import type { ServerTraits, SessionLink, StageEnd } from './session-link';
import { Playing, type PlayMode } from './session-playing';
import { StreamTransports, type UdpInput } from './session-transports';
import type { StreamInfo } from './stream-info';
import { offeredEncodings } from './stream-select';
import { runTeardown } from './teardown';
import { redactUrl } from './url';

/** What DESCRIBE established; fixed for the session's life. */
export interface Description {
  streams: StreamInfo[];
  /** The SDP as received. */
  sdp: string;
  tool: string | undefined;
  buggyLive555: boolean;
}

export class Described implements StageEnd, UdpInput {
  readonly transports: StreamTransports;
  readonly counters: StreamCounters[];
  readonly server: ServerTraits;
  private readonly early = new EarlyPackets();
  private playing: Playing | undefined;
  private playRequested = false;
  /** The background TEARDOWN started when the session was dropped, if any. */
  teardown: Promise<RtspError | undefined> | undefined;

  constructor(
    readonly link: SessionLink,
    readonly description: Description,
  ) {
    this.transports = new StreamTransports(link, description.streams);
    this.counters = description.streams.map(() => newCounters());
    this.server = { toolKnown: true, buggyLive555: description.buggyLive555 };
    link.conn.sink = this;
  }

  get streams(): readonly StreamInfo[] {
    return this.description.streams;
  }

  async setup(index: number, transport: TransportChoice): Promise<void> {
    this.requireDescribed('SETUP');
    await this.transports.setup(index, transport, this);
  }

  /** Aggregate PLAY; the Playing stage starts with the response. */
  async play(opts: PlayOptions & { mode?: PlayMode }): Promise<Playing> {
    this.requireDescribed('PLAY');
    const link = this.link;
    const streams = this.description.streams;
    if (this.transports.count === 0) throw new RtspError('protocol', 'PLAY before any SETUP', link.context());
    const mode = opts.mode ?? 'frames';
    // Frames of streams without a depacketizer never come: say so now, not after the frame
    // timeout while their packets arrive.
    if (
      mode === 'frames' &&
      !streams.some((s, i) => s.supported && this.transports.transportOf(i) !== undefined)
    )
      throw new RtspError(
        'unsupported',
        `no set-up stream can be decoded; offered: ${offeredEncodings(streams)}`,
        link.context(),
      );
    const play = {
      initialTimestamp: opts.initialTimestamp ?? DEFAULTS.initialTimestamp,
      initialSequence: opts.initialSequence ?? DEFAULTS.initialSequence,
      unknownRtcpSsrc: opts.unknownRtcpSsrc ?? DEFAULTS.unknownRtcpSsrc,
      frameTimeoutMs: opts.frameTimeoutMs ?? DEFAULTS.frameTimeoutMs,
      ...(opts.maxTimestampJump !== undefined ? { maxTimestampJump: opts.maxTimestampJump } : {}),
    };
    this.playRequested = true;
    const res = await link.req.send('PLAY', link.url, { Range: 'npt=0.000-' });
    if (res.status < 200 || res.status >= 300) {
      throw statusError(res, 'PLAY', redactUrl(link.url), link.p.credentials !== undefined).withContext(
        link.context(),
      );
    }
    if (link.closed) throw link.endedError();
    const playing = new Playing({
      link,
      transports: this.transports,
      streams,
      counters: this.counters,
      server: this.server,
      mode,
      play,
      rtpInfo: parseRtpInfo(res.headers.get('rtp-info') ?? ''),
    });
    this.playing = playing;
    playing.start(this.early.take());
    return playing;
  }

  private requireDescribed(what: string): void {
    if (this.link.closed) throw this.link.endedError();
    if (this.playRequested) throw new RtspError('protocol', `${what} not allowed in stage playing`);
  }

  // ---------- input before PLAY ----------

  interleaved(channel: number, payload: Buffer, offset: number): void {
    const v = this.transports.channelMap[channel]!;
    if (v < 0) {
      this.link.unassignedChannel(channel, offset, this.server);
      return;
    }
    if (!this.link.closed) this.keepEarly(v >> 1, (v & 1) === 1, payload);
  }

  udpIn(index: number, rtcp: boolean, msg: Buffer): void {
    if (!this.link.closed) this.keepEarly(index, rtcp, msg);
  }

  private keepEarly(index: number, rtcp: boolean, payload: Buffer): void {
    if (this.early.keep(index, rtcp, payload) || this.early.dropped !== 1) return;
    this.link.log.warn('too much media before the PLAY response: dropping it (logged once)', {
      streamIndex: index,
    });
  }

  // ---------- end ----------

  end(error: RtspError | undefined): void {
    this.playing?.stop(error);
    this.early.take();
    const transport = this.transports.closeAll();
    this.link.conn.sink = undefined;
    this.drop(transport);
  }

  /** Tracks the dropped session in the group and starts its TEARDOWN, per policy. */
  private drop(transport: 'tcp' | 'udp'): void {
    const link = this.link;
    const p = link.p;
    const o = link.options;
    const policy = o.teardownPolicy ?? DEFAULTS.teardownPolicy;
    const sessionId = this.transports.sessionId;
    if (sessionId === undefined || policy === 'never') {
      link.log.debug('session dropped without TEARDOWN', {
        reason: sessionId === undefined ? 'no session on the server' : 'policy never',
      });
      link.conn.close();
      return;
    }
    const expiresAt = link.clock.now() + this.transports.sessionTimeoutS * 1000;
    const handle = o.group?.addDropped({ sessionId, expiresAt, url: redactUrl(link.url), transport });
    const auth = link.req.authenticator;
    this.teardown = runTeardown({
      policy,
      transport,
      buggyLive555: this.description.buggyLive555,
      existing: link.req,
      url: link.url,
      sessionId,
      expiresAt,
      host: p.host,
      port: p.port,
      secure: p.secure,
      ...(p.tls ? { tls: p.tls } : {}),
      allowBasic: p.secure || o.allowBasicAuth === true,
      ...(p.credentials ? { credentials: p.credentials } : {}),
      ...(auth ? { authenticator: auth } : {}),
      userAgent: o.userAgent ?? DEFAULTS.userAgent,
      clock: link.clock,
      logger: link.log,
      ...(handle ? { handle } : {}),
    });
    handle?.track(this.teardown);
    link.log.debug('session dropped: TEARDOWN started in the background', {
      policy,
      transport,
      buggyLive555: this.description.buggyLive555,
      expiresInMs: expiresAt - link.clock.now(),
    });
    this.teardown.then((err) =>
      err
        ? link.log.debug('TEARDOWN failed', { code: err.code, error: err.message })
        : link.log.debug('TEARDOWN succeeded'),
    );
  }
}
