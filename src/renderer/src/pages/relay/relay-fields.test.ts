import { describe, expect, it } from 'vitest';
import { DEFAULT_RELAY } from '../../../../shared/relay';
import { RELAY_FIELDS, shownInForm } from './relay-fields';

describe('relay settings field table', () => {
  it('has one row per setting the form edits, in the order of the settings', () => {
    const edited = Object.keys(DEFAULT_RELAY).filter((k) => k !== 'enabled' && k !== 'listeners');
    expect(RELAY_FIELDS.map((f) => f.name)).toEqual(edited);
  });

  it('keeps the errors of shown fields inline and sends the rest to the form alert', () => {
    for (const path of [
      'listeners',
      'listeners.0.port',
      'listeners.12.certFile',
      'realm',
      'relayAddress',
      'minPort',
      'maxPort',
      'allowLoopbackPeers',
      'allowPrivatePeers',
      'allowPeers',
      'allowPeers.3',
      'denyPeers.0',
      'userQuota',
      'totalQuota',
      'bandwidthKbps',
      'maxLifetimeSec',
    ])
      expect(shownInForm(path), path).toBe(true);
    for (const path of ['enabled', 'listeners.0', 'listeners.0.other', 'realm.0', 'minPort.1', 'secret', ''])
      expect(shownInForm(path), path).toBe(false);
  });
});
