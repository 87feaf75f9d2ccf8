// GET /api/v1/status: what a monitoring script wants in one request — version, uptime, how
// many cameras are in which state, the TURN relay's state and totals, live shares.
import type { Host } from '../host';
import type { ApiRouter } from './router';

export function apiStatus(host: Host, now: number) {
  const s = host.store.state;
  const cameras = Object.values(s.cameras);
  const byState: Record<string, number> = {};
  for (const c of cameras) byState[c.status.state] = (byState[c.status.state] ?? 0) + 1;
  return {
    version: s.app.version,
    platform: s.app.platform,
    startedAt: s.app.startedAt,
    uptimeSeconds: Math.max(0, Math.floor((now - s.app.startedAt) / 1000)),
    cameras: {
      total: cameras.length,
      enabled: cameras.filter((c) => c.enabled).length,
      playing: byState.playing ?? 0,
      byState,
    },
    relay: {
      status: s.relay.status,
      allocations: s.relay.totals.allocations,
      bytesIn: s.relay.totals.bytesIn,
      bytesOut: s.relay.totals.bytesOut,
    },
    shares: Object.keys(s.shares).length,
  };
}

export function addStatusRoute(router: ApiRouter, host: Host): void {
  router.add({
    method: 'GET',
    path: '/api/v1/status',
    handle: () => ({ status: 200, body: apiStatus(host, host.context.now()) }),
  });
}
