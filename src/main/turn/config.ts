// The TURN server's configuration: a zod schema (defaults filled in, every field checked) and
// `parseTurnConfig`, which throws TurnError('invalid-config') naming the first bad field.
import { z } from 'zod';
import { TurnError } from './errors';
import { parseCidr } from './policy/cidr';
import { ipFamily } from './stun/address';

const Port = z.number().int().min(0).max(65535);
const Ip = z.string().refine((s) => ipFamily(s) !== 0, 'not an IP address');
const Cidr = z.string().refine((s) => parseCidr(s) !== undefined, 'not a CIDR (a.b.c.d/n or x::/n)');
const Seconds = (min: number, max: number) => z.number().int().min(min).max(max);
const Ms = z.number().int().min(100).max(600_000);
const FailureLimit = z.strictObject({
  perSecond: z.number().positive().max(1e6),
  burst: z.number().int().min(1).max(1e6),
});

export const AUTH_FAILURE_DEFAULTS = {
  perSourceAndUser: { perSecond: 1, burst: 10 },
  perSource: { perSecond: 10, burst: 100 },
  perUser: { perSecond: 2, burst: 20 },
};

/** TCP/TLS client connections: caps, deadlines and byte bounds (see io/stream-guard.ts). */
export const STREAM_DEFAULTS = {
  maxConnections: 8192,
  maxConnectionsPerSource: 64,
  handshakeTimeoutMs: 10_000,
  frameTimeoutMs: 10_000,
  allocateTimeoutMs: 30_000,
  maxFrameBeforeAllocation: 8192,
  maxPendingBytes: 32 << 20,
};

export const ListenerSchema = z
  .strictObject({
    transport: z.enum(['udp', 'tcp', 'tls']),
    host: Ip,
    port: Port,
    /** TLS: PEM certificate chain and key, as text... */
    cert: z.string().optional(),
    key: z.string().optional(),
    /** ...or as files, read at start. */
    certFile: z.string().optional(),
    keyFile: z.string().optional(),
  })
  .refine(
    (l) =>
      l.transport !== 'tls' ||
      ((l.cert !== undefined || l.certFile !== undefined) &&
        (l.key !== undefined || l.keyFile !== undefined)),
    { message: 'a tls listener needs a certificate and a key', path: ['cert'] },
  );

