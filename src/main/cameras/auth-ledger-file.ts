// The refused-login ledger kept across host restarts: `auth-failures.json` in the data
// directory, rewritten (atomically, one write at a time) after each change. Without it a
// restart would start a camera's slow schedule over and try a wrong password again at once.
// A missing or unreadable file is an empty ledger: the worst case is the pre-restart risk.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeAtomic } from '../store/atomic-file';
import { type AuthFailureRecord, AuthLedger } from './auth-schedule';

export const AUTH_LEDGER_FILE = 'auth-failures.json';

const RecordSchema = z.strictObject({
  failures: z.number().int().min(1).max(1_000_000),
  lastAt: z.number().finite(),
  notBefore: z.number().finite(),
});
const FileSchema = z.strictObject({
  version: z.literal(1),
  cameras: z.record(z.string().max(200), RecordSchema),
});

export async function readAuthLedger(dir: string): Promise<Record<string, AuthFailureRecord>> {
  try {
    const parsed = FileSchema.safeParse(JSON.parse(await readFile(join(dir, AUTH_LEDGER_FILE), 'utf8')));
    return parsed.success ? parsed.data.cameras : {};
  } catch {
    return {}; // absent or not JSON: nothing known
  }
}

/** A ledger seeded from the data directory that writes itself back after every change. */
export async function openAuthLedger(
  dir: string,
  options: { onWriteError?: (e: unknown) => void; random?: () => number } = {},
): Promise<AuthLedger & { flushed(): Promise<void> }> {
  const initial = await readAuthLedger(dir);
  let writing = Promise.resolve();
  let dirty = false;
  const ledger = new AuthLedger({
    initial,
    ...(options.random ? { random: options.random } : {}),
    changed: () => {
      if (dirty) return;
      dirty = true;
      writing = writing.then(async () => {
        dirty = false;
        const body = JSON.stringify({ version: 1, cameras: ledger.records() });
        await writeAtomic(join(dir, AUTH_LEDGER_FILE), body, 0o600).catch((e) => options.onWriteError?.(e));
      });
    },
  });
  return Object.assign(ledger, { flushed: () => writing });
}
