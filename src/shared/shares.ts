// Share links as the console sees them (zod-free: the renderer imports it).

export interface ShareViewerView {
  id: string;
  /** Where the viewer's media goes: the TURN relay's address when relayed. */
  address: string;
  since: number;
  kbps: number;
  relayed: boolean;
}

export interface ShareView {
  id: string;
  cameraId: string;
  label: string;
  createdAt: number;
  expiresAt: number;
  /** The viewer page, relative to the console's origin: /s/<capability token>. */
  path: string;
  /** The WHEP endpoint, relative to the console's origin. */
  whepPath: string;
  viewers: ShareViewerView[];
}

/** Where share links can be served: only a headless console has an HTTP server to serve them. */
export type SharingAvailability = { available: true; port: number } | { available: false; reason: string };

export const SHARE_TTL_CHOICES = [
  { seconds: 3600, label: '1 hour' },
  { seconds: 8 * 3600, label: '8 hours' },
  { seconds: 86_400, label: '1 day' },
  { seconds: 7 * 86_400, label: '7 days' },
] as const;

export const SHARE_PATH_PREFIX = '/s/';
export const WHEP_PATH_PREFIX = '/whep/';
