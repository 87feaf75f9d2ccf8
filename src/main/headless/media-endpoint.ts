// The headless console's /media WebSocket: binary media channels to the live service, on
// their own sockets so state patches and command results never wait behind video. The
// server routes an upgrade here only after the same token and origin checks as /ws.
//
// Sending costs a syscall per write, the largest part of a frame's cost in main: a page
// uses one media socket for all its views, and each socket is corked from its first write
// in an event-loop turn until the turn's I/O is done (setImmediate), so the frames of many
// cameras that arrive together leave in one writev. A frame goes out as two fragments of
// one message (header, then the access unit as the depacketizer made it): no copy.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { MEDIA_MAX_CLIENT_MESSAGE, MEDIA_STATS_PATH } from '../../shared/media';
import type { LiveService } from '../live';

export interface MediaEndpoint {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** GET /media/stats: the live service's figures as JSON (authenticated like every route). */
  readonly routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void>;
  close(): void;
}

export interface MediaEndpointOptions {
  /** Picks the subprotocol to answer (the console offers one besides its credential). */
  handleProtocols?: (protocols: Set<string>) => string | false;
}

export function createMediaEndpoint(live: LiveService, options: MediaEndpointOptions = {}): MediaEndpoint {
  const wss = new WebSocketServer({
    noServer: true,
    ...(options.handleProtocols ? { handleProtocols: options.handleProtocols } : {}),
    maxPayload: MEDIA_MAX_CLIENT_MESSAGE,
    // Video does not compress; deflating it would only cost CPU.
    perMessageDeflate: false,
  });
  wss.on('connection', (ws, req: IncomingMessage) => {
    const cork = corker(ws);
    const remote = req?.socket?.remoteAddress?.replace(/^::ffff:/, '');
    const conn = live.connect({
      ...(remote ? { remote } : {}),
      send: (bytes) => {
        if (ws.readyState !== ws.OPEN) return;
        cork();
        ws.send(bytes, { binary: true });
      },
      sendFrame: (header, data) => {
        if (ws.readyState !== ws.OPEN) return;
        cork();
        ws.send(header, { binary: true, fin: false });
        ws.send(data, { binary: true, fin: true });
      },
      get bufferedAmount() {
        return ws.bufferedAmount;
      },
      close: () => {
        if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(1000);
      },
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (!isBinary) {
        conn.badMessages += 1;
        return;
      }
      conn.receive(toBytes(data));
    });
    ws.on('close', () => conn.close());
    ws.on('error', () => ws.terminate());
  });

  return {
    handleUpgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    routes: {
      [MEDIA_STATS_PATH]: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(live.stats()));
      },
    },
    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}

/** Corks the socket under `ws` until the end of this event-loop turn's I/O. */
function corker(ws: WebSocket): () => void {
  // ws keeps its net.Socket private; cork/uncork nest, so ws's own per-message cork is fine.
  const socket = (ws as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
  let corked = false;
  const uncork = () => {
    corked = false;
    socket?.uncork();
  };
  return () => {
    if (corked || !socket) return;
    corked = true;
    socket.cork();
    setImmediate(uncork);
  };
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}
