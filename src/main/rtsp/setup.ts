// One SETUP exchange: the Transport we ask for (TCP interleaved channels or a UDP port pair),
// and what the server's answer means (channels, server ports, source, SSRC, Session). The
// session core applies the result; this file only negotiates.
import type { RtspConnection } from './connection';
import { RtspError, type RtspErrorContext } from './error';
import { parseSessionHeader, parseTransportHeader, type SessionHeader } from './headers';
import type { UdpOptions } from './options';
import { ReorderBuffer } from './reorder';
import { type Requester, statusError } from './requester';
import type { StreamInfo } from './stream-info';
import { UdpPair } from './udp';
import { redactUrl } from './url';

export type SetupState =
  | { kind: 'tcp'; channels: [number, number]; ssrc?: number }
  | { kind: 'udp'; pair: UdpPair; ssrc?: number; reorder: ReorderBuffer };

export interface SetupContext {
  req: Requester;
  conn: RtspConnection;
  host: string;
  hadCredentials: boolean;
  udp?: UdpOptions;
  /** channel -> stream index * 2 + (1 for RTCP), or -1. */
  channelMap: Int16Array;
  /** The session id from an earlier SETUP, if any. */
  sessionId: string | undefined;
  context(): RtspErrorContext;
}

export interface SetupOutcome {
  state: SetupState;
  /** The Session header of the response (absent only when a session id was already known). */
  session?: SessionHeader;
}

export async function negotiateSetup(
  ctx: SetupContext,
  index: number,
  stream: StreamInfo,
  kind: 'tcp' | 'udp',
): Promise<SetupOutcome> {
  const errCtx = () => ({ ...ctx.context(), streamIndex: index });
  let pair: UdpPair | undefined;
  let transport: string;
  let wanted: [number, number] = [0, 1];
  if (kind === 'udp') {
    pair = await UdpPair.bind(ctx.conn.remoteFamily === 'IPv6' ? 6 : 4, ctx.udp?.portRange);
    transport = `RTP/AVP;unicast;client_port=${pair.rtpPort}-${pair.rtcpPort}`;
  } else {
    let ch = 0;
    while (ch < 254 && (ctx.channelMap[ch] !== -1 || ctx.channelMap[ch + 1] !== -1)) ch += 2;
    wanted = [ch, ch + 1];
    transport = `RTP/AVP/TCP;unicast;interleaved=${ch}-${ch + 1}`;
  }
  try {
    const res = await ctx.req.send('SETUP', stream.control, { Transport: transport });
    if (res.status < 200 || res.status >= 300) {
      throw statusError(res, 'SETUP', redactUrl(stream.control), ctx.hadCredentials).withContext(errCtx());
    }
    const sh = parseSessionHeader(res.headers.get('session') ?? '');
    if (sh === undefined && ctx.sessionId === undefined) {
      throw new RtspError('protocol', 'SETUP response without a Session header', errCtx());
    }
    const th = parseTransportHeader(res.headers.get('transport') ?? '');
    const ssrc = th?.ssrc !== undefined ? { ssrc: th.ssrc } : {};
    let state: SetupState;
    if (kind === 'tcp') {
      const [a, b] = th?.interleaved ?? wanted;
      if (a > 255 || b > 255 || ctx.channelMap[a] !== -1 || ctx.channelMap[b] !== -1) {
        throw new RtspError(
          'protocol',
          `server chose interleaved channels ${a}-${b}, unusable or taken`,
          errCtx(),
        );
      }
      state = { kind: 'tcp', channels: [a, b], ...ssrc };
    } else {
      if (th?.serverPort === undefined)
        throw new RtspError('protocol', 'UDP SETUP response without server_port', errCtx());
      const address = th.source && th.source !== '0.0.0.0' ? th.source : (ctx.conn.remoteAddress ?? ctx.host);
      pair!.connectTo(address, th.serverPort[0], th.serverPort[1], stream.payloadType ?? 0);
      const reorder = new ReorderBuffer({
        ...(ctx.udp?.reorderCapacity !== undefined ? { capacity: ctx.udp.reorderCapacity } : {}),
        ...(ctx.udp?.reorderDelayMs !== undefined ? { maxDelayMs: ctx.udp.reorderDelayMs } : {}),
      });
      state = { kind: 'udp', pair: pair!, reorder, ...ssrc };
    }
    pair = undefined; // handed over
    return sh ? { state, session: sh } : { state };
  } finally {
    pair?.close();
  }
}
