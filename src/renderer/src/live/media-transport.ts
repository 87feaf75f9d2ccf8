// Where a media channel comes from: in Electron a MessagePort from main (asked through the
// preload, delivered as a window message), in a browser the /media WebSocket of the page's
// own origin, authenticated by this tab's console session (a subprotocol).
import { MEDIA_PATH, MEDIA_PORT_MESSAGE } from '../../../shared/media';
import { consoleSession } from '../transport/session';
import type { TransportSpec } from './engine/protocol';

const PORT_TIMEOUT_MS = 5000;
let nextRequest = 1;

export function mediaTransport(): Promise<TransportSpec> {
  const request = window.camrelay?.requestMediaPort;
  if (request) return requestPort(request);
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return Promise.resolve({
    kind: 'websocket',
    url: `${scheme}//${window.location.host}${MEDIA_PATH}`,
    protocols: consoleSession().protocols(),
  });
}

function requestPort(request: (id: number) => void): Promise<TransportSpec> {
  return new Promise((resolve, reject) => {
    const id = nextRequest++;
    const done = () => {
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
    };
    const onMessage = (e: MessageEvent) => {
      const data = e.data as Record<string, unknown> | null;
      if (e.source !== window || !data || data[MEDIA_PORT_MESSAGE] !== id || !e.ports[0]) return;
      done();
      resolve({ kind: 'port', port: e.ports[0] });
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error('camrelay did not open a media channel'));
    }, PORT_TIMEOUT_MS);
    window.addEventListener('message', onMessage);
    request(id);
  });
}

export function transferables(spec: TransportSpec): Transferable[] {
  return spec.kind === 'port' ? [spec.port] : [];
}
