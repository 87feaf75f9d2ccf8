// The core's debug line per request: method, transport, source, result code, and the user
// once authenticated; nothing at all (not even field building) when debug is off.
import { describe, expect, it } from 'vitest';
import { createLogger, type LogRecord } from '../../../shared/engine-log';
import { encodeRequestedTransport } from '../stun/attributes/requested-transport';
import { StunMethod } from '../stun/constants';
import { Harness, TestClient } from './test-harness';

function recording(level: 'debug' | 'info') {
  const records: LogRecord[] = [];
  return { records, logger: createLogger('turn:request', { level, sink: (r) => records.push(r) }) };
}

describe('request log', () => {
  it('logs each request with its method, transport, source and result; never the key', () => {
    const { records, logger } = recording('debug');
    const h = new Harness({ logger });
    h.core.addListener({ transport: 'udp', localAddress: '0.0.0.0', localPort: 3478 });
    const c = new TestClient(h);
    c.send(c.build(StunMethod.binding, undefined, false));
    c.send(c.build(StunMethod.allocate, (w) => encodeRequestedTransport(w, 17), false));
    c.allocate();
    const fields = records.map((r) => r.fields);
    expect(fields[0]).toEqual({
      method: 'binding',
      transport: 'udp',
      source: '192.0.2.10:40000',
      result: 200,
    });
    expect(fields[1]).toMatchObject({ method: 'allocate', result: 401 });
    expect(fields.at(-2)).toMatchObject({ method: 'allocate', user: 'alice', result: 'none' });
    expect(records.at(-1)!.message).toBe('allocate answered');
    expect(fields.at(-1)).toEqual({
      method: 'allocate',
      transport: 'udp',
      source: '192.0.2.10:40000',
      result: 200,
      user: 'alice',
    });
    expect(JSON.stringify(records)).not.toContain('secret');
  });

  it('writes nothing when debug is off', () => {
    const { records, logger } = recording('info');
    const h = new Harness({ logger });
    new TestClient(h).allocate();
    expect(records).toEqual([]);
  });
});
