// Prometheus metrics for cameras (prom-client), labelled by camera name and id. Gauges read
// the state store when scraped, so a deleted camera's series go with it; the two counters
// also carry what ended sessions counted (a session's figures start again at zero).
// prom-client escapes label values (backslash, double quote, newline).
import { Counter, Gauge, type Registry } from 'prom-client';
import type { CameraView } from '../../shared/cameras';
import type { StateStore } from '../state/state-store';

type Labels = 'camera' | 'id';
interface Carried {
  reconnects: number;
  /** Packets lost by the camera's ended sessions. */
  lostBefore: number;
}

export interface CameraMetrics {
  /** Call before a camera's new status replaces the old one in the store. */
  statusChanging(id: string, next: CameraView['status']): void;
  /** Removes the metrics from the registry. */
  unregister(): void;
}

export function registerCameraMetrics(
  registry: Registry,
  store: StateStore,
  prefix = 'camrelay_camera_',
): CameraMetrics {
  const carried = new Map<string, Carried>();
  const cameras = () => Object.values(store.get<Record<string, CameraView>>(['cameras']) ?? {});
  const carriedOf = (id: string): Carried => {
    let c = carried.get(id);
    if (!c) {
      c = { reconnects: 0, lostBefore: 0 };
      carried.set(id, c);
    }
    return c;
  };
  const labels = (c: CameraView) => ({ camera: c.name, id: c.id });
  const names: string[] = [];
  const gauge = (name: string, help: string, value: (c: CameraView) => number) => {
    names.push(prefix + name);
    return new Gauge<Labels>({
      name: prefix + name,
      help,
      labelNames: ['camera', 'id'],
      registers: [registry],
      collect() {
        this.reset();
        for (const c of cameras()) this.set(labels(c), value(c));
      },
    });
  };
  const counter = (name: string, help: string, value: (c: CameraView) => number) => {
    names.push(prefix + name);
    return new Counter<Labels>({
      name: prefix + name,
      help,
      labelNames: ['camera', 'id'],
      registers: [registry],
      collect() {
        this.reset();
        const present = new Set<string>();
        for (const c of cameras()) {
          present.add(c.id);
          this.inc(labels(c), value(c));
        }
        for (const id of carried.keys()) if (!present.has(id)) carried.delete(id);
      },
    });
  };
  const playing = (c: CameraView) => c.status.state === 'playing';

  gauge('up', '1 while the camera is playing, else 0', (c) => (playing(c) ? 1 : 0));
  gauge('bitrate_bits_per_second', 'Main video bitrate (0 unless playing)', (c) =>
    playing(c) && c.figures ? Math.round(c.figures.kbps * 1000) : 0,
  );
  gauge('fps', 'Main video frames per second (0 unless playing)', (c) =>
    playing(c) && c.figures ? c.figures.fps : 0,
  );
  counter(
    'reconnects_total',
    'Connection attempts after the camera stopped playing or failed, since camrelay started',
    (c) => carried.get(c.id)?.reconnects ?? 0,
  );
  counter(
    'frames_lost_total',
    'RTP packets of the camera lost in transit (sequence gaps), since camrelay started',
    (c) => (carried.get(c.id)?.lostBefore ?? 0) + (playing(c) ? (c.figures?.lostPackets ?? 0) : 0),
  );

  return {
    statusChanging(id, next) {
      const before = store.get<CameraView | undefined>(['cameras', id]);
      if (!before || before.status.state === next.state) return;
      const c = carriedOf(id);
      if (before.status.state === 'playing') c.lostBefore += before.figures?.lostPackets ?? 0;
      if (
        next.state === 'connecting' &&
        (before.status.state === 'playing' || before.status.state === 'backing-off')
      )
        c.reconnects += 1;
    },
    unregister() {
      for (const name of names) registry.removeSingleMetric(name);
    },
  };
}
