// The relay settings form's draft: numbers and address lists stay text while typed, and a
// save sends only what changed (main validates the merged settings and names bad fields).
import type { ListenerTransport, RelayListener, RelaySettings } from '../../../../shared/relay';
import { numberFromText } from '../cameras/camera-form';
import { type DraftValue, RELAY_FIELDS, type RelayFieldKind, type RelayFieldName } from './relay-fields';

export interface ListenerDraft {
  /** Stable React key; not sent. */
  key: number;
  transport: ListenerTransport;
  host: string;
  port: string;
  certFile: string;
  keyFile: string;
}

/** The form's draft: the listeners, and one value per row of the field table. */
export type RelayDraft = { listeners: ListenerDraft[] } & { [K in RelayFieldName]: DraftValue<K> };

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

/**
 * How each kind of field shows a setting in the draft and reads it back. A number that is empty
 * or junk reads as NaN, which main refuses with the field's message.
 */
const CODECS = {
  text: { format: (v: string) => v, parse: (t: string) => t },
  number: { format: (v: number) => String(v), parse: numberFromText },
  switch: { format: (v: boolean) => v, parse: (v: boolean) => v },
  /** One CIDR per line. */
  list: { format: (v: readonly string[]) => v.join('\n'), parse: listLines },
} satisfies Record<RelayFieldKind, { format: (v: never) => unknown; parse: (d: never) => unknown }>;

export function relayDraftFrom(s: RelaySettings): RelayDraft {
  const draft: Record<string, unknown> = { listeners: s.listeners.map((l) => listenerDraft(l)) };
  for (const f of RELAY_FIELDS) draft[f.name] = CODECS[f.kind].format(s[f.name] as never);
  return draft as RelayDraft;
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
  const settings: Record<string, unknown> = { enabled, listeners: d.listeners.map(listenerOf) };
  for (const f of RELAY_FIELDS) settings[f.name] = CODECS[f.kind].parse(d[f.name] as never);
  return settings as unknown as RelaySettings;
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
