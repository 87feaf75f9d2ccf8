// The persisted configuration: versioned JSON validated by zod. Keys added after version 1
// carry defaults so an older file still loads; a file from a newer version is refused
// (moved aside) rather than silently rewritten without the fields we do not know.
// Secrets are not here: they live in secrets.json, encrypted (see secret-store.ts).
import { z } from 'zod';
import { DEFAULT_POLICIES, GROUPING_MODES, MAX_CAMERAS, TRANSPORTS } from '../../shared/cameras';
import { DEFAULT_RELAY } from '../../shared/relay';
import { CAMERA_MODES, DEFAULT_RESTREAM } from '../../shared/restream';
import {
  CameraPoliciesSchema,
  IdSchema,
  RelaySettingsSchema,
  RestreamSettingsSchema,
  SettingsSchema,
} from '../../shared/schemas';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { plural } from '../../shared/words';

export const CONFIG_VERSION = 1;

export const CameraRecordSchema = z.strictObject({
  id: IdSchema,
  name: z.string().min(1).max(80),
  url: z.string().min(1).max(2048),
  username: z.string().max(128).default(''),
  transport: z.enum(TRANSPORTS).default('tcp'),
  group: z.string().max(64).default(''),
  enabled: z.boolean().default(true),
  policies: CameraPoliciesSchema.partial().transform((p) => ({ ...DEFAULT_POLICIES, ...p })),
  createdAt: z.number().default(0),
  /** 'always' holds the session; 'on-demand' opens it only while someone watches. */
  mode: z.enum(CAMERA_MODES).default('always'),
  /** Restream path (rtsp://HOST:PORT/<path>), set when added; absent: a slug of the name. */
  restreamPath: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,79}$/)
    .optional(),
});
export type CameraRecord = z.output<typeof CameraRecordSchema>;

export const ConfigSchema = z.strictObject({
  version: z.literal(CONFIG_VERSION),
  settings: SettingsSchema.partial()
    // Earlier versions kept the console theme here; it is now each browser's own choice.
    // A file that still has it (any value) loads, and the key is dropped on the next save.
    .extend({ theme: z.unknown().optional() })
    .transform(({ theme: _legacyTheme, ...s }) => ({ ...DEFAULT_SETTINGS, ...s })),
  cameras: z
    .array(CameraRecordSchema)
    .max(MAX_CAMERAS, `at most ${MAX_CAMERAS.toLocaleString('en-US')} cameras`)
    .default([]),
  grouping: z
    .strictObject({
      mode: z.enum(GROUPING_MODES).default('server'),
      named: z.array(z.string().min(1).max(64)).default([]),
    })
    .default({ mode: 'server', named: [] }),
  relay: z
    .strictObject({
      settings: RelaySettingsSchema.default({ ...DEFAULT_RELAY }),
      users: z.array(z.strictObject({ name: z.string().min(1).max(128), createdAt: z.number() })).default([]),
      secrets: z
        .array(z.strictObject({ id: IdSchema, label: z.string().max(64), createdAt: z.number() }))
        .default([]),
    })
    .default({ settings: { ...DEFAULT_RELAY }, users: [], secrets: [] }),
  /** The restream RTSP server; user passwords are in secrets.json (restream/user/<name>). */
  restream: z
    .strictObject({
      settings: RestreamSettingsSchema.partial().transform((s) => ({ ...DEFAULT_RESTREAM, ...s })),
      users: z
        .array(
          z.strictObject({
            name: z.string().min(1).max(64),
            /** Camera ids this user may watch; absent: all. */
            cameras: z.array(IdSchema).max(10_000).optional(),
            createdAt: z.number(),
          }),
        )
        .max(1000)
        .default([]),
    })
    .default({ settings: { ...DEFAULT_RESTREAM }, users: [] }),
});

export type Config = z.output<typeof ConfigSchema>;

export function defaultConfig(): Config {
  return ConfigSchema.parse({ version: CONFIG_VERSION, settings: {} });
}

export type ConfigParseResult =
  | {
      ok: true;
      config: Config;
      /** What the lenient loader left out to load the rest (empty for a clean file). */
      dropped: string[];
    }
  | { ok: false; reason: string };

/**
 * Parses config file text. Never throws: any bytes give a config or a reason. Lenient: one
 * bad camera, a duplicate id or cameras past MAX_CAMERAS never cost the whole config; they
 * are left out and listed in `dropped`.
 */
export function parseConfig(text: string): ConfigParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `is not valid JSON (${(err as Error).message})` };
  }
  return parseConfigValue(raw, { lenient: true });
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : '(top level)';
  return `is invalid at ${where} (${issue?.message ?? 'schema mismatch'})`;
}

/** Keeps the cameras that are valid, unique and within MAX_CAMERAS; says what was left out. */
function keepValidCameras(cameras: unknown[]): { kept: unknown[]; dropped: string[] } {
  const kept: unknown[] = [];
  const dropped: string[] = [];
  const ids = new Set<string>();
  let over = 0;
  cameras.forEach((camera, i) => {
    const parsed = CameraRecordSchema.safeParse(camera);
    if (!parsed.success) {
      dropped.push(`camera ${i + 1} ${describeIssue(parsed.error)}`);
    } else if (ids.has(parsed.data.id)) {
      dropped.push(`camera ${i + 1} ("${parsed.data.name}") repeats the id ${parsed.data.id}`);
    } else if (kept.length >= MAX_CAMERAS) {
      over += 1;
    } else {
      ids.add(parsed.data.id);
      kept.push(camera);
    }
  });
  if (over) {
    dropped.push(`${plural(over, 'camera')} past the limit of ${MAX_CAMERAS.toLocaleString('en-US')}`);
  }
  return { kept, dropped };
}

/**
 * Validates a config value. Strict by default (an import must be all valid or is refused);
 * `lenient` is for the file camrelay itself loads at start (see parseConfig).
 */
export function parseConfigValue(raw: unknown, options: { lenient?: boolean } = {}): ConfigParseResult {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, reason: 'is not a JSON object' };
  }
  const version = (raw as { version?: unknown }).version;
  if (typeof version === 'number' && version > CONFIG_VERSION) {
    return {
      ok: false,
      reason: `was written by a newer camrelay (config version ${version}; this one reads ${CONFIG_VERSION})`,
    };
  }
  let value = raw as Record<string, unknown>;
  let dropped: string[] = [];
  if (options.lenient && Array.isArray(value.cameras)) {
    const cameras = keepValidCameras(value.cameras);
    value = { ...value, cameras: cameras.kept };
    dropped = cameras.dropped;
  }
  const parsed = ConfigSchema.safeParse(value);
  if (!parsed.success) return { ok: false, reason: describeIssue(parsed.error) };
  const ids = new Set<string>();
  for (const c of parsed.data.cameras) {
    if (ids.has(c.id)) return { ok: false, reason: `has two cameras with id ${c.id}` };
    ids.add(c.id);
  }
  return { ok: true, config: parsed.data, dropped };
}
