import { describe, expect, it } from 'vitest';
import { checkSnapshotArgs, snapshotFileName } from './snapshot-file';

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);

describe('snapshot file checks', () => {
  it('accepts an image of the type claimed and nothing else', () => {
    expect(checkSnapshotArgs({ name: 'Gate', mime: 'image/png', bytes: png })).toMatchObject({
      name: 'Gate',
    });
    expect(checkSnapshotArgs({ name: 'Gate', mime: 'image/jpeg', bytes: jpeg })).toMatchObject({
      mime: 'image/jpeg',
    });
    expect(checkSnapshotArgs({ name: 'Gate', mime: 'image/jpeg', bytes: png })).toBe(
      'the bytes are not a image/jpeg image',
    );
    expect(checkSnapshotArgs({ name: 'Gate', mime: 'text/html', bytes: png })).toMatch(/mime/);
    expect(checkSnapshotArgs({ name: 'Gate', mime: 'image/png', bytes: [1, 2] })).toMatch(/Uint8Array/);
    expect(checkSnapshotArgs(null)).toMatch(/expected/);
  });

  it('makes a plain file name with the right extension', () => {
    expect(snapshotFileName('Gate 2026-01-05 10:22:03', 'image/png')).toBe('Gate 2026-01-05 10_22_03.png');
    expect(snapshotFileName('../../etc/passwd', 'image/jpeg')).toBe('_.._etc_passwd.jpg');
    expect(snapshotFileName('shot.png', 'image/png')).toBe('shot.png');
    expect(snapshotFileName('...', 'image/png')).toBe('snapshot.png');
  });
});
