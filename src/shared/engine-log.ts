// The engines' diagnostic logger: levels, a component name and structured fields. This is
// for a field problem ("why does this camera drop every 40 s?"), not the operator's event log
// (state/event-log.ts), which says what happened in words.
//
// Engines take a `Logger` in their options and default to `silentLogger`, so a library user
// pays nothing. The host builds one from `--log-level` and the `CAMRELAY_DEBUG` filter:
//   CAMRELAY_DEBUG=rtsp,turn:auth   debug for rtsp (and rtsp:*) and turn:auth, the rest at the level
//   CAMRELAY_DEBUG=*                debug everywhere
// Fields never carry secrets: keys that name one are masked before any sink sees them.

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type EngineLogLevel = (typeof LOG_LEVELS)[number];
export type LogFields = Record<string, unknown>;

export interface Logger {
  /** True when debug lines of this component are kept: guard costly field building with it. */
  readonly debugEnabled: boolean;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger for a sub-component: `rtsp` -> `rtsp:session`. */
  child(component: string, fields?: LogFields): Logger;
}

export interface LogRecord {
  at: number;
  level: Exclude<EngineLogLevel, 'silent'>;
  component: string;
  message: string;
  fields: LogFields;
}

export type LogRecordSink = (record: LogRecord) => void;

const RANK: Record<EngineLogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };
const SECRET_KEY = /pass(word)?|secret|credential|token|authorization|nonce|key$/i;

export function isLogLevel(s: string): s is EngineLogLevel {
  return (LOG_LEVELS as readonly string[]).includes(s);
}

/** Masks values whose key names a secret (one level deep; fields are flat by convention). */
export function redactFields(fields: LogFields): LogFields {
  let out: LogFields | undefined;
  for (const k of Object.keys(fields)) {
    if (SECRET_KEY.test(k) && fields[k] !== undefined) {
      out ??= { ...fields };
      out[k] = '***';
    }
  }
  return out ?? fields;
}

/** Parses `CAMRELAY_DEBUG`: a comma list of components; `x` also matches `x:*`; `*` all. */
export function debugFilter(spec: string | undefined): (component: string) => boolean {
  const names = (spec ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0) return () => false;
  if (names.includes('*')) return () => true;
  return (component) => names.some((n) => component === n || component.startsWith(`${n}:`));
}

export interface LoggerOptions {
  level?: EngineLogLevel;
  /** Components that log at debug whatever `level` says (see `debugFilter`). */
  debug?: (component: string) => boolean;
  sink: LogRecordSink;
  now?: () => number;
}

/** `component` '' makes a root whose children are the engines themselves (`rtsp`, `turn`). */
export function createLogger(component: string, options: LoggerOptions, base: LogFields = {}): Logger {
  const level = options.level ?? 'info';
  const min = options.debug?.(component) ? RANK.debug : RANK[level];
  const now = options.now ?? Date.now;
  const emit = (lvl: LogRecord['level'], message: string, fields?: LogFields): void => {
    if (RANK[lvl] < min) return;
    const merged = fields ? { ...base, ...fields } : base;
    options.sink({ at: now(), level: lvl, component, message, fields: redactFields(merged) });
  };
  return {
    debugEnabled: min <= RANK.debug,
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (sub, f) =>
      createLogger(component ? `${component}:${sub}` : sub, options, f ? { ...base, ...f } : base),
  };
}

const noop = (): void => {};
export const silentLogger: Logger = {
  debugEnabled: false,
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  child: () => silentLogger,
};

/** One line for a terminal: `2026-12-03T08:00:00.000Z DEBUG rtsp:session PLAY sent cseq=4`. */
export function formatLogRecord(r: LogRecord): string {
  const fields = Object.entries(r.fields)
    .map(([k, v]) => `${k}=${typeof v === 'string' && !/\s/.test(v) ? v : JSON.stringify(v)}`)
    .join(' ');
  return `${new Date(r.at).toISOString()} ${r.level.toUpperCase().padEnd(5)} ${r.component || 'camrelay'} ${r.message}${fields ? ` ${fields}` : ''}`;
}
