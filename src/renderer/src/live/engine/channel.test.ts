// The page's media channels with a stand-in WebSocket: one socket shared by every view of
// the page, messages routed by subscription, acknowledgements batched, idle close.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type ClientMessage,
  decodeClientMessage,
  encodeServerMessage,
  type ServerMessage,
} from '../../../../shared/media';
import { ChannelPool, type SubHandler } from './channel-pool';

class FakeSocket {
  static all: FakeSocket[] = [];
  binaryType = 'blob';
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  sent: ClientMessage[] = [];
  closed = false;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(bytes: Uint8Array) {
    this.sent.push(decodeClientMessage(bytes) as ClientMessage);
  }
  close() {
    this.closed = true;
  }
  deliver(m: ServerMessage) {
    const b = encodeServerMessage(m);
    this.onmessage?.({ data: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) });
  }
}

function handler() {
  const got: ServerMessage[] = [];
  let opened = 0;
  let lost = 0;
  const h: SubHandler = {
    open: () => {
      opened += 1;
    },
    message: (m) => got.push(m),
    lost: () => {
      lost += 1;
    },
  };
  return { h, got, counts: () => ({ opened, lost }) };
}

const spec = { kind: 'websocket' as const, url: 'ws://127.0.0.1:1/media' };

beforeEach(() => {
  FakeSocket.all = [];
  vi.useFakeTimers();
  vi.stubGlobal('WebSocket', FakeSocket);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('ChannelPool', () => {
  it('shares one socket between views and routes messages by subscription', async () => {
    const pool = new ChannelPool();
    const a = handler();
    const b = handler();
    const la = pool.open(spec, a.h);
    const lb = pool.open(spec, b.h);
    expect(FakeSocket.all).toHaveLength(1);
    expect([la.sub, lb.sub]).toEqual([1, 2]);
    const ws = FakeSocket.all[0]!;
    ws.onopen?.();
    expect(a.counts().opened).toBe(1);
    expect(b.counts().opened).toBe(1);
    ws.deliver({ type: 'status', sub: 2, code: 'subscribed', message: 'x' });
    ws.deliver({ type: 'status', sub: 9, code: 'subscribed', message: 'nobody' });
    expect(a.got).toEqual([]);
    expect(b.got).toMatchObject([{ type: 'status', sub: 2 }]);
    // Garbage is counted, not thrown.
    ws.onmessage?.({ data: new Uint8Array([99, 1, 2, 3]).buffer });
    ws.onmessage?.({ data: 'text' });
    expect(la.channel.badMessages).toBe(2);

    // A view that joins an open channel is told at once (next microtask).
    const c = handler();
    pool.open(spec, c.h);
    await Promise.resolve();
    expect(c.counts().opened).toBe(1);
  });

  it('batches acknowledgements of all views into one message', () => {
    const pool = new ChannelPool();
    const la = pool.open(spec, handler().h);
    const lb = pool.open(spec, handler().h);
    const ws = FakeSocket.all[0]!;
    ws.onopen?.();
    ws.sent.length = 0;
    la.channel.consumed(la.sub, 5);
    la.channel.consumed(la.sub, 4); // older: ignored
    lb.channel.consumed(lb.sub, 7);
    expect(ws.sent.filter((m) => m.type === 'ack')).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(ws.sent.filter((m) => m.type === 'ack')).toEqual([
      {
        type: 'ack',
        acks: [
          { sub: 1, seq: 5 },
          { sub: 2, seq: 7 },
        ],
      },
    ]);
  });

  it('unsubscribes on close and closes the socket once idle; a lost socket tells every view', () => {
    const pool = new ChannelPool();
    const a = handler();
    const la = pool.open(spec, a.h);
    const ws = FakeSocket.all[0]!;
    ws.onopen?.();
    la.close();
    expect(ws.sent.at(-1)).toEqual({ type: 'unsubscribe', sub: 1 });
    expect(ws.closed).toBe(false);
    vi.advanceTimersByTime(3000);
    expect(ws.closed).toBe(true);

    const b = handler();
    const c = handler();
    pool.open(spec, b.h);
    pool.open(spec, c.h);
    const ws2 = FakeSocket.all[1]!;
    ws2.onopen?.();
    ws2.onclose?.();
    expect([b.counts().lost, c.counts().lost]).toEqual([1, 1]);
    // The next view gets a new socket.
    pool.open(spec, handler().h);
    expect(FakeSocket.all).toHaveLength(3);
  });
});
