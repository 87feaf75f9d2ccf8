// The relay settings form's fields as a table: one row per setting (the listeners have their
// own editor). The row's `name` is the setting's key in RelaySettings, which is also the path
// main's schema (src/shared/schemas.ts, RelaySettingsSchema) reports a refused value under, so
// each field shows its own inline error. The renderer does not load zod: main validates.
import type { RelaySettings } from '../../../../shared/relay';

/** How a setting is edited: free text, a whole number typed as text, a switch, one CIDR a line. */
export type RelayFieldKind = 'text' | 'number' | 'switch' | 'list';

/** The kind a setting's type calls for: a field of the wrong kind for its setting does not compile. */
type KindOf<V> = V extends number
  ? 'number'
  : V extends boolean
    ? 'switch'
    : V extends readonly string[]
      ? 'list'
      : V extends string
        ? 'text'
        : never;

/** Settings edited by a row of the table (enabled is the pause switch, listeners their editor). */
export type RelayFieldName = Exclude<keyof RelaySettings, 'enabled' | 'listeners'>;

interface FieldOf<K extends RelayFieldName> {
  name: K;
  kind: KindOf<RelaySettings[K]>;
  label: string;
  hint?: string;
  placeholder?: string;
  /** Shown in the monospace face (addresses). */
  mono?: boolean;
  /** data-testid of the control (list fields have relay-<name>). */
  testId?: string;
}

export type RelayField = { [K in RelayFieldName]: FieldOf<K> }[RelayFieldName];

/** A setting's value while typed: text (a number too, so a half-typed one is kept), or on/off. */
export type DraftValue<K extends RelayFieldName> =
  KindOf<RelaySettings[K]> extends 'switch' ? boolean : string;

export const NETWORK_FIELDS: readonly RelayField[] = [
  {
    name: 'realm',
    kind: 'text',
    label: 'Realm',
    hint: 'Sent to clients with every login challenge; usually your domain.',
    testId: 'relay-realm',
  },
  {
    name: 'relayAddress',
    kind: 'text',
    label: 'Relay address',
    mono: true,
    placeholder: 'same as the first listener',
    hint: 'The public IP announced to clients, when the relay is behind NAT.',
    testId: 'relay-address',
  },
  { name: 'minPort', kind: 'number', label: 'First relay port', testId: 'relay-min-port' },
  {
    name: 'maxPort',
    kind: 'number',
    label: 'Last relay port',
    hint: 'Each allocation takes one UDP port from this range.',
    testId: 'relay-max-port',
  },
];

export const PEER_SWITCHES: readonly RelayField[] = [
  {
    name: 'allowLoopbackPeers',
    kind: 'switch',
    label: 'Allow loopback peers',
    hint: '127.0.0.0/8 and ::1 — only for testing on this machine.',
    testId: 'relay-allow-loopback',
  },
  {
    name: 'allowPrivatePeers',
    kind: 'switch',
    label: 'Allow private peers',
    hint: '10/8, 172.16/12, 192.168/16 and fc00::/7 — when the media server is on your LAN.',
    testId: 'relay-allow-private',
  },
];

export const PEER_LISTS: readonly RelayField[] = [
  { name: 'allowPeers', kind: 'list', label: 'Always allow' },
  { name: 'denyPeers', kind: 'list', label: 'Always deny', hint: 'Deny wins over allow.' },
];

export const LIMIT_FIELDS: readonly RelayField[] = [
  {
    name: 'userQuota',
    kind: 'number',
    label: 'Allocations per user',
    hint: '0 = no limit',
    testId: 'relay-user-quota',
  },
  {
    name: 'totalQuota',
    kind: 'number',
    label: 'Allocations in all',
    hint: '0 = no limit',
    testId: 'relay-total-quota',
  },
  {
    name: 'bandwidthKbps',
    kind: 'number',
    label: 'Bandwidth per allocation',
    hint: 'kbit/s each way; 0 = none',
    testId: 'relay-bandwidth',
  },
  {
    name: 'maxLifetimeSec',
    kind: 'number',
    label: 'Longest lifetime',
    hint: 'seconds a client may ask for (60–86400)',
    testId: 'relay-max-lifetime',
  },
];

/** Every row, in the order of RelaySettings. */
export const RELAY_FIELDS: readonly RelayField[] = [
  ...NETWORK_FIELDS,
  ...PEER_SWITCHES,
  ...PEER_LISTS,
  ...LIMIT_FIELDS,
];

const LISTENER_PATH = /^listeners(\.\d+\.(transport|host|port|certFile|keyFile))?$/;
const LIST_ITEM_PATH = /^(\w+)\.\d+$/;

/**
 * Whether a field the form shows carries this error path, so its message is inline; the rest
 * go to the form's own alert. A list reports a bad line as `allowPeers.N`.
 */
export function shownInForm(path: string): boolean {
  if (LISTENER_PATH.test(path)) return true;
  const item = LIST_ITEM_PATH.exec(path)?.[1];
  return RELAY_FIELDS.some((f) => f.name === path || (f.kind === 'list' && f.name === item));
}
