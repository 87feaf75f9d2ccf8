// The persisted configuration: versioned JSON validated by zod. Keys added after version 1
// carry defaults so an older file still loads; a file from a newer version is refused
// (moved aside) rather than silently rewritten without the fields we do not know.
import { z } from 'zod';
import { SettingsSchema } from '../../shared/schemas';
import { DEFAULT_SETTINGS } from '../../shared/settings';

export const CONFIG_VERSION = 1;

export const ConfigSchema = z.strictObject({
  version: z.literal(CONFIG_VERSION),
  settings: SettingsSchema.partial().transform((s) => ({ ...DEFAULT_SETTINGS, ...s })),
});

export type Config = z.output<typeof ConfigSchema>;

export function defaultConfig(): Config {
  return { version: CONFIG_VERSION, settings: { ...DEFAULT_SETTINGS } };
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
  return { ok: true, config: parsed.data };
}
