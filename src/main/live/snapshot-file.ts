// "Save snapshot" in Electron: the renderer encodes the picture (PNG or JPEG) and main writes
// it where the operator chooses in a save dialog. These checks run in main before the dialog
// opens: the bytes must be an image of the type claimed, the name a plain file name.
import { MAX_SNAPSHOT_BYTES, type SaveSnapshotArgs } from '../../shared/media';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function checkSnapshotArgs(value: unknown): SaveSnapshotArgs | string {
  if (value === null || typeof value !== 'object') return 'expected { name, mime, bytes }';
  const { name, mime, bytes } = value as Record<string, unknown>;
  if (typeof name !== 'string' || name.length > 200) return 'name must be a string of at most 200 characters';
  if (mime !== 'image/png' && mime !== 'image/jpeg') return 'mime must be image/png or image/jpeg';
  if (!(bytes instanceof Uint8Array)) return 'bytes must be a Uint8Array';
  if (bytes.length > MAX_SNAPSHOT_BYTES) return `the image is larger than ${MAX_SNAPSHOT_BYTES} bytes`;
  const isPng = bytes.length > 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
  const isJpeg = bytes.length > 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  if (mime === 'image/png' ? !isPng : !isJpeg) return `the bytes are not a ${mime} image`;
  return { name, mime, bytes };
}

/** A safe default file name: no directories, no control or reserved characters, the right extension. */
export function snapshotFileName(name: string, mime: SaveSnapshotArgs['mime']): string {
  const ext = mime === 'image/png' ? '.png' : '.jpg';
  const base = name
    .replace(/\.(png|jpe?g)$/i, '')
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 120);
  return `${base || 'snapshot'}${ext}`;
}
