// Why a packet got no answer. Every drop is counted by reason (a Float64Array indexed by the
// numbers below, so counting allocates nothing); none is an exception.

export const DROP_REASONS = [
  'stun-short',
  'stun-not-stun',
  'stun-length',
  'stun-attribute-overflow',
  'stun-too-many-attributes',
  'stun-bad-fingerprint',
  'not-stun-or-channel-data',
  'channel-data-length',
  'channel-number-reserved',
  'response-or-unknown-class',
  'unknown-indication',
  'no-allocation',
  'no-channel',
  'no-permission',
  'peer-port-refused',
  'send-malformed',
  'bandwidth-limit',
  'rate-limited',
  'in-progress',
  'auth-queue-full',
  'relay-closed',
  'stream-framing',
  'conn-closed',
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

export const DROP_INDEX: Readonly<Record<DropReason, number>> = Object.fromEntries(
  DROP_REASONS.map((r, i) => [r, i]),
) as Record<DropReason, number>;

export function newDropCounters(): Float64Array {
  return new Float64Array(DROP_REASONS.length);
}

export function dropsToRecord(counts: Float64Array): Record<DropReason, number> {
  const out = {} as Record<DropReason, number>;
  DROP_REASONS.forEach((r, i) => {
    out[r] = counts[i]!;
  });
  return out;
}
