// What every stage of one RTSP session shares: the connection and its requester, the server
// it talks to, the caller's options, the aggregate URL, and the end of the session (fail /
// close, once, with its listeners). The stages own their own data: session-described.ts
// (what DESCRIBE and SETUP established), session-playing.ts (the media path, queue and timers
// of a played session). The link knows the current stage only as the `StageEnd` it releases.
import type { Logger } from '../../shared/engine-log';
import type { Clock } from './clock';
import type { RtspConnection, TlsOptions } from './connection';
import { type AnyRtspContext, RtspError, type RtspErrorContext } from './error';
import { DEFAULTS, type SessionOptions, type UnassignedChannelDataPolicy } from './options';
import type { Requester } from './requester';
import { type Credentials, redactUrl } from './url';

export interface LinkParams {
  options: SessionOptions;
  clock: Clock;
  req: Requester;
  host: string;
  port: number;
  secure: boolean;
  /** The TLS options for this server (after redirects: without another server's pin). */
  tls?: TlsOptions;
  credentials?: Credentials;
  /** The aggregate control URL as far as known (the request URL until DESCRIBE answers). */
  url: string;
  /** The session's logger (the caller's, with the session's URL). */
  log: Logger;
}

/** Something the session tolerated that an operator may want to know (never per packet). */
export interface SessionWarning {
  code: 'rtp-info-without-rtptime';
  message: string;
}

/** What the server said about itself in DESCRIBE; before it, nothing is known. */
export interface ServerTraits {
  toolKnown: boolean;
  buggyLive555: boolean;
}

/** The current stage's release when the session ends (sockets, timers, TEARDOWN). */
export interface StageEnd {
  end(error: RtspError | undefined): void;
}

export class SessionLink {
  readonly clock: Clock;
  readonly req: Requester;
  readonly conn: RtspConnection;
  readonly options: SessionOptions;
  readonly log: Logger;
  readonly warnings: SessionWarning[] = [];
  private aggregateUrl: string;
  private ended: { error: RtspError | undefined } | undefined;
  private stage: StageEnd | undefined;
  private readonly closeListeners: Array<(e: RtspError | undefined) => void> = [];
  /** Removes the listener on the caller's signal (the session must not outlive its close). */
  private offAbort: (() => void) | undefined;
  private unassignedSeen = false;

  constructor(readonly p: LinkParams) {
    this.clock = p.clock;
    this.req = p.req;
    this.conn = p.req.conn;
    this.options = p.options;
    this.log = p.log;
    this.aggregateUrl = p.url;
    this.conn.onClose((e) => this.fail(e));
    const signal = p.options.signal;
    if (signal) {
      if (signal.aborted) queueMicrotask(() => this.close());
      else {
        const onAbort = () => this.close();
        signal.addEventListener('abort', onAbort, { once: true });
        this.offAbort = () => signal.removeEventListener('abort', onAbort);
      }
    }
  }

  /** The aggregate control URL (with credentials, if the caller's URL had them). */
  get url(): string {
    return this.aggregateUrl;
  }

  /** DESCRIBE answered: the aggregate URL from the SDP, and the stage that owns the session now. */
  described(url: string, stage: StageEnd): void {
    this.aggregateUrl = url;
    this.stage = stage;
  }

  get closed(): boolean {
    return this.ended !== undefined;
  }

  get failure(): RtspError | undefined {
    return this.ended?.error;
  }

  /** The error to throw at a caller whose step found the session ended. */
  endedError(): RtspError {
    return this.ended?.error ?? closedError();
  }

  context(): RtspErrorContext {
    return { connection: this.conn.description, url: redactUrl(this.aggregateUrl), at: this.clock.wallNow() };
  }

  warn(code: SessionWarning['code'], message: string): void {
    this.log.warn(message, { code });
    this.warnings.push({ code, message });
  }

  onClose(fn: (e: RtspError | undefined) => void): void {
    if (this.ended) fn(this.ended.error);
    else this.closeListeners.push(fn);
  }

  fail(e: RtspError): void {
    if (this.ended) return;
    this.end(e.withContext(this.context()));
  }

  close(): void {
    if (this.ended) return;
    this.end(undefined);
  }

  private end(error: RtspError | undefined): void {
    this.ended = { error };
    if (error) this.log.debug('session failed', { code: error.code, error: error.message });
    else this.log.debug('session closed by the caller');
    this.offAbort?.();
    this.offAbort = undefined;
    if (this.stage) this.stage.end(error);
    else {
      // Still describing: no session on the server yet, nothing to tear down.
      this.conn.sink = undefined;
      this.conn.close();
    }
    for (const fn of this.closeListeners.splice(0)) fn(error);
  }

  /** Ends the session on evidence of a stale live555 session, and records it in the group. */
  staleSessionFound(what: string, ctx: AnyRtspContext): void {
    const added =
      this.options.group?.noteLive555Stale({ url: redactUrl(this.aggregateUrl || this.p.host) }) ?? false;
    this.log.warn('stale live555 session found: ending this session', {
      evidence: what,
      alreadyKnown: !added,
    });
    this.fail(
      new RtspError(
        'stale-session',
        `${what}: a stale live555 session is sending on this connection${added ? '' : ' (already known)'}`,
        { ...this.context(), ...ctx },
      ),
    );
  }

  /**
   * Interleaved data on a channel no SETUP assigned, per policy: dropped, or the session
   * fails. Under 'auto', a server not yet known (before DESCRIBE answers) or a
   * buggy live555 is taken to have a stale session sending.
   */
  unassignedChannel(channel: number, offset: number, server: ServerTraits): void {
    let policy: UnassignedChannelDataPolicy =
      this.options.unassignedChannelData ?? DEFAULTS.unassignedChannelData;
    if (policy === 'auto')
      policy = !server.toolKnown || server.buggyLive555 ? 'assume-stale-session' : 'ignore';
    switch (policy) {
      case 'ignore':
        if (!this.unassignedSeen) {
          this.unassignedSeen = true;
          this.log.debug('dropping interleaved data on an unassigned channel (policy ignore; logged once)', {
            channel,
          });
        }
        return;
      case 'error':
        this.fail(
          new RtspError('protocol', `interleaved data on unassigned channel ${channel}`, {
            ...this.context(),
            channel,
            offset,
          }),
        );
        return;
      case 'assume-stale-session':
        this.staleSessionFound(`interleaved data on unassigned channel ${channel}`, { channel, offset });
        return;
      default: {
        const never: never = policy;
        throw new Error(`unknown policy ${String(never)}`);
      }
    }
  }
}

export function closedError(): RtspError {
  return new RtspError('closed', 'the session was closed');
}
