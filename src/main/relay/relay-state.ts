// The owner of the `relay` slice of the state. The relay service publishes the saved config
// (settings, users, secrets); the TURN runtime reports the server's status, its totals and
// the throughput chart. Both ask this object; nothing else writes `relay`.
import type { RelayStatus, RelayTotals } from '../../shared/relay';
import type { SliceWriter } from '../state/state-store';
import type { Config } from '../store/config-schema';

/** Points of the throughput chart (one a second). */
export const THROUGHPUT_POINTS = 300;

export class RelayState {
  constructor(private readonly slice: SliceWriter<'relay'>) {}

  get totals(): RelayTotals {
    return this.slice.get().totals;
  }

  /** The saved relay config, as the operator sees it (no secret values). */
  publishConfig(config: Config): void {
    this.slice.set(['settings'], config.relay.settings);
    this.slice.set(['users'], config.relay.users);
    this.slice.set(['secrets'], config.relay.secrets);
  }

  setStatus(status: RelayStatus): void {
    this.slice.set(['status'], status);
  }

  setTotals(totals: RelayTotals): void {
    this.slice.set(['totals'], totals);
  }

  /** One point of the throughput chart. */
  appendThroughput(t: number, kbpsIn: number, kbpsOut: number): void {
    this.slice.append(['history', 't'], [t], THROUGHPUT_POINTS);
    this.slice.append(['history', 'kbpsIn'], [kbpsIn], THROUGHPUT_POINTS);
    this.slice.append(['history', 'kbpsOut'], [kbpsOut], THROUGHPUT_POINTS);
  }
}
