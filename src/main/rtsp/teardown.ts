// Background TEARDOWN of a dropped session, per TeardownPolicy:
// - auto: over TCP to a server without the live555 bug, one TEARDOWN on the open connection
//   with a 5 s limit (closing that connection ends the session anyway); otherwise as always.
// - always: the open connection first, then fresh connections with timeouts of 1 s doubling
//   to 16 s, until success or the session's expiry.
// 2xx, 454 (session not found) and 500 (a Hikvision model) count as success.
import type { Logger } from '../../shared/engine-log';
import type { Authenticator } from './auth';
import { type Clock, sleep } from './clock';
import { connect, type TlsOptions } from './connection';
import { RtspError } from './error';
import type { DroppedHandle } from './group';
import type { TeardownPolicy } from './options';
import { Requester } from './requester';
import type { Credentials } from './url';

export interface TeardownJob {
  policy: Exclude<TeardownPolicy, 'never'>;
  transport: 'tcp' | 'udp';
  buggyLive555: boolean;
  /** The session's requester, if its connection may still be open. */
  existing?: Requester;
  url: string;
  sessionId: string;
  expiresAt: number;
  host: string;
  port: number;
  secure: boolean;
  tls?: TlsOptions;
  credentials?: Credentials;
  /** Whether Basic may be answered (rtsps://, or allowed for this camera). */
  allowBasic: boolean;
  authenticator?: Authenticator;
  userAgent: string;
  clock: Clock;
  /** Attempts (requests and responses) at debug. */
  logger?: Logger;
  handle?: DroppedHandle;
}

export function teardownSucceeded(status: number): boolean {
  return (status >= 200 && status < 300) || status === 454 || status === 500;
}

async function attempt(req: Requester, job: TeardownJob, timeoutMs: number): Promise<RtspError | undefined> {
  try {
    const res = await req.send('TEARDOWN', job.url, { Session: job.sessionId }, { timeoutMs });
    if (teardownSucceeded(res.status)) return undefined;
    return new RtspError(
      res.status === 401 ? 'auth' : 'server',
      `TEARDOWN answered ${res.status} ${res.reason}`,
      {
        method: 'TEARDOWN',
        status: res.status,
      },
    );
  } catch (e) {
    return e instanceof RtspError ? e : new RtspError('network', String(e));
  }
}

/** Runs the TEARDOWN; resolves with the final error, or undefined on success. Never rejects. */
export async function runTeardown(job: TeardownJob): Promise<RtspError | undefined> {
  const simple = job.policy === 'auto' && job.transport === 'tcp' && !job.buggyLive555;
  let lastError: RtspError | undefined;
  if (job.existing && !job.existing.conn.isClosed) {
    lastError = await attempt(job.existing, job, simple ? 5000 : 1000);
    job.existing.conn.close();
    job.handle?.attempt(lastError);
    if (!lastError || simple) {
      job.handle?.finish(lastError, false);
      return lastError;
    }
  } else if (simple) {
    // The connection is gone: a server without the live555 bug ended the session with it.
    const err = job.existing?.conn.closeReason ?? new RtspError('network', 'connection already closed');
    job.handle?.finish(err, false);
    return err;
  }
  let timeout = 1000;
  while (job.clock.now() < job.expiresAt) {
    try {
      const conn = await connect({
        host: job.host,
        port: job.port,
        secure: job.secure,
        ...(job.tls ? { tls: job.tls } : {}),
        connectTimeoutMs: timeout,
        clock: job.clock,
      });
      const req = new Requester(
        conn,
        {
          ...(job.credentials ? { credentials: job.credentials } : {}),
          ...(job.logger ? { logger: job.logger } : {}),
          clock: job.clock,
          allowBasic: job.allowBasic,
          userAgent: job.userAgent,
          responseTimeoutMs: timeout,
        },
        job.authenticator,
      );
      lastError = await attempt(req, job, timeout);
      conn.close();
    } catch (e) {
      lastError = e instanceof RtspError ? e : new RtspError('network', String(e));
    }
    job.handle?.attempt(lastError);
    if (!lastError) {
      job.handle?.finish(undefined, false);
      return undefined;
    }
    const wait = Math.min(timeout, Math.max(0, job.expiresAt - job.clock.now()));
    timeout = Math.min(timeout * 2, 16_000);
    if (wait > 0) await sleep(job.clock, wait);
  }
  const err = new RtspError(
    'timeout',
    `TEARDOWN did not succeed before the session expired`,
    {
      method: 'TEARDOWN',
      ...(lastError ? {} : {}),
    },
    lastError ? { cause: lastError } : undefined,
  );
  job.handle?.finish(err, false);
  return err;
}
