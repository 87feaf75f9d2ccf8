// Starting a TurnServer, by job: the pure core built from a validated config, then every
// listener bound (all or none: a failure closes the ones already bound and names the listener).
import type { Logger } from '../../shared/engine-log';
import { Credentials } from './auth/credentials';
import { FailureThrottle } from './auth/failure-throttle';
import type { NonceIssuer } from './auth/nonce';
import { RateLimiter } from './auth/rate-limiter';
import type { TurnConfig } from './config';
import { TurnCore } from './core/core';
import type { Executor } from './io/executor';
import { type Listening, startStreamListener, startUdpListener } from './io/listeners';
import type { NodeIo } from './io/node-io';
import type { StreamGuard } from './io/stream-guard';
import { type PeerFilter, type PeerGrant, PeerPolicy } from './policy/peer-policy';
import { relayAddresses } from './relay-addresses';

export interface CoreDeps {
  now: () => number;
  nonces: NonceIssuer;
  peerFilter: ((policy: PeerPolicy) => PeerFilter) | undefined;
  peerGrant: PeerGrant | undefined;
  logger: Logger;
}

export function buildCore(c: TurnConfig, d: CoreDeps): TurnCore<NodeIo> {
  const policy = new PeerPolicy(c.peers);
  return new TurnCore<NodeIo>({
    realm: c.realm,
    software: c.software,
    now: d.now,
    lifetimes: c.lifetimes,
    relayAddresses: relayAddresses(c),
    announce: new Map(Object.entries(c.relay.announce)),
    ports: { min: c.relay.minPort, max: c.relay.maxPort },
    peerPolicy: d.peerFilter ? d.peerFilter(policy) : policy,
    ...(d.peerGrant ? { peerGrant: d.peerGrant } : {}),
    quotas: {
      perUser: c.quotas.perUser || Number.POSITIVE_INFINITY,
      total: c.quotas.total || Number.POSITIVE_INFINITY,
    },
    bandwidth: c.bandwidth,
    channelMax: c.channelRange === 'rfc8656' ? 0x4fff : 0x7fff,
    credentials: new Credentials(c.users, c.authSecrets, {
      observerLookup: true,
      restMaxLifetimeSec: c.restMaxLifetime,
    }),
    failureThrottle: new FailureThrottle(c.authFailures),
    nonces: d.nonces,
    rateLimiter: new RateLimiter(c.unauthenticatedRate, {
      perSecond: c.unauthenticatedRate.perSecond * 50,
      burst: c.unauthenticatedRate.burst * 50,
    }),
    logger: d.logger.child('request'),
  });
}

/** Binds every configured listener, in order; on a failure closes those bound and rethrows. */
export async function startListeners(
  c: TurnConfig,
  core: TurnCore<NodeIo>,
  exec: Executor,
  guard: StreamGuard,
  udpBufferBytes: number,
): Promise<Listening[]> {
  const streamOptions = { guard, maxConnections: c.streams.maxConnections };
  const started: Listening[] = [];
  try {
    for (const [i, l] of c.listeners.entries()) {
      const info = core.addListener({ transport: l.transport, localAddress: l.host, localPort: l.port });
      const ln =
        l.transport === 'udp'
          ? await startUdpListener(exec, l, i, udpBufferBytes)
          : await startStreamListener(exec, l, i, streamOptions);
      (info as { localPort: number }).localPort = ln.port;
      started.push(ln);
    }
  } catch (err) {
    exec.stopped = true;
    await Promise.all(started.map((s) => s.close()));
    throw err;
  }
  return started;
}
