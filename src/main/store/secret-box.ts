// Encrypts secrets at rest. Electron passes a box backed by safeStorage (src/main/electron);
// headless uses FileKeySecretBox: AES-256-GCM with a random key in a file only the owner can
// read. Ciphertexts are opaque base64 strings tagged with their scheme.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CodedError } from '../../shared/coded-error';
import type { SecretsBackend } from '../../shared/state';

export interface SecretBox {
  readonly backend: SecretsBackend;
  /** Shown to the operator when the protection is weaker than it should be. */
  readonly warning?: string;
  /** Async because Electron's safeStorage is (its sync calls are deprecated). */
  encrypt(plain: string): Promise<string>;
  /** Rejects when the ciphertext is not ours or was tampered with. */
  decrypt(cipher: string): Promise<string>;
}

export const KEY_FILE = 'secret.key';
const KEY_BYTES = 32;

/** The key file exists but cannot be used: the host must not start (nor replace it). */
export class SecretKeyError extends CodedError<{ 'bad-key-file': { path: string; reason: string } }> {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(
      'bad-key-file',
      `${path} ${reason}; a camrelay key file is exactly ${KEY_BYTES} random bytes. Put the original ` +
        'secret.key back from a backup, or move this one away to start with a new key (saved ' +
        'passwords are then kept but unreadable until the original key is back).',
      { path, reason },
    );
  }
}
const SCHEME = 'gcm1:';

export class FileKeySecretBox implements SecretBox {
  readonly backend = 'file-key' as const;
  private constructor(private readonly key: Buffer) {}

  /** Reads `secret.key` in dataDir, creating it (mode 0600) on first run. */
  static async open(dataDir: string): Promise<FileKeySecretBox> {
    const path = join(dataDir, KEY_FILE);
    let key: Buffer | undefined;
    try {
      key = await readFile(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT')
        throw new SecretKeyError(path, `cannot be read (${code ?? (err as Error).message})`);
    }
    if (key) {
      if (key.length !== KEY_BYTES) throw new SecretKeyError(path, `is ${key.length} bytes long`);
      await chmod(path, 0o600);
      return new FileKeySecretBox(key);
    }
    key = randomBytes(KEY_BYTES);
    await writeFile(path, key, { mode: 0o600, flag: 'wx' });
    return new FileKeySecretBox(key);
  }

  async encrypt(plain: string): Promise<string> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return SCHEME + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  async decrypt(text: string): Promise<string> {
    if (!text.startsWith(SCHEME)) throw new Error('not a file-key ciphertext');
    const raw = Buffer.from(text.slice(SCHEME.length), 'base64');
    if (raw.length < 28) throw new Error('ciphertext too short');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}
