// The authoritative state, owned by the main process and mirrored in the renderer. The
// renderer receives a snapshot of this shape, then numbered patches (see events.ts). Secrets
// never appear here: a saved password shows as `hasPassword: true`.
import type { CameraView, GroupingMode, GroupView } from './cameras';
import type { AllocationView, RelayView } from './relay';
import type { RestreamView } from './restream';
import type { Settings } from './settings';
import type { ShareView, SharingAvailability } from './shares';

export type Platform = 'electron' | 'headless';

/** How secrets are protected at rest on this host. */
export type SecretsBackend =
  | 'os' // Electron safeStorage backed by the OS keychain / libsecret / DPAPI
  | 'basic-text' // Electron on Linux without a keyring: safeStorage's hard-coded key, weak
  | 'file-key' // headless: AES-256-GCM with a key file readable only by the owner (0600)
  | 'unavailable'; // safeStorage refused: secrets cannot be saved

export type ConfigHealth =
  | { status: 'ok' }
  | { status: 'created' } // no config existed: started on defaults
  | {
      status: 'recovered'; // the config could not be used; it was moved aside and defaults loaded
      reason: string;
      movedTo: string;
      at: number;
    }
  | {
      status: 'partial'; // the config loaded, but some cameras in it could not be (listed in reason)
      reason: string;
      /** A copy of the file as it was, so nothing dropped is lost ('' if it could not be made). */
      keptAs: string;
      at: number;
    };

/** How secrets are stored, and what could not be read back. */
export interface SecretsInfo {
  backend: SecretsBackend;
  warning?: string;
  /**
   * Saved secrets that could not be decrypted (another key or machine, a restored backup, a
   * lost secret.key). They are kept as they are in secrets.json, not deleted, and come back
   * when the right key is restored; until then those passwords must be entered again.
   */
  unreadable?: { count: number; hint: string };
}

export interface AppInfo {
  version: string;
  platform: Platform;
  dataDir: string;
  startedAt: number;
  config: ConfigHealth;
  secrets: SecretsInfo;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogSource = 'app' | 'config' | 'camera' | 'group' | 'relay' | 'allocation' | 'restream';

export interface LogEntry {
  /** Increasing id, unique for the life of the host. */
  id: number;
  at: number;
  level: LogLevel;
  source: LogSource;
  /** The camera / group / allocation id the entry is about, when any. */
  subject?: string;
  message: string;
}

export interface GroupingState {
  /** How cameras without a named group are grouped. */
  mode: GroupingMode;
  /** Named groups the operator created. */
  named: string[];
}

/** Who watches live video, by camera id (absent: nobody). Changes only on (un)subscribe. */
export interface LiveState {
  /** Live views receiving the whole stream. */
  viewers: Record<string, number>;
  /** Thumbnails receiving a key frame now and then. */
  thumbnails: Record<string, number>;
}

export interface AppState {
  app: AppInfo;
  settings: Settings;
  /** Cameras by id. */
  cameras: Record<string, CameraView>;
  /** Session groups by id (`server:host:port`, `url:…`, `named:…`). */
  groups: Record<string, GroupView>;
  grouping: GroupingState;
  relay: RelayView;
  /** The restream RTSP server: listener, users, paths and consumers. */
  restream: RestreamView;
  /** Live TURN allocations by id. */
  allocations: Record<string, AllocationView>;
  /** The newest log entries, oldest first; bounded (LOG_STATE_LIMIT). */
  log: LogEntry[];
  live: LiveState;
  /** Live share links by id, with their viewers. */
  shares: Record<string, ShareView>;
  sharing: SharingState;
}

export interface SharingState {
  availability: SharingAvailability;
  /** SHA-256 fingerprint of the console's HTTPS certificate, when it serves HTTPS. */
  tlsFingerprint?: string;
}

/** How many log entries the state (and so the renderer) holds. The host keeps more for export. */
export const LOG_STATE_LIMIT = 1000;

/** Every top-level key of AppState (the renderer store's slices). */
export const APP_STATE_KEYS = [
  'app',
  'settings',
  'cameras',
  'groups',
  'grouping',
  'relay',
  'restream',
  'allocations',
  'log',
  'live',
  'shares',
  'sharing',
] as const;
// Compile-time check that the list and the interface agree.
type MissingKeys = Exclude<keyof AppState, (typeof APP_STATE_KEYS)[number]>;
const _allKeysListed: MissingKeys extends never ? true : never = true;
void _allKeysListed;
