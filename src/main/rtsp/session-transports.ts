// The transport of each stream of a session: SETUP over TCP (interleaved channels) or UDP,
// falling back to TCP on 461 under 'auto'; the session id the first SETUP assigns and the
// require-match policy for later ones; and the per-stream bookkeeping the rest of the session
// reads (the channel map, per interleaved packet; UDP sockets and reorder buffers).
import { RtspError } from './error';
import { DEFAULTS, type TransportChoice } from './options';
import type { SessionCore } from './session-core';
import { negotiateSetup, type SetupState } from './setup';
import type { StreamInfo } from './stream-info';

export class StreamTransports {
  /** By stream index; undefined until the stream is set up. Never reassigned (shared by reference). */
  readonly setups: Array<SetupState | undefined> = [];
  /** channel -> stream index * 2 + (1 for RTCP), or -1. Never reassigned (shared by reference). */
  readonly channelMap = new Int16Array(256).fill(-1);

  constructor(private readonly core: SessionCore) {}

  async setup(index: number, transport: TransportChoice): Promise<void> {
    const core = this.core;
    const stream = core.streams[index];
    if (stream === undefined) throw new RtspError('protocol', `no stream ${index}`, core.context());
    if (this.setups[index] !== undefined)
      throw new RtspError('protocol', `stream ${index} is already set up`);
    let choice: 'tcp' | 'udp' = transport === 'tcp' ? 'tcp' : 'udp';
    if (transport === 'auto' && this.setups.some((s) => s?.kind === 'tcp')) choice = 'tcp';
    for (;;) {
      try {
        await this.setupOnce(index, stream, choice);
        return;
      } catch (e) {
        if (
          e instanceof RtspError &&
          e.kind === 'unsupported-transport' &&
          transport === 'auto' &&
          choice === 'udp'
        ) {
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

  private async setupOnce(index: number, stream: StreamInfo, kind: 'tcp' | 'udp'): Promise<void> {
    const core = this.core;
    const p = core.p;
    const { state, session } = await negotiateSetup(
      {
        req: core.req,
        conn: core.conn,
        host: p.host,
        hadCredentials: p.credentials !== undefined,
        ...(p.options.udp ? { udp: p.options.udp } : {}),
        channelMap: this.channelMap,
        sessionId: core.sessionId,
        context: () => core.context(),
      },
      index,
      stream,
      kind,
    );
    if (session !== undefined && core.sessionId === undefined) {
      core.sessionId = session.id;
      core.sessionTimeoutS = session.timeout;
      core.req.session = session.id;
    } else if (
      session !== undefined &&
      session.id !== core.sessionId &&
      (p.options.sessionId ?? DEFAULTS.sessionId) === 'require-match'
    ) {
      if (state.kind === 'udp') state.pair.close();
      throw new RtspError('protocol', 'session id changed between SETUPs (policy require-match)', {
        ...core.context(),
        streamIndex: index,
      });
    }
    if (state.kind === 'tcp') {
      this.channelMap[state.channels[0]] = index * 2;
      this.channelMap[state.channels[1]] = index * 2 + 1;
    } else {
      const input = core.input;
      state.pair.receiver = {
        udpRtp: (m) => input.udpIn(index, false, m),
        udpRtcp: (m) => input.udpIn(index, true, m),
      };
    }
    this.setups[index] = state;
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
