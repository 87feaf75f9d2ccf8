// The operator-facing event log: camera, group and relay events. Bounded in memory (the
// host keeps `capacity` entries for export; the state shows the newest LOG_STATE_LIMIT).
import { LOG_STATE_LIMIT, type LogEntry, type LogLevel, type LogSource } from '../../shared/state';
import type { SliceWriter, StateStore } from './state-store';

export type LogSink = (entry: LogEntry) => void;

/** Owns the `log` slice of the state. */
export class EventLog {
  readonly #entries: LogEntry[] = [];
  #nextId = 1;
  readonly #slice: SliceWriter<'log'>;

  constructor(
    store: StateStore,
    private readonly options: { capacity?: number; now?: () => number; sink?: LogSink } = {},
  ) {
    this.#slice = store.slice('log');
  }

  add(level: LogLevel, source: LogSource, message: string, subject?: string): LogEntry {
    const entry: LogEntry = {
      id: this.#nextId++,
      at: (this.options.now ?? Date.now)(),
      level,
      source,
      message,
      ...(subject !== undefined ? { subject } : {}),
    };
    const capacity = this.options.capacity ?? 10_000;
    this.#entries.push(entry);
    if (this.#entries.length > capacity) this.#entries.splice(0, this.#entries.length - capacity);
    this.#slice.append([], [entry], LOG_STATE_LIMIT);
    this.options.sink?.(entry);
    return entry;
  }

  info(source: LogSource, message: string, subject?: string): LogEntry {
    return this.add('info', source, message, subject);
  }

  warn(source: LogSource, message: string, subject?: string): LogEntry {
    return this.add('warn', source, message, subject);
  }

  error(source: LogSource, message: string, subject?: string): LogEntry {
    return this.add('error', source, message, subject);
  }

  get size(): number {
    return this.#entries.length;
  }

  /** Every retained entry as JSON lines, oldest first. */
  toJsonLines(): string {
    return this.#entries.map((e) => JSON.stringify(e)).join('\n') + (this.#entries.length ? '\n' : '');
  }
}
