// Zod schemas for the contract's data. Main validates with them; the renderer never loads
// zod (it gets validation results from main, field by field). Messages are written for the
// operator: they appear inline next to the field.
import { z } from 'zod';
import {
  BASIC_AUTH_OVER_PLAIN_RTSP,
  type CameraInput,
  type CameraPolicies,
  GROUPING_MODES,
  INITIAL_SEQUENCE_POLICIES,
  INITIAL_TIMESTAMP_POLICIES,
  SESSION_ID_POLICIES,
  TEARDOWN_POLICIES,
  TRANSPORTS,
  UNASSIGNED_CHANNEL_DATA_POLICIES,
  UNKNOWN_RTCP_SSRC_POLICIES,
} from './cameras';
import { ipFamily as isIP } from './ip';
import { LISTENER_TRANSPORTS, type RelayListener, type RelaySettings } from './relay';
import { CAMERA_MODES, type RestreamSettings } from './restream';
import type { Settings } from './settings';

export const SettingsSchema = z.strictObject({
  closeToTray: z.boolean(),
  startAtLogin: z.boolean(),
  startHidden: z.boolean(),
}) satisfies z.ZodType<Settings>;

/** `updateSettings` takes any subset of the settings; unknown keys are refused. */
export const SettingsPatchSchema = SettingsSchema.partial();

// ---- cameras ------------------------------------------------------------------------------

export const IdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a valid id');

const Name = (what: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `${what} is required`)
    .max(max, `${what} is at most ${max} characters`)
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), `${what} cannot contain control characters`);

export const RtspUrlSchema = z
  .string()
  .trim()
  .min(1, 'RTSP address is required')
  .max(2048, 'the address is too long (at most 2048 characters)')
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not a valid URL; expected rtsp://host[:port]/path' });
      return;
    }
    if (url.protocol !== 'rtsp:' && url.protocol !== 'rtsps:') {
      ctx.addIssue({
        code: 'custom',
        message: `must start with rtsp:// or rtsps:// (not ${url.protocol}//)`,
      });
    } else if (!url.hostname) {
      ctx.addIssue({ code: 'custom', message: 'the URL has no host' });
    } else if (!decodes(url.username) || !decodes(url.password)) {
      ctx.addIssue({
        code: 'custom',
        message: 'the user name or password in the URL has a broken %-escape; write a literal % as %25',
      });
    }
  });

function decodes(part: string): boolean {
  try {
    decodeURIComponent(part);
    return true;
  } catch {
    return false;
  }
}

const Fingerprint = z
  .string()
  .trim()
  .transform((v) => v.replace(/:/g, '').toLowerCase())
  .refine(
    (v) => v === '' || /^[0-9a-f]{64}$/.test(v),
    'a SHA-256 fingerprint is 64 hex digits (colons allowed)',
  );

export const CameraPoliciesSchema = z.strictObject({
  teardownPolicy: z.enum(TEARDOWN_POLICIES),
  unassignedChannelData: z.enum(UNASSIGNED_CHANNEL_DATA_POLICIES),
  sessionId: z.enum(SESSION_ID_POLICIES),
  initialTimestamp: z.enum(INITIAL_TIMESTAMP_POLICIES),
  initialSequence: z.enum(INITIAL_SEQUENCE_POLICIES),
  unknownRtcpSsrc: z.enum(UNKNOWN_RTCP_SSRC_POLICIES),
  basicAuthOverPlainRtsp: z.enum(BASIC_AUTH_OVER_PLAIN_RTSP),
  frameTimeoutSec: z.number().int('whole seconds').min(1, 'at least 1 s').max(300, 'at most 300 s'),
  tlsFingerprint: Fingerprint,
}) satisfies z.ZodType<CameraPolicies, unknown>;

export const CameraInputSchema = z.strictObject({
  name: Name('Name', 80),
  url: RtspUrlSchema,
  username: z.string().max(128, 'at most 128 characters'),
  password: z.string().max(256, 'at most 256 characters').optional(),
  transport: z.enum(TRANSPORTS),
  group: z.string().trim().max(64, 'at most 64 characters'),
  enabled: z.boolean(),
  policies: CameraPoliciesSchema,
  mode: z.enum(CAMERA_MODES).optional(),
}) satisfies z.ZodType<CameraInput, unknown>;

export const GroupNameSchema = Name('Group name', 64);

// ---- relay --------------------------------------------------------------------------------

const IpAddress = z
  .string()
  .trim()
  .refine((v) => isIP(v) !== 0, 'not an IP address');

export const CidrSchema = z
  .string()
  .trim()
  .refine((v) => {
    const [addr, bits, extra] = v.split('/');
    if (extra !== undefined || addr === undefined || bits === undefined || !/^\d{1,3}$/.test(bits))
      return false;
    const family = isIP(addr);
    return family !== 0 && Number(bits) <= (family === 4 ? 32 : 128);
  }, 'not a CIDR block (e.g. 203.0.113.0/24 or 2001:db8::/32)');

