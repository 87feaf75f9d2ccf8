// Requests over one connection with authentication: a 401 is answered once with the
// strongest challenge we support (again only if the server says the nonce was stale), and
// the chosen challenge is reused for later requests. Credentials never appear in errors.
import type { Logger } from '../../shared/engine-log';
import { Authenticator, chooseChallenge, parseChallenges } from './auth';
import type { Clock } from './clock';
import type { RtspConnection } from './connection';
import { RtspError } from './error';
import { RtspHeaders, type RtspResponse } from './message';
import { type Credentials, redactUrl } from './url';

export interface RequesterOptions {
  credentials?: Credentials;
  /** Answer Basic challenges (false over plain RTSP unless the operator allowed it). */
  allowBasic: boolean;
  userAgent: string;
  responseTimeoutMs: number;
  /** Requests and responses at debug (method, status, CSeq, ms; never Authorization). */
  logger?: Logger;
  /** For the request's duration in the log. */
  clock?: Clock;
}

export class Requester {
  private auth: Authenticator | undefined;
  /** Session header value to send, once known. */
  session: string | undefined;
  /** A 401 offered only Basic, which this connection may not answer (plain RTSP). */
  basicRefused = false;

  constructor(
    readonly conn: RtspConnection,
    private readonly opts: RequesterOptions,
    /** Carried across connections (teardown on a fresh connection, redirects). */
    auth?: Authenticator,
  ) {
    this.auth = auth;
  }

  get authenticator(): Authenticator | undefined {
    return this.auth;
  }

  /**
   * Sends a request; resolves with the final response (any status). Rejects only on
   * connection failure or timeout.
   */
  async send(
    method: string,
    url: string,
    extra?: Record<string, string>,
    opts: { timeoutMs?: number; body?: Buffer } = {},
  ): Promise<RtspResponse> {
    let staleRetries = 0;
    let retried = false;
    for (;;) {
      const h = new RtspHeaders(extra ?? {});
      h.set('User-Agent', this.opts.userAgent);
      if (this.session !== undefined && !h.has('session')) h.set('Session', this.session);
      if (this.auth) h.set('Authorization', this.auth.authorization(method, url));
      const log = this.opts.logger;
      const startedAt = this.opts.clock?.now() ?? 0;
      let res: RtspResponse;
      try {
        res = await this.conn.request(
          method,
          url,
          h,
          opts.timeoutMs ?? this.opts.responseTimeoutMs,
          opts.body,
        );
      } catch (e) {
        if (log?.debugEnabled)
          log.debug('request failed', {
            method,
            url: redactUrl(url),
            cseq: h.get('cseq'),
            code: e instanceof RtspError ? e.code : 'unknown',
            ms: (this.opts.clock?.now() ?? 0) - startedAt,
          });
        throw e;
      }
      if (log?.debugEnabled)
        log.debug('response', {
          method,
          url: redactUrl(url),
          status: res.status,
          cseq: res.headers.get('cseq') ?? h.get('cseq'),
          ms: (this.opts.clock?.now() ?? 0) - startedAt,
        });
      if (res.status !== 401 || this.opts.credentials === undefined) return res;
      const offered = parseChallenges(res.headers.getAll('www-authenticate'));
      const challenge = chooseChallenge(
        this.opts.allowBasic ? offered : offered.filter((c) => c.scheme !== 'basic'),
      );
      if (challenge === undefined) {
        this.basicRefused = offered.some((c) => c.scheme === 'basic');
        return res;
      }
      const stale = challenge.scheme === 'digest' && challenge.stale;
      if (retried && !(stale && staleRetries < 2)) return res;
      if (retried) staleRetries++;
      retried = true;
      this.opts.logger?.debug('answering an authentication challenge', {
        method,
        scheme: challenge.scheme,
        stale,
      });
      this.auth = new Authenticator(challenge, this.opts.credentials);
    }
  }
}

/** Maps a non-2xx response to an RtspError of the right kind. */
export function statusError(
  res: RtspResponse,
  method: string,
  url: string,
  hadCredentials: boolean,
  basicRefused = false,
): RtspError {
  const s = res.status;
  const ctx = { method, status: s, offset: res.offset, url };
  if (s === 401 && basicRefused) {
    return new RtspError(
      'auth',
      'the server offers only Basic authentication, which would send the password in clear over plain RTSP; allow Basic for this camera or use rtsps://',
      ctx,
    );
  }
  if (s === 401 || s === 403) {
    return new RtspError(
      'auth',
      hadCredentials ? 'credentials refused' : 'the server requires credentials',
      ctx,
    );
  }
  if (s === 404 || s === 454) return new RtspError('not-found', `${res.reason || 'not found'}`, ctx);
  if (s === 461) return new RtspError('unsupported-transport', res.reason || 'unsupported transport', ctx);
  if (s >= 300 && s < 400) return new RtspError('redirect', `redirect ${res.reason}`, ctx);
  return new RtspError(s >= 500 ? 'server' : 'protocol', `${res.status} ${res.reason}`.trim(), ctx);
}
