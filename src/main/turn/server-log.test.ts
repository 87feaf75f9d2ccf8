// The logger given to TurnServer reaches the pure core: a request over a real socket gets its
// debug line (the event lines are covered by observer-dispatch.test.ts).
import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, type LogRecord } from '../../shared/engine-log';
import { TurnServer } from './server';
import { encodeRequestedTransport } from './stun/attributes/requested-transport';
import { messageType, StunClass, StunMethod } from './stun/constants';
import { StunWriter } from './stun/writer';

const stops: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s();
});

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setImmediate(r));
}

describe('TurnServer logger', () => {
  it('logs each request at debug through turn:request, with its result code', async () => {
    const records: LogRecord[] = [];
    const server = new TurnServer(
      { listeners: [{ transport: 'udp', host: '127.0.0.1', port: 0 }] },
      { logger: createLogger('turn', { level: 'debug', sink: (r) => records.push(r) }) },
    );
    await server.start();
    stops.push(() => server.stop());
    const sock = createSocket('udp4');
    stops.push(() => {
      sock.close();
    });
    const w = new StunWriter();
    const tid = Buffer.alloc(12, 1);
    w.begin(messageType(StunMethod.allocate, StunClass.request), tid);
    encodeRequestedTransport(w, 17);
    sock.send(w.finish(), server.addresses[0]!.port, '127.0.0.1');
    await until(() => records.some((r) => r.component === 'turn:request'));
    const line = records.find((r) => r.component === 'turn:request')!;
    expect(line.level).toBe('debug');
    expect(line.fields).toMatchObject({ method: 'allocate', transport: 'udp', result: 401 });
    expect(String(line.fields.source)).toMatch(/^127\.0\.0\.1:\d+$/);
  });
});
