import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES } from '../../shared/cameras';
import { connectionKey, sameConnection } from './connection-key';

const base = {
  id: 'cam_1',
  url: 'rtsp://192.0.2.1/live',
  username: 'admin',
  password: 'CamSecret-42' as string | undefined,
  transport: 'tcp' as const,
  policies: DEFAULT_POLICIES,
  groupId: 'server:192.0.2.1:554',
};

describe('connection key', () => {
  it('never holds the password, yet a password change is a new connection', () => {
    expect(connectionKey(base)).not.toContain('CamSecret-42');
    expect(sameConnection(base, { ...base })).toBe(true);
    expect(sameConnection({ ...base, password: 'other' }, base)).toBe(false);
    expect(sameConnection({ ...base, password: undefined }, base)).toBe(false);
    expect(sameConnection({ ...base, transport: 'udp' }, base)).toBe(false);
    expect(sameConnection({ ...base, groupId: 'url:x' }, base)).toBe(false);
  });
});
