// SecretBox over Electron's safeStorage. On Linux without a keyring safeStorage falls back to
// a hard-coded key ('basic_text'): secrets still work, and the operator is told it is weak.
import { safeStorage } from 'electron';
import type { SecretBox } from '../store/secret-box';

const SCHEME = 'safe1:';

export function createSafeStorageBox(): SecretBox {
  const available = safeStorage.isEncryptionAvailable();
  const linuxBackend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined;
  const weak = linuxBackend === 'basic_text';
  const backend = !available ? 'unavailable' : weak ? 'basic-text' : 'os';
  const warning = !available
    ? 'The operating system offers no encryption for saved passwords; camrelay cannot save them.'
    : weak
      ? 'No keyring (GNOME Keyring, KWallet) was found, so saved passwords are encrypted with a fixed key. Anyone who can read your files can read them.'
      : undefined;
  return {
    backend,
    ...(warning ? { warning } : {}),
    encrypt(plain) {
      if (!available) throw new Error('safeStorage encryption is not available');
      return SCHEME + safeStorage.encryptString(plain).toString('base64');
    },
    decrypt(cipher) {
      if (!cipher.startsWith(SCHEME)) throw new Error('not a safeStorage ciphertext');
      return safeStorage.decryptString(Buffer.from(cipher.slice(SCHEME.length), 'base64'));
    },
  };
}