const Port = (what: string) =>
  z
    .number()
    .int(`${what} must be a whole number`)
    .min(1, `${what} must be 1-65535`)
    .max(65535, `${what} must be 1-65535`);

export const RelayListenerSchema = z
  .strictObject({
    transport: z.enum(LISTENER_TRANSPORTS),
    host: IpAddress,
    port: Port('Port'),
    certFile: z.string().trim().max(4096).optional(),
    keyFile: z.string().trim().max(4096).optional(),
  })
  .superRefine((l, ctx) => {
    if (l.transport !== 'tls') return;
    if (!l.certFile)
      ctx.addIssue({
        code: 'custom',
        path: ['certFile'],
        message: 'a TLS listener needs a certificate file',
      });
    if (!l.keyFile)
      ctx.addIssue({ code: 'custom', path: ['keyFile'], message: 'a TLS listener needs a key file' });
  }) satisfies z.ZodType<RelayListener, unknown>;

const RelaySettingsObject = z.strictObject({
  enabled: z.boolean(),
  listeners: z
    .array(RelayListenerSchema)
    .min(1, 'at least one listener')
    .max(16, 'at most 16 listeners')
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((l, i) => {
        const key = `${l.transport === 'udp' ? 'udp' : 'tcp'} ${l.host} ${l.port}`;
        if (seen.has(key))
          ctx.addIssue({ code: 'custom', path: [i, 'port'], message: 'this address and port is used twice' });
        seen.add(key);
      });
    }),
  realm: Name('Realm', 128).refine((v) => !/["\\]/.test(v), 'Realm cannot contain quotes or backslashes'),
  relayAddress: z
    .string()
    .trim()
    .refine((v) => v === '' || isIP(v) !== 0, 'not an IP address (leave empty to use the listener address)'),
  minPort: z.number().int().min(1024, 'relay ports start at 1024 or above').max(65535, 'at most 65535'),
  maxPort: z.number().int().min(1024, 'relay ports start at 1024 or above').max(65535, 'at most 65535'),
  allowLoopbackPeers: z.boolean(),
  allowPrivatePeers: z.boolean(),
  allowPeers: z.array(CidrSchema).max(256),
  denyPeers: z.array(CidrSchema).max(256),
  userQuota: z.number().int().min(0).max(100_000),
  totalQuota: z.number().int().min(0).max(1_000_000),
  bandwidthKbps: z.number().int().min(0).max(10_000_000),
  maxLifetimeSec: z.number().int().min(60, 'at least 60 s').max(86_400, 'at most one day'),
});

function checkPortRange(r: { minPort?: number; maxPort?: number }, ctx: z.RefinementCtx): void {
  if (r.minPort !== undefined && r.maxPort !== undefined && r.minPort > r.maxPort) {
    ctx.addIssue({
      code: 'custom',
      path: ['maxPort'],
      message: 'the range is reversed: the last port is below the first',
    });
  }
}

export const RelaySettingsSchema = RelaySettingsObject.superRefine(checkPortRange) satisfies z.ZodType<
  RelaySettings,
  unknown
>;
/** A partial update; the merged result is validated again with RelaySettingsSchema. */
export const RelaySettingsPatchSchema = RelaySettingsObject.partial().superRefine(checkPortRange);

export const TurnUserNameSchema = z
  .string()
  .trim()
  .min(1, 'User name is required')
  .max(128, 'at most 128 characters')
  .regex(/^[^:\s"\\]+$/, 'no spaces, colons, quotes or backslashes (a colon separates REST expiry and user)');

export const TurnPasswordSchema = z
  .string()
  .min(8, 'at least 8 characters')
  .max(256, 'at most 256 characters');

export const GroupingSchema = z.enum(GROUPING_MODES);

// ---- restream -----------------------------------------------------------------------------

export const RestreamSettingsSchema = z.strictObject({
  enabled: z.boolean(),
  host: z
    .string()
    .trim()
    .refine((v) => isIP(v) !== 0, 'not an IP address (e.g. 127.0.0.1, 0.0.0.0 or ::)'),
  port: z
    .number()
    .int('Port must be a whole number')
    .min(1, 'Port must be 1-65535')
    .max(65535, 'Port must be 1-65535'),
  graceSec: z.number().int('whole seconds').min(0, 'at least 0 s').max(3600, 'at most one hour'),
  firstFrameTimeoutSec: z.number().int('whole seconds').min(1, 'at least 1 s').max(120, 'at most 120 s'),
  tls: z.boolean(),
}) satisfies z.ZodType<RestreamSettings, unknown>;

/** `updateRestream` takes any subset; the merged result is validated again. */
export const RestreamSettingsPatchSchema = RestreamSettingsSchema.partial();

export const RestreamUserNameSchema = z
  .string()
  .trim()
  .min(1, 'User name is required')
  .max(64, 'at most 64 characters')
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dots, dashes and underscores only (it goes in URLs)');

export const RestreamPasswordSchema = z
  .string()
  .min(8, 'at least 8 characters')
  .max(256, 'at most 256 characters')
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), 'no control characters');
