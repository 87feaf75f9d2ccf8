// The state of a host before anything has happened: used by the host at start and by tests.
import { DEFAULT_RELAY } from './relay';
import { DEFAULT_RESTREAM } from './restream';
import { DEFAULT_SETTINGS } from './settings';
import type { AppInfo, AppState } from './state';

export function emptyAppState(app: AppInfo): AppState {
  return {
    app,
    settings: { ...DEFAULT_SETTINGS },
    cameras: {},
    groups: {},
    grouping: { mode: 'server', named: [] },
    relay: {
      settings: { ...DEFAULT_RELAY },
      status: { state: 'stopped' },
      users: [],
      secrets: [],
      totals: {
        allocations: 0,
        permissions: 0,
        channels: 0,
        bytesIn: 0,
        bytesOut: 0,
        packetsIn: 0,
        packetsOut: 0,
        kbpsIn: 0,
        kbpsOut: 0,
        authFailures: 0,
      },
      history: { t: [], kbpsIn: [], kbpsOut: [] },
    },
    restream: {
      settings: { ...DEFAULT_RESTREAM },
      status: { state: 'stopped' },
      users: [],
      paths: {},
      consumers: {},
    },
    allocations: {},
    log: [],
    live: { viewers: {}, thumbnails: {} },
    shares: {},
    sharing: {
      availability: { available: false, reason: 'share links need the headless console (camrelay relay)' },
    },
  };
}

export function testAppInfo(overrides: Partial<AppInfo> = {}): AppInfo {
  return {
    version: '0.0.0',
    platform: 'headless',
    dataDir: '/tmp/camrelay-test',
    startedAt: 0,
    config: { status: 'ok' },
    secrets: { backend: 'file-key' },
    ...overrides,
  };
}
