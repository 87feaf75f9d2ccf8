// SecretBox over Electron's safeStorage, through its async calls (the sync ones are deprecated
// in Electron 45). On Linux without a keyring safeStorage falls back to a hard-coded key
// ('basic_text'): secrets still work, and the operator is told it is weak.
import { CodedError, type PlainCodes } from '../../shared/coded-error';
import type { SecretBox } from '../store/secret-box';
import type { ShellElectron } from './electron-api';

const SCHEME = 'safe1:';

export class SafeStorageError extends CodedError<PlainCodes<'unavailable' | 'not-ours'>> {
  constructor(code: 'unavailable' | 'not-ours', message: string) {
    super(code, message, {});
  }
}

/** Call after the app is ready: the async encryptor initialises then. */
export async function createSafeStorageBox(
  safeStorage: ShellElectron['safeStorage'],
  platform: NodeJS.Platform,
): Promise<SecretBox> {
  const available = await safeStorage.isAsyncEncryptionAvailable();
  const weak = platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';
  const backend = !available ? 'unavailable' : weak ? 'basic-text' : 'os';
  const warning = !available
    ? 'The operating system offers no encryption for saved passwords; camrelay cannot save them.'
    : weak
      ? 'No keyring (GNOME Keyring, KWallet) was found, so saved passwords are encrypted with a fixed key. Anyone who can read your files can read them.'
      : undefined;
  return {
    backend,
    ...(warning ? { warning } : {}),
    async encrypt(plain) {
      if (!available) throw new SafeStorageError('unavailable', 'safeStorage encryption is not available');
      return SCHEME + (await safeStorage.encryptStringAsync(plain)).toString('base64');
    },
    async decrypt(cipher) {
      if (!cipher.startsWith(SCHEME)) throw new SafeStorageError('not-ours', 'not a safeStorage ciphertext');
      // shouldReEncrypt (a rotated key) is not acted on at once: the next save re-encrypts every value.
      const { result } = await safeStorage.decryptStringAsync(
        Buffer.from(cipher.slice(SCHEME.length), 'base64'),
      );
      return result;
    },
  };
}
