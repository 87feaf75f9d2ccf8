// Password guessing over UDP on loopback, bounded: one source fires 3,000 signed Allocates with
// wrong passwords as fast as it can. Only the configured burst plus the refill rate is checked;
// the rest is refused unchecked (401 within the answer budget, else silence). Once the guessing
// stops, the right password is accepted again within about a second (the client retries).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TurnServer } from '../src/main/turn/index';
import { UdpTurnClient } from './helpers/turn-client';

vi.setConfig({ testTimeout: 60_000 });

const USER = 'operator';
const PASS = 'the-right-one';
const GUESSES = 3000;

let server: TurnServer;
let port = 0;

beforeAll(async () => {
  server = new TurnServer({
    listeners: [{ transport: 'udp', host: '127.0.0.1', port: 0 }],
    users: { [USER]: PASS },
  });
  await server.start();
  port = server.addresses[0]!.port;
});

afterAll(async () => {
  await server?.stop();
});

describe('password guessing', () => {
  it('is throttled per source; the right password still gets in after the guessing stops', async () => {
    const attacker = new UdpTurnClient(port, { user: USER, pass: 'guess-0' }, '127.0.3.1');
    await attacker.bind();
    try {
      expect(await attacker.allocate(2000)).toBe(401); // holds a valid nonce now
      const started = Date.now();
      for (let i = 1; i <= GUESSES; i++) {
        attacker.builder.creds = { user: USER, pass: `guess-${i}` };
        attacker.fire(attacker.builder.build());
        if (i % 200 === 0) await new Promise((r) => setImmediate(r)); // let the socket drain
      }
      // every guess that arrived is either checked (an auth failure) or refused unchecked (UDP on
      // a busy machine may lose a few before the server reads them)
      await vi.waitFor(
        () => {
          const c = server.counters();
          expect(c.authFailures['bad-integrity'] + c.authFailures.throttled).toBeGreaterThanOrEqual(
            GUESSES * 0.9,
          );
        },
        { timeout: 20_000, interval: 50 },
      );
      const elapsed = (Date.now() - started) / 1000;
      const checked = server.counters().authFailures['bad-integrity'];
      // burst 10 + 1/s per source (the default), not the 21,000/s that were checked before
      expect(checked).toBeLessThanOrEqual(10 + Math.ceil(elapsed) + 2);
      expect(server.counters().authFailures.throttled).toBeGreaterThan(GUESSES * 0.9 - 100);
    } finally {
      attacker.close();
    }
    // the legitimate user, from the same address, after the attacker stopped
    const user = new UdpTurnClient(port, { user: USER, pass: PASS }, '127.0.3.1');
    await user.bind();
    try {
      // refused (401, unchecked) at most until the source's next token, about a second
      await vi.waitFor(async () => expect(await user.allocate(3000, 500)).toBe(0), {
        timeout: 15_000,
        interval: 200,
      });
    } finally {
      user.close();
    }
  });
});
