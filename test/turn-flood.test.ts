// An unauthenticated Allocate flood from many loopback source addresses (127.0.2.1-250), bounded
// in count and time, while a legitimate client allocates: every one of its Allocates gets its
// first challenge and succeeds at the first try, although the flood keeps the shared budget of
// unauthenticated answers empty the whole time.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TurnServer } from '../src/main/turn/index';
import { UdpTurnClient } from './helpers/turn-client';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 30_000 });

const CREDS = { user: 'viewer', pass: 'right-password' };
const SOURCES = 250;
/** At most this many flood packets in all (250 sources x 10/s for at most 8 s is 20,000). */
const MAX_FLOOD = 20_000;

let server: TurnServer;
let port = 0;
const flooders: UdpTurnClient[] = [];

beforeAll(async () => {
  server = new TurnServer({
    listeners: [{ transport: 'udp', host: '127.0.0.1', port: 0 }],
    users: { [CREDS.user]: CREDS.pass },
    // per source 2/s (burst 2): the shared budget is 50x that, 100/s, against 500/s wanted
    unauthenticatedRate: { perSecond: 2, burst: 2 },
  });
  await server.start();
  port = server.addresses[0]!.port;
  for (let i = 1; i <= SOURCES; i++) {
    const c = new UdpTurnClient(port, { user: 'nobody', pass: 'x' }, `127.0.2.${i}`);
    await c.bind();
    flooders.push(c);
  }
});

afterAll(async () => {
  for (const c of flooders) c.close();
  await server?.stop();
});

describe('unauthenticated flood from many sources', () => {
  it('does not starve a legitimate client of its first challenge', async () => {
    let sent = 0;
    /** One Allocate from every flooder, all in one turn of the event loop. */
    const burst = () => {
      for (const c of flooders) {
        if (sent >= MAX_FLOOD) return;
        c.fire(c.builder.build());
        sent++;
      }
    };
    const flood = setInterval(burst, 100);
    try {
      // let the flood drain the shared budget first
      await vi.waitFor(() => expect(server.counters().drops['rate-limited']).toBeGreaterThan(500), {
        timeout: 10_000,
        interval: 50,
      });
      const dropsBefore = server.counters().drops['rate-limited'];
      const codes: number[] = [];
      for (let i = 0; i < 8; i++) {
        const c = new UdpTurnClient(port, CREDS, `127.0.0.${i + 20}`);
        await c.bind();
        // A loopback Allocate takes far less than the 100 ms between flood ticks: without a
        // burst queued just ahead of it, it could slip through while the budget refills.
        burst();
        // one try each, no retransmission: a dropped challenge is a failure
        codes.push(await c.allocate(2000, 60_000));
        c.close();
      }
      expect(codes, `codes ${codes}`).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
      // the bursts queued ahead of each Allocate were refused: the budget was empty meanwhile
      expect(server.counters().drops['rate-limited']).toBeGreaterThan(dropsBefore);
    } finally {
      clearInterval(flood);
    }
    expect(sent).toBeLessThanOrEqual(MAX_FLOOD);
  });
});
