// "Save snapshot": in Electron main shows a save dialog and writes the file; in a browser
// the picture downloads. The picture comes from the view's last frame at full resolution.
import type { SaveSnapshotResult } from '../../../shared/media';

export function snapshotName(cameraName: string, at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())} ${p(at.getHours())}-${p(at.getMinutes())}-${p(at.getSeconds())}`;
  const base = cameraName.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '_').trim() || 'camera';
  return `${base} ${stamp}`;
}

/** Saves `blob`; resolves with where it went ('download' in a browser), or undefined if cancelled. */
export async function saveSnapshot(blob: Blob, cameraName: string): Promise<string | undefined> {
  const mime = blob.type === 'image/jpeg' ? 'image/jpeg' : 'image/png';
  const name = snapshotName(cameraName, new Date());
  const save = window.camrelay?.saveSnapshot;
  if (save) {
    const result: SaveSnapshotResult = await save({
      name,
      mime,
      bytes: new Uint8Array(await blob.arrayBuffer()),
    });
    if (!result.ok) throw new Error(result.message);
    return result.saved ? result.path : undefined;
  }
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${name}${mime === 'image/png' ? '.png' : '.jpg'}`;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return 'download';
}
