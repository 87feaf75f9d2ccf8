// Export and import of the whole configuration. Secrets are left out unless the operator
// asks, and then travel encrypted with a passphrase (scrypt + AES-256-GCM), never in clear.
// Import replaces the configuration and secrets as a whole after validating everything.
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { promisify } from 'node:util';
import { z } from 'zod';
import type { ImportSummary } from '../../shared/commands';
import { CommandFailure } from '../../shared/errors';
import type { HostContext } from '../context';
import { type Config, parseConfigValue } from '../store/config-schema';

const scryptAsync = promisify(scrypt) as (
  pw: string,
  salt: Buffer,
  len: number,
  opts: object,
) => Promise<Buffer>;
const KDF = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

const SealedSchema = z.strictObject({
  kdf: z.literal('scrypt'),
  salt: z.string(),
  iv: z.string(),
  tag: z.string(),
  data: z.string(),
});

const ExportSchema = z.strictObject({
  format: z.literal('camrelay-config'),
  exportedAt: z.string(),
  config: z.unknown(),
  secrets: SealedSchema.optional(),
});

async function seal(plain: string, passphrase: string): Promise<z.infer<typeof SealedSchema>> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = await scryptAsync(passphrase, salt, 32, KDF);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return {
    kdf: 'scrypt',
    salt: salt.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

async function open(sealed: z.infer<typeof SealedSchema>, passphrase: string): Promise<string> {
  const key = await scryptAsync(passphrase, Buffer.from(sealed.salt, 'base64'), 32, KDF);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString(
    'utf8',
  );
}

function invalid(field: string, message: string): never {
  throw new CommandFailure({ code: 'invalid-argument', message, field, issues: [{ field, message }] });
}

export async function exportConfig(
  ctx: HostContext,
  includeSecrets: boolean,
  passphrase: string | undefined,
): Promise<{ json: string; filename: string }> {
  const document: z.infer<typeof ExportSchema> = {
    format: 'camrelay-config',
    exportedAt: new Date(ctx.now()).toISOString(),
    config: ctx.config.current,
  };
  if (includeSecrets && passphrase) {
    const secrets: Record<string, string> = {};
    for (const key of ctx.secrets.keys()) secrets[key] = ctx.secrets.get(key)!;
    document.secrets = await seal(JSON.stringify(secrets), passphrase);
  }
  const stamp = new Date(ctx.now()).toISOString().slice(0, 10);
  return { json: `${JSON.stringify(document, null, 2)}\n`, filename: `camrelay-config-${stamp}.json` };
}

export interface ImportedConfig {
  config: Config;
  secrets: Record<string, string> | undefined;
  summary: ImportSummary;
}

/** Validates an exported document completely; nothing is applied here. */
/** Where a file stops being JSON, in words: "it breaks at line 3, column 5". */
export function jsonErrorWords(text: string, err: unknown): string {
  if (text.trim() === '') return 'the file is empty';
  const message = String((err as Error)?.message ?? '');
  if (/end of JSON input/i.test(message)) {
    return `the file ends too early (line ${text.trimEnd().split('\n').length}): it may be cut short`;
  }
  const at = /at position (\d+)/.exec(message);
  if (!at) return 'the file is not a camrelay config export (it is not JSON; it may be cut short)';
  const pos = Math.min(Number(at[1]), text.length);
  const before = text.slice(0, pos).split('\n');
  const line = before.length;
  const column = (before.at(-1)?.length ?? 0) + 1;
  return pos >= text.trimEnd().length
    ? `the file ends too early (line ${line}): it may be cut short`
    : `the file is not a camrelay config export: its JSON breaks at line ${line}, column ${column}`;
}

export async function readExport(json: string, passphrase: string | undefined): Promise<ImportedConfig> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    invalid('json', jsonErrorWords(json, err));
  }
  const doc = ExportSchema.safeParse(raw);
  if (!doc.success) invalid('json', 'this is not a camrelay config export');
  const parsed = parseConfigValue(doc.data.config);
  if (!parsed.ok) invalid('json', `the exported config ${parsed.reason}`);
  let secrets: Record<string, string> | undefined;
  if (doc.data.secrets) {
    if (!passphrase) invalid('passphrase', 'this export contains passwords: enter its passphrase');
    let plain: string;
    try {
      plain = await open(doc.data.secrets, passphrase);
    } catch {
      invalid('passphrase', 'wrong passphrase (or the file was changed)');
    }
    const map = z.record(z.string(), z.string()).safeParse(JSON.parse(plain));
    if (!map.success) invalid('json', 'the exported passwords are malformed');
    secrets = map.data;
  }
  const config = parsed.config;
  return {
    config,
    secrets,
    summary: {
      cameras: config.cameras.length,
      groups: config.grouping.named.length,
      turnUsers: config.relay.users.length,
      turnSecrets: config.relay.secrets.length,
      secretsImported: secrets !== undefined,
    },
  };
}