export const TurnConfigSchema = z
  .strictObject({
    listeners: z.array(ListenerSchema).min(1, 'at least one listener'),
    realm: z.string().min(1).max(763).default('camrelay'),
    software: z.string().max(763).default('camrelay'),
    relay: z
      .strictObject({
        /** Relay IPs (at most one per family is used per listener); [] = derived from the listeners. */
        addresses: z.array(Ip).default([]),
        minPort: Port.min(1024).default(49152),
        maxPort: Port.min(1024).default(65535),
        /** Relay IP -> the address announced to clients (behind 1:1 NAT: private -> public). */
        announce: z.record(Ip, Ip).default({}),
      })
      .default({ addresses: [], minPort: 49152, maxPort: 65535, announce: {} })
      .refine((r) => r.minPort <= r.maxPort, {
        message: 'minPort must not exceed maxPort',
        path: ['minPort'],
      })
      .refine((r) => r.addresses.every((a) => a !== '0.0.0.0' && a !== '::'), {
        message: 'a relay address must be a specific address, not a wildcard',
        path: ['addresses'],
      })
      .refine((r) => Object.entries(r.announce).every(([k, v]) => ipFamily(k) === ipFamily(v)), {
        message: 'an announced address must be of the same family as the relay address',
        path: ['announce'],
      }),
    peers: z
      .strictObject({
        allowLoopback: z.boolean().default(false),
        allowPrivate: z.boolean().default(false),
        allow: z.array(Cidr).default([]),
        deny: z.array(Cidr).default([]),
      })
      .default({ allowLoopback: false, allowPrivate: false, allow: [], deny: [] }),
    quotas: z
      .strictObject({
        /**
         * Allocations per user; 0 = no limit (coturn's default). One client takes two (RTP and
         * RTCP) and a remote viewer of a 16-tile grid on one credential needs 16 or more.
         */
        perUser: z.number().int().min(0).default(0),
        /** Allocations in all; 0 = no limit. */
        total: z.number().int().min(0).default(1000),
      })
      .default({ perUser: 0, total: 1000 }),
    /** Bytes per second per allocation, each way; 0 = unlimited. */
    bandwidth: z.number().int().min(0).default(0),
    /** Static long-term users: name -> password. */
    users: z.record(z.string().min(1).max(513), z.string()).default({}),
    /** REST shared secrets (several at once for rotation). */
    authSecrets: z.array(z.string().min(1)).default([]),
    /**
     * Longest remaining lifetime a REST username may claim, seconds: "<expiry>:<user>" further in
     * the future is refused (401), so a leaked credential is not valid for years.
     */
    restMaxLifetime: Seconds(60, 366 * 86_400).default(86_400),
    /**
     * Failed authentications (password guessing): a burst, then `perSecond`, per source IP (IPv6:
     * per /64) and user together, per source and per user. Past any of them requests are not
     * checked (401, counted as 'throttled').
     */
    authFailures: z
      .strictObject({
        perSourceAndUser: FailureLimit.default(AUTH_FAILURE_DEFAULTS.perSourceAndUser),
        perSource: FailureLimit.default(AUTH_FAILURE_DEFAULTS.perSource),
        perUser: FailureLimit.default(AUTH_FAILURE_DEFAULTS.perUser),
      })
      .default(AUTH_FAILURE_DEFAULTS),
    lifetimes: z
      .strictObject({
        defaultAllocation: Seconds(1, 86400).default(600),
        maxAllocation: Seconds(1, 86400).default(3600),
        permission: Seconds(1, 3600).default(300),
        channel: Seconds(1, 3600).default(600),
        nonce: Seconds(1, 86400).default(600),
      })
      .default({ defaultAllocation: 600, maxAllocation: 3600, permission: 300, channel: 600, nonce: 600 })
      .refine((l) => l.defaultAllocation <= l.maxAllocation, {
        message: 'defaultAllocation must not exceed maxAllocation',
        path: ['defaultAllocation'],
      }),
    /** Unauthenticated error answers (401, 420, ...) per source IP. */
    unauthenticatedRate: z
      .strictObject({
        perSecond: z.number().positive().default(100),
        burst: z.number().int().min(1).default(200),
      })
      .default({ perSecond: 100, burst: 200 }),
    /**
     * Channel numbers accepted: RFC 5766's 0x4000-0x7FFF (coturn, libwebrtc and pion clients pick
     * from it) or RFC 8656's 0x4000-0x4FFF only.
     */
    channelRange: z.enum(['rfc5766', 'rfc8656']).default('rfc5766'),
    /** The coarse expiry tick, ms. */
    tickMs: z.number().int().min(10).max(60_000).default(1000),
    streams: z
      .strictObject({
        /** Open TCP/TLS connections per listener. */
        maxConnections: z.number().int().min(1).max(1_000_000).default(STREAM_DEFAULTS.maxConnections),
        /** Open TCP/TLS connections per client IP, over all listeners. */
        maxConnectionsPerSource: z
          .number()
          .int()
          .min(1)
          .max(1_000_000)
          .default(STREAM_DEFAULTS.maxConnectionsPerSource),
        /** TLS: the whole handshake, from connect. */
        handshakeTimeoutMs: Ms.default(STREAM_DEFAULTS.handshakeTimeoutMs),
        /** A whole STUN / ChannelData frame, from its first byte. */
        frameTimeoutMs: Ms.default(STREAM_DEFAULTS.frameTimeoutMs),
        /** From connect to the connection's allocation. */
        allocateTimeoutMs: Ms.default(STREAM_DEFAULTS.allocateTimeoutMs),
        /** Largest frame before the connection has an allocation (an Allocate is far smaller). */
        maxFrameBeforeAllocation: z
          .number()
          .int()
          .min(548)
          .max(20 + 0xffff)
          .default(STREAM_DEFAULTS.maxFrameBeforeAllocation),
        /** Bytes held in partial frames over all connections (at least one largest frame). */
        maxPendingBytes: z
          .number()
          .int()
          .min(20 + 0xffff)
          .default(STREAM_DEFAULTS.maxPendingBytes),
      })
      .default(STREAM_DEFAULTS),
    /** Most bytes queued on one TCP/TLS client before relayed data to it is dropped. */
    maxStreamBacklog: z
      .number()
      .int()
      .min(4096)
      .default(1 << 20),
  })
  .refine((c) => c.listeners.length <= 64, { message: 'at most 64 listeners', path: ['listeners'] });

export type TurnConfigInput = z.input<typeof TurnConfigSchema>;
export type TurnConfig = z.output<typeof TurnConfigSchema>;
export type TurnListenerConfig = z.output<typeof ListenerSchema>;

/** Validates and fills defaults; throws TurnError('invalid-config') naming the first bad field. */
export function parseTurnConfig(input: unknown): TurnConfig {
  const r = TurnConfigSchema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue?.path.map(String).join('.') ?? '';
  throw new TurnError(
    'invalid-config',
    `invalid TURN config${field ? ` at ${field}` : ''}: ${issue?.message ?? 'invalid'}`,
    {
      field,
    },
  );
}

export function listenerUrl(l: { transport: string; host: string; port: number }): string {
  return `${l.transport}://${l.host.includes(':') ? `[${l.host}]` : l.host}:${l.port}`;
}
