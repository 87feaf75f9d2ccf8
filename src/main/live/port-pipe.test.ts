import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { decodeServerMessage, encodeClientMessage } from '../../shared/media';
import { LiveService } from './live-service';
import { connectPort, type PortLike } from './port-pipe';
import { frame, streams } from './testing';

/** Node's MessagePort with Electron's MessagePortMain event shape ({ data }). */
function electronLike(port: MessagePort): PortLike {
  return {
    postMessage: (m) => port.postMessage(m),
    on: ((event: 'message' | 'close', listener: (e?: { data: unknown }) => void) =>
      event === 'message'
        ? port.on('message', (data) => listener({ data }))
        : port.on('close', () => listener())) as PortLike['on'],
    start: () => port.start(),
    close: () => port.close(),
  };
}

const next = (port: MessagePort) =>
  new Promise<ArrayBuffer>((resolve) => port.once('message', (data: ArrayBuffer) => resolve(data)));

describe('connectPort (the Electron MessagePort path)', () => {
  it('carries subscribe and frames as ArrayBuffers, and closing the far end ends the subscription', async () => {
    const live = new LiveService();
    const tap = live.frameTap('cam1');
    const s = streams();
    tap(frame(true, 64, { timestamp: 1 }), s);
    const { port1, port2 } = new MessageChannel();
    connectPort(live, electronLike(port1));
    const received: ArrayBuffer[] = [];
    port2.on('message', (d: ArrayBuffer) => received.push(d));
    const first = next(port2);
    port2.postMessage(
      encodeClientMessage({ type: 'subscribe', sub: 3, mode: 'live', intervalMs: 0, cameraId: 'cam1' })
        .buffer,
    );
    await first;
    await new Promise((r) => setTimeout(r, 20));
    expect(received.every((b) => b instanceof ArrayBuffer)).toBe(true);
    expect(received.map((b) => decodeServerMessage(new Uint8Array(b)).type)).toEqual([
      'status',
      'config',
      'frame',
    ]);
    expect(live.counts('cam1').viewers).toBe(1);

    const closed = new Promise((r) => port1.once('close', r));
    port2.close();
    await closed;
    expect(live.counts('cam1').viewers).toBe(0);
    expect(live.stats().connections).toBe(0);
    live.close();
  });
});
