import { describe, expect, it } from 'vitest';
import { STREAM_DEFAULTS } from '../config';
import type { Conn } from '../core/types';
import { type GuardedStream, StreamGuard } from './stream-guard';

function setup(limits: Partial<typeof STREAM_DEFAULTS> = {}) {
  const clock = { t: 1000 };
  const guard = new StreamGuard({ ...STREAM_DEFAULTS, ...limits }, () => clock.t);
  const destroyed: string[] = [];
  const sock = (name: string) => ({ destroy: () => destroyed.push(name) });
  return { clock, guard, destroyed, sock };
}

const conn = (allocated: boolean) => ({ allocation: allocated ? {} : undefined }) as unknown as Conn;

describe('StreamGuard', () => {
  it('caps connections per source and gives the slot back on release (once)', () => {
    const { guard, sock } = setup({ maxConnectionsPerSource: 2 });
    const a = guard.admit('10.0.0.1', sock('a'), false)!;
    guard.admit('10.0.0.1', sock('b'), false);
    expect(guard.admit('10.0.0.1', sock('c'), false)).toBeUndefined();
    expect(guard.admit('10.0.0.2', sock('d'), false)).toBeDefined();
    guard.release(a);
    guard.release(a);
    expect(guard.connectionsFrom('10.0.0.1')).toBe(1);
    expect(guard.admit('10.0.0.1', sock('e'), false)).toBeDefined();
    expect(guard.closed['per-source-limit']).toBe(1);
  });

  it('the TLS handshake deadline counts from connect; a done handshake is not closed', () => {
    const { clock, guard, destroyed, sock } = setup({ handshakeTimeoutMs: 500, allocateTimeoutMs: 60_000 });
    guard.admit('1.1.1.1', sock('slow'), true);
    const done = guard.admit('1.1.1.2', sock('raw'), true)!;
    guard.handshaken(done, sock('tls'));
    clock.t += 499;
    guard.sweep();
    expect(destroyed).toEqual([]);
    clock.t += 1;
    guard.sweep();
    expect(destroyed).toEqual(['slow']);
    expect(guard.closed['handshake-timeout']).toBe(1);
  });

  it('a frame deadline counts from the first byte of that frame, and restarts with the next frame', () => {
    const { clock, guard, destroyed, sock } = setup({ frameTimeoutMs: 1000, allocateTimeoutMs: 60_000 });
    const g = guard.admit('1.1.1.1', sock('s'), false)!;
    guard.framed(g, 100, false);
    clock.t += 900;
    guard.framed(g, 100, false); // more bytes of the same frame: no new time
    clock.t += 50;
    guard.framed(g, 100, true); // that frame completed, a new one started
    clock.t += 900;
    guard.sweep();
    expect(destroyed).toEqual([]);
    clock.t += 100;
    guard.sweep();
    expect(destroyed).toEqual(['s']);
    expect(guard.pendingBytes).toBe(0);
  });

  it('a connection without an allocation is closed at the allocation deadline; an allocated one stays', () => {
    const { clock, guard, destroyed, sock } = setup({ allocateTimeoutMs: 1000 });
    const idle = guard.admit('1.1.1.1', sock('idle'), false)!;
    idle.conn = conn(false);
    const busy = guard.admit('1.1.1.1', sock('busy'), false)!;
    busy.conn = conn(true);
    clock.t += 1000;
    guard.sweep();
    expect(destroyed).toEqual(['idle']);
    expect(guard.maxFrame(busy, 65555)).toBe(65555);
  });

  it('bounds bytes held in partial frames over all connections', () => {
    const { guard, sock } = setup({ maxPendingBytes: 100_000 });
    const gs: GuardedStream[] = [];
    const refused: number[] = [];
    for (let i = 0; i < 20; i++) {
      const g = guard.admit(`1.1.1.${i}`, sock(String(i)), false)!;
      gs.push(g);
      if (!guard.framed(g, 8000, false)) {
        refused.push(i);
        guard.release(g);
      }
    }
    expect(refused).toEqual([12, 13, 14, 15, 16, 17, 18, 19]);
    expect(guard.pendingBytes).toBe(96_000);
    guard.framed(gs[0]!, 0, true);
    expect(guard.pendingBytes).toBe(88_000);
    expect(guard.maxFrame(gs[0]!, 65555)).toBe(STREAM_DEFAULTS.maxFrameBeforeAllocation);
  });
});
