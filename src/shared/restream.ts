// The restream RTSP server as the console sees it. Zod-free (the renderer imports it); the
// schemas are in schemas.ts. Passwords never appear here: users are listed by name.

/** Per camera: `always` holds the camera session all the time (the default); `on-demand`
 * opens it when the first consumer arrives and closes it a grace period after the last left. */
export const CAMERA_MODES = ['always', 'on-demand'] as const;
export type CameraMode = (typeof CAMERA_MODES)[number];

export interface RestreamSettings {
  /** False: no restream listener. */
  enabled: boolean;
  /** Listen address (IP); a non-loopback one needs at least one restream user. */
  host: string;
  port: number;
  /** On-demand cameras: seconds the session stays open after the last consumer left. */
  graceSec: number;
  /** On-demand cameras: how long the first consumer waits for a key frame before a 503. */
  firstFrameTimeoutSec: number;
  /** Serve rtsps:// (RTSP over TLS) only, with the console's certificate: the operator's
   * (`--tls-cert`/`--tls-key`) or the self-signed one in the data dir. */
  tls: boolean;
}

export const DEFAULT_RESTREAM: RestreamSettings = {
  enabled: true,
  host: '127.0.0.1',
  port: 8554,
  graceSec: 10,
  firstFrameTimeoutSec: 15,
  tls: false,
};

export interface RestreamUserView {
  name: string;
  /** Camera ids this user may watch; absent: every camera. */
  cameras?: string[];
  createdAt: number;
}

export type RestreamStatus =
  | { state: 'stopped' }
  /** Listening at `url` (rtsp://host:port). `override`: set by --restream-listen, not the config. */
  | {
      state: 'running';
      url: string;
      override?: boolean;
      /** Serving rtsps://: the certificate's SHA-256 fingerprint, for players to check. */
      tls?: { fingerprint: string; source: 'operator' | 'self-signed' };
    }
  | { state: 'error'; message: string; at: number };

/** Who reads a camera: a restream client, a console live view, or a WebRTC viewer. */
export interface ConsumerView {
  /** Stable while the consumer stays (for lists), unique per camera. */
  id: string;
  kind: 'restream' | 'console' | 'webrtc';
  address: string;
  transport: string;
  user?: string;
  since: number;
  bytes: number;
  drops: number;
}

export interface RestreamView {
  settings: RestreamSettings;
  status: RestreamStatus;
  users: RestreamUserView[];
  /** Restream paths by camera id (rtsp://host:port/<path>). */
  paths: Record<string, string>;
  /** Consumers by camera id (absent: none), sampled once a second. */
  consumers: Record<string, ConsumerView[]>;
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** rtsp://[user:password@]host:port/path, for copying into a player. */
export function restreamUrl(
  status: RestreamStatus,
  path: string,
  credentials?: { user: string; password: string },
): string | undefined {
  if (status.state !== 'running') return undefined;
  const base = status.url.replace(/\/$/, '');
  if (!credentials) return `${base}/${path}`;
  const auth = `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@`;
  return `${base.replace(/^(rtsps?):\/\//, `$1://${auth}`)}/${path}`;
}
