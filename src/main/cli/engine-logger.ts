// `--log-level` and `CAMRELAY_DEBUG` for the commands that run engines (relay, turn): one
// Logger whose records go to stderr as lines, next to the operator's event log.
import {
  createLogger,
  debugFilter,
  type EngineLogLevel,
  formatLogRecord,
  isLogLevel,
  LOG_LEVELS,
  type Logger,
} from '../../shared/engine-log';
import { UsageError } from './command';

export const LOG_LEVEL_HELP = `  --log-level LEVEL      engine diagnostics on stderr: ${LOG_LEVELS.join(', ')} (default warn).
                         CAMRELAY_DEBUG=rtsp,turn:auth turns on debug for those engines
                         (and their parts, e.g. rtsp:session) whatever the level; * for all.
                         Lines never carry passwords, keys or tokens.`;

export function parseLogLevel(value: string | undefined): EngineLogLevel {
  if (value === undefined) return 'warn';
  if (!isLogLevel(value))
    throw new UsageError(`--log-level expects one of ${LOG_LEVELS.join(', ')}, got '${value}'`);
  return value;
}

export function engineLogger(
  level: EngineLogLevel,
  env: NodeJS.ProcessEnv = process.env,
  write: (line: string) => void = (line) => process.stderr.write(line),
): Logger {
  return createLogger('', {
    level,
    debug: debugFilter(env.CAMRELAY_DEBUG),
    sink: (record) => write(`${formatLogRecord(record)}\n`),
  });
}
