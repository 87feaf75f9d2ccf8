import { describe, expect, it } from 'vitest';
import { DEFAULT_RELAY } from '../../../../shared/relay';
import {
  listenerDraft,
  listLines,
  relayDraftFrom,
  relayPatch,
  restartsServer,
  settingsOf,
  turnUserLabel,
} from './relay-form';

describe('relay form', () => {
  it('round-trips saved settings with no changes', () => {
    const d = relayDraftFrom(DEFAULT_RELAY);
    expect(settingsOf(d, DEFAULT_RELAY.enabled)).toEqual(DEFAULT_RELAY);
    expect(relayPatch(d, DEFAULT_RELAY)).toEqual({});
  });

  it('sends only what changed, both port ends together', () => {
    const d = { ...relayDraftFrom(DEFAULT_RELAY), realm: 'site-a', maxPort: '50000' };
    expect(relayPatch(d, DEFAULT_RELAY)).toEqual({ realm: 'site-a', minPort: 49152, maxPort: 50000 });
  });

  it('sends a number main must refuse when a field is empty or junk', () => {
    const p = relayPatch({ ...relayDraftFrom(DEFAULT_RELAY), userQuota: '' }, DEFAULT_RELAY);
    expect(p.userQuota).toBeNaN();
  });

  it('reads address lists one per line, ignoring blanks', () => {
    expect(listLines(' 10.0.0.0/8 \n\n192.168.0.0/16\r\n')).toEqual(['10.0.0.0/8', '192.168.0.0/16']);
    const d = { ...relayDraftFrom(DEFAULT_RELAY), denyPeers: '203.0.113.0/24\n' };
    expect(relayPatch(d, DEFAULT_RELAY)).toEqual({ denyPeers: ['203.0.113.0/24'] });
  });

  it('sends cert and key only for TLS listeners, and knows a listener change restarts', () => {
    const d = relayDraftFrom(DEFAULT_RELAY);
    d.listeners.push({
      ...listenerDraft({ transport: 'tls', port: 5349 }),
      certFile: ' /c.pem ',
      keyFile: '/k.pem',
    });
    d.listeners.push(listenerDraft({ transport: 'tcp', port: 3478 }));
    const p = relayPatch(d, DEFAULT_RELAY);
    expect(p.listeners).toEqual([
      { transport: 'udp', host: '0.0.0.0', port: 3478 },
      { transport: 'tls', host: '0.0.0.0', port: 5349, certFile: '/c.pem', keyFile: '/k.pem' },
      { transport: 'tcp', host: '0.0.0.0', port: 3478 },
    ]);
    expect(restartsServer(p)).toBe(true);
    expect(restartsServer({ realm: 'x' })).toBe(false);
  });

  it('shows REST usernames as their user and expiry', () => {
    expect(turnUserLabel('1700000000:viewer')).toEqual({
      user: 'viewer',
      temporary: true,
      expiresAt: 1_700_000_000_000,
    });
    expect(turnUserLabel('1700000000')).toEqual({ user: '', temporary: true, expiresAt: 1_700_000_000_000 });
    expect(turnUserLabel('operator')).toEqual({ user: 'operator', temporary: false });
  });
});
