// The relay settings form's draft: numbers and address lists stay text while typed, and a
// save sends only what changed (main validates the merged settings and names bad fields).
import type { ListenerTransport, RelayListener, RelaySettings } from '../../../../shared/relay';
import { numberFromText } from '../cameras/camera-form';

export interface ListenerDraft {
  /** Stable React key; not sent. */
  key: number;
  transport: ListenerTransport;
  host: string;
  port: string;
  certFile: string;
  keyFile: string;
}

export interface RelayDraft {
  listeners: ListenerDraft[];
  realm: string;
  relayAddress: string;
  minPort: string;
  maxPort: string;
  allowLoopbackPeers: boolean;
  allowPrivatePeers: boolean;
  /** One CIDR per line. */
  allowPeers: string;
  denyPeers: string;
  userQuota: string;
  totalQuota: string;
  bandwidthKbps: string;
  maxLifetimeSec: string;
}

let nextKey = 1;
export function listenerDraft(l: Partial<RelayListener> = {}): ListenerDraft {
  return {
    key: nextKey++,
    transport: l.transport ?? 'udp',
    host: l.host ?? '0.0.0.0',
    port: l.port !== undefined ? String(l.port) : '3478',
    certFile: l.certFile ?? '',
    keyFile: l.keyFile ?? '',
  };
}

export function relayDraftFrom(s: RelaySettings): RelayDraft {
  return {
    listeners: s.listeners.map((l) => listenerDraft(l)),
    realm: s.realm,
    relayAddress: s.relayAddress,
    minPort: String(s.minPort),
    maxPort: String(s.maxPort),
    allowLoopbackPeers: s.allowLoopbackPeers,
    allowPrivatePeers: s.allowPrivatePeers,
    allowPeers: s.allowPeers.join('\n'),
    denyPeers: s.denyPeers.join('\n'),
    userQuota: String(s.userQuota),
    totalQuota: String(s.totalQuota),
    bandwidthKbps: String(s.bandwidthKbps),
    maxLifetimeSec: String(s.maxLifetimeSec),
  };
}

/** Lines of a list field, trimmed, blank lines dropped (the indexes main reports match these). */
export function listLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

function listenerOf(l: ListenerDraft): RelayListener {
  const tls = l.transport === 'tls';
  return {
    transport: l.transport,
    host: l.host.trim(),
    port: numberFromText(l.port),
    ...(tls ? { certFile: l.certFile.trim(), keyFile: l.keyFile.trim() } : {}),
  };
}

/** The settings the draft describes (enabled is the pause switch, not part of the form). */
export function settingsOf(d: RelayDraft, enabled: boolean): RelaySettings {
  return {
    enabled,
    listeners: d.listeners.map(listenerOf),
    realm: d.realm,
    relayAddress: d.relayAddress,
    minPort: numberFromText(d.minPort),
    maxPort: numberFromText(d.maxPort),
    allowLoopbackPeers: d.allowLoopbackPeers,
    allowPrivatePeers: d.allowPrivatePeers,
    allowPeers: listLines(d.allowPeers),
    denyPeers: listLines(d.denyPeers),
    userQuota: numberFromText(d.userQuota),
    totalQuota: numberFromText(d.totalQuota),
    bandwidthKbps: numberFromText(d.bandwidthKbps),
    maxLifetimeSec: numberFromText(d.maxLifetimeSec),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Only the keys that differ from the saved settings. NaN counts as a change (main refuses it). */
export function relayPatch(d: RelayDraft, saved: RelaySettings): Partial<RelaySettings> {
  const next = settingsOf(d, saved.enabled);
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(next) as (keyof RelaySettings)[]) {
    const v = next[key];
    if (typeof v === 'number' && Number.isNaN(v)) patch[key] = v;
    else if (!same(v, saved[key])) patch[key] = v;
  }
  // A reversed range is checked only when both ends are sent.
  if ('minPort' in patch || 'maxPort' in patch) {
    patch.minPort = next.minPort;
    patch.maxPort = next.maxPort;
  }
  return patch as Partial<RelaySettings>;
}

/** Saving these changes restarts the TURN server (listeners are rebound). */
export function restartsServer(patch: Partial<RelaySettings>): boolean {
  return 'listeners' in patch;
}

/** "1 hour" to "1 day" (the relay refuses longer ones): the TTL choices for generated credentials, in seconds. */
export const TTL_CHOICES = [
  { value: '3600', label: '1 hour' },
  { value: '21600', label: '6 hours' },
  { value: '86400', label: '1 day' },
] as const;

/** A REST username is "<expiry>:<user>": show the user, and that it is temporary. */
export function turnUserLabel(username: string): { user: string; temporary: boolean; expiresAt?: number } {
  const m = /^(\d{9,12})(?::(.*))?$/.exec(username);
  if (!m) return { user: username, temporary: false };
  return { user: m[2] ?? '', temporary: true, expiresAt: Number(m[1]) * 1000 };
}
