// Saves text as a file through the browser's download (Electron shows its save dialog).
export function downloadText(text: string, filename: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** True when an export file carries encrypted passwords (so import needs its passphrase). */
export function exportHasSecrets(text: string): boolean | undefined {
  try {
    const doc = JSON.parse(text) as unknown;
    if (doc === null || typeof doc !== 'object') return undefined;
    return 'secrets' in doc && (doc as { secrets?: unknown }).secrets != null;
  } catch {
    return undefined;
  }
}
