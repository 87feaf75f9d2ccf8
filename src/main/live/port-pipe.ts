// A media channel over an Electron MessagePortMain (or anything with its shape: Node's
// worker_threads MessagePort in tests). Messages go out as ArrayBuffers: Electron copies
// them into the renderer (MessagePortMain transfers only ports), where the view's worker
// owns the other end of the port. A port has no send buffer to read, so backpressure relies
// on the view's acknowledgements alone.
import type { MediaConnection } from './connection';
import type { LiveService } from './live-service';

export interface PortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  start(): void;
  close(): void;
}

export function connectPort(live: LiveService, port: PortLike): MediaConnection {
  let open = true;
  const conn = live.connect({
    bufferedAmount: 0,
    send(bytes) {
      if (!open) return;
      const exact = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
      port.postMessage(exact ? bytes.buffer : bytes.slice().buffer);
    },
    sendFrame(header, data) {
      if (!open) return;
      // One ArrayBuffer of the exact size (Electron copies it into the renderer).
      const message = new Uint8Array(header.length + data.length);
      message.set(header, 0);
      message.set(data, header.length);
      port.postMessage(message.buffer);
    },
    close() {
      if (!open) return;
      open = false;
      port.close();
    },
  });
  port.on('message', (event) => {
    const bytes = asBytes(event.data);
    if (bytes) conn.receive(bytes);
    else conn.badMessages += 1;
  });
  port.on('close', () => conn.close());
  port.start();
  return conn;
}

function asBytes(data: unknown): Uint8Array | undefined {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return undefined;
}
