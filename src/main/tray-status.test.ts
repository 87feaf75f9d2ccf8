import { describe, expect, it } from 'vitest';
import { type CameraView, DEFAULT_POLICIES } from '../shared/cameras';
import { emptyAppState, testAppInfo } from '../shared/initial-state';
import type { AppState } from '../shared/state';
import { trayStatus } from './tray-status';

function cam(id: string, status: CameraView['status'], enabled = true): CameraView {
  return {
    id,
    name: id,
    url: 'rtsp://127.0.0.1/x',
    username: '',
    hasPassword: false,
    transport: 'tcp',
    group: '',
    enabled,
    policies: DEFAULT_POLICIES,
    mode: 'always',
    groupId: 'server:127.0.0.1:554',
    status,
    streams: [],
    history: { t: [], kbps: [], fps: [] },
  };
}

describe('trayStatus', () => {
  it('counts playing cameras of the enabled ones and live allocations', () => {
    const s: AppState = emptyAppState(testAppInfo());
    s.cameras = {
      a: cam('a', { state: 'playing', since: 0 }),
      b: cam('b', { state: 'connecting', since: 0, attempt: 0 }),
      c: cam('c', { state: 'disabled' }, false),
    };
    s.relay = { ...s.relay, status: { state: 'running', since: 0, listening: ['udp 0.0.0.0:3478'] } };
    s.allocations = { x: {} as never, y: {} as never };
    expect(trayStatus(s)).toEqual({
      line: '1/2 cameras playing · 2 allocations',
      alert: false,
      tooltip: 'camrelay — 1/2 cameras playing · 2 allocations',
    });
  });

  it('alerts on failing cameras and relay errors, and says why', () => {
    const s: AppState = emptyAppState(testAppInfo());
    s.cameras = {
      a: cam('a', {
        state: 'backing-off',
        since: 0,
        retryAt: 1,
        attempt: 1,
        failure: { kind: 'auth', message: 'bad', at: 0 },
      }),
    };
    s.relay = { ...s.relay, status: { state: 'error', message: 'port 3478 in use', at: 0 } };
    const t = trayStatus(s);
    expect(t.alert).toBe(true);
    expect(t.tooltip).toContain('1 camera failing');
    expect(t.tooltip).toContain('port 3478 in use');
  });
});
