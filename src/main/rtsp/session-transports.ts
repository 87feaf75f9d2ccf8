// What SETUP establishes, owned here: the transport of each stream (TCP interleaved channels
// or UDP, falling back to TCP on 461 under 'auto'), the session id the first SETUP assigns
// (with the require-match policy for later ones) and its timeout, and the per-stream
// bookkeeping the media path reads (the channel map, per interleaved packet; UDP sockets and
// reorder buffers).
import { RtspError } from './error';
import { DEFAULTS, type TransportChoice } from './options';
import type { SessionLink } from './session-link';
import { negotiateSetup, type SetupState } from './setup';
import type { StreamInfo } from './stream-info';

/** Where a UDP stream's datagrams go. */
export interface UdpInput {
  udpIn(index: number, rtcp: boolean, msg: Buffer): void;
}

function bindUdp(state: Extract<SetupState, { kind: 'udp' }>, index: number, udp: UdpInput): void {
  state.pair.receiver = {
    udpRtp: (m) => udp.udpIn(index, false, m),
    udpRtcp: (m) => udp.udpIn(index, true, m),
  };
}

export class StreamTransports {
  /** By stream index; undefined until the stream is set up. Never reassigned (shared by reference). */
  readonly setups: Array<SetupState | undefined> = [];
  /** channel -> stream index * 2 + (1 for RTCP), or -1. Never reassigned (shared by reference). */
  readonly channelMap = new Int16Array(256).fill(-1);

  /** Assigned by the first SETUP that answers with a Session header. */
  private id: string | undefined;
  private timeoutS = 60;

  constructor(
    private readonly link: SessionLink,
    private readonly streams: readonly StreamInfo[],
  ) {}

  get sessionId(): string | undefined {
    return this.id;
  }

  /** The session timeout the server announced (default 60 s). */
  get sessionTimeoutS(): number {
    return this.timeoutS;
  }

  /** SETUP one stream; a UDP stream's packets go to `udp` until `routeUdp` changes it. */
  async setup(index: number, transport: TransportChoice, udp: UdpInput): Promise<void> {
    const link = this.link;
    const stream = this.streams[index];
    if (stream === undefined) throw new RtspError('protocol', `no stream ${index}`, link.context());
    if (this.setups[index] !== undefined)
      throw new RtspError('protocol', `stream ${index} is already set up`);
    let choice: 'tcp' | 'udp' = transport === 'tcp' ? 'tcp' : 'udp';
    if (transport === 'auto' && this.setups.some((s) => s?.kind === 'tcp')) choice = 'tcp';
    for (;;) {
      try {
        await this.setupOnce(index, stream, choice, udp);
        return;
      } catch (e) {
        if (
          e instanceof RtspError &&
          e.kind === 'unsupported-transport' &&
          transport === 'auto' &&
          choice === 'udp'
        ) {
          link.log.debug('UDP refused (461): falling back to TCP', { streamIndex: index });
          choice = 'tcp';
          continue;
        }
        if (e instanceof RtspError && e.kind === 'unsupported-transport' && stream.multicast) {
          // A multicast-only server (GStreamer with UDP_MCAST) answers 461 to any unicast
          // transport: say what it offers instead of suggesting another transport.
          throw new RtspError(
            'unsupported',
            'the server offers this stream only over multicast, which camrelay does not support',
            e.context,
          );
        }
        throw e;
      }
    }
  }

  private async setupOnce(
    index: number,
    stream: StreamInfo,
    kind: 'tcp' | 'udp',
    udp: UdpInput,
  ): Promise<void> {
    const link = this.link;
    const p = link.p;
    const { state, session } = await negotiateSetup(
      {
        req: link.req,
        conn: link.conn,
        host: p.host,
        hadCredentials: p.credentials !== undefined,
        ...(p.options.udp ? { udp: p.options.udp } : {}),
        channelMap: this.channelMap,
        sessionId: this.id,
        context: () => link.context(),
      },
      index,
      stream,
      kind,
    );
    if (session !== undefined && this.id === undefined) {
      this.id = session.id;
      this.timeoutS = session.timeout;
      link.req.session = session.id;
    } else if (
      session !== undefined &&
      session.id !== this.id &&
      (p.options.sessionId ?? DEFAULTS.sessionId) === 'require-match'
    ) {
      if (state.kind === 'udp') state.pair.close();
      throw new RtspError('protocol', 'session id changed between SETUPs (policy require-match)', {
        ...link.context(),
        streamIndex: index,
      });
    }
    if (state.kind === 'tcp') {
      this.channelMap[state.channels[0]] = index * 2;
      this.channelMap[state.channels[1]] = index * 2 + 1;
    } else {
      bindUdp(state, index, udp);
    }
    this.setups[index] = state;
    link.log.debug('stream set up', {
      streamIndex: index,
      transport: state.kind,
      ...(state.kind === 'tcp' ? { channels: state.channels } : {}),
      sessionTimeoutS: this.timeoutS,
    });
  }

  /** Sends every UDP stream's packets to `udp` from now on (the playing session's input). */
  routeUdp(udp: UdpInput): void {
    this.setups.forEach((s, i) => {
      if (s?.kind === 'udp') bindUdp(s, i, udp);
    });
  }

  transportOf(index: number): 'tcp' | 'udp' | undefined {
    return this.setups[index]?.kind;
  }

  get count(): number {
    return this.setups.filter((s) => s !== undefined).length;
  }

  /** Closes the UDP sockets; returns the transport to tear the session down by ('udp' if any). */
  closeAll(): 'tcp' | 'udp' {
    let udp = false;
    for (const s of this.setups) {
      if (s?.kind !== 'udp') continue;
      udp = true;
      s.pair.close();
    }
    return udp ? 'udp' : 'tcp';
  }
}
