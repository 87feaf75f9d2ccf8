// The safeStorage box through Electron's async calls (the fake's safeStorage, typed by
// electron.d.ts): round trip, the weak Linux backend, and no encryption at all.
import { describe, expect, it } from 'vitest';
import { createSafeStorageBox } from './safe-storage-box';
import { createFakeElectron } from './testing/fake-electron';

describe('safeStorage box', () => {
  it('round-trips through encryptStringAsync / decryptStringAsync and refuses foreign ciphertexts', async () => {
    const { safeStorage } = createFakeElectron().electron;
    const box = await createSafeStorageBox(safeStorage, 'linux');
    expect(box.backend).toBe('os');
    expect(box.warning).toBeUndefined();
    const cipher = await box.encrypt('pässword');
    expect(cipher).toMatch(/^safe1:/);
    expect(cipher).not.toContain('pässword');
    expect(await box.decrypt(cipher)).toBe('pässword');
    await expect(box.decrypt('gcm1:abc')).rejects.toMatchObject({ code: 'not-ours' });
  });

  it('warns on Linux basic_text, and refuses to encrypt when nothing is available', async () => {
    const { safeStorage } = createFakeElectron().electron;
    safeStorage.getSelectedStorageBackend = () => 'basic_text';
    const weak = await createSafeStorageBox(safeStorage, 'linux');
    expect(weak.backend).toBe('basic-text');
    expect(weak.warning).toMatch(/fixed key/);
    // basic_text is a Linux answer only: elsewhere the backend is the OS's.
    expect((await createSafeStorageBox(safeStorage, 'darwin')).backend).toBe('os');

    safeStorage.isAsyncEncryptionAvailable = async () => false;
    const none = await createSafeStorageBox(safeStorage, 'win32');
    expect(none.backend).toBe('unavailable');
    await expect(none.encrypt('x')).rejects.toMatchObject({ code: 'unavailable' });
  });
});
