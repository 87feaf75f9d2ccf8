// The persisted configuration: versioned JSON validated by zod. Keys added after version 1
// carry defaults so an older file still loads; a file from a newer version is refused
// (moved aside) rather than silently rewritten without the fields we do not know.
// Secrets are not here: they live in secrets.json, encrypted (see secret-store.ts).
import { z } from 'zod';
import { DEFAULT_POLICIES, GROUPING_MODES, TRANSPORTS } from '../../shared/cameras';
import { DEFAULT_RELAY } from '../../shared/relay';
import { CameraPoliciesSchema, IdSchema, RelaySettingsSchema, SettingsSchema } from '../../shared/schemas';
import { DEFAULT_SETTINGS } from '../../shared/settings';

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
});
export type CameraRecord = z.output<typeof CameraRecordSchema>;

export const ConfigSchema = z.strictObject({
  version: z.literal(CONFIG_VERSION),
  settings: SettingsSchema.partial().transform((s) => ({ ...DEFAULT_SETTINGS, ...s })),
  cameras: z.array(CameraRecordSchema).max(10_000).default([]),
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
});

export type Config = z.output<typeof ConfigSchema>;

export function defaultConfig(): Config {
  return ConfigSchema.parse({ version: CONFIG_VERSION, settings: {} });
}

export type ConfigParseResult = { ok: true; config: Config } | { ok: false; reason: string };

/** Parses config file text. Never throws: any bytes give a config or a reason. */
export function parseConfig(text: string): ConfigParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `is not valid JSON (${(err as Error).message})` };
  }
  return parseConfigValue(raw);
}

export function parseConfigValue(raw: unknown): ConfigParseResult {
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
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(top level)';
    return { ok: false, reason: `is invalid at ${where} (${issue?.message ?? 'schema mismatch'})` };
  }
  const ids = new Set<string>();
  for (const c of parsed.data.cameras) {
    if (ids.has(c.id)) return { ok: false, reason: `has two cameras with id ${c.id}` };
    ids.add(c.id);
  }
  return { ok: true, config: parsed.data };
}
