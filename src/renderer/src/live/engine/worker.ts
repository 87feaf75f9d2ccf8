// The live engine's worker entry. The page transfers canvases (OffscreenCanvas) and, in
// Electron, media MessagePorts here; everything per frame happens in this thread.
import { Engine } from './engine';
import type { EngineEvent, EngineRequest } from './protocol';

interface WorkerScope {
  onmessage: ((e: MessageEvent<EngineRequest>) => void) | null;
  postMessage(message: EngineEvent, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
const engine = new Engine((event, transfer) => scope.postMessage(event, transfer ?? []));
scope.onmessage = (e) => engine.handle(e.data);
scope.postMessage({ type: 'ready', worker: true });
