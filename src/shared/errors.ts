// Typed errors that cross the main/renderer boundary. Every command answers either a result
// or one of these; the renderer never sees a stack trace or a plain string.
import { CodedError } from './coded-error';

export const ERROR_CODES = [
  'invalid-argument', // the arguments failed the shared schema; `field` names the first bad one
  'unknown-command', // no such command in the contract
  'not-found', // the camera / group / user / allocation named does not exist
  'already-exists', // a name that must be unique is taken
  'port-in-use', // a listener could not bind its address
  'unavailable', // the engine or backend needed is not running / not available on this platform
  'failed', // the operation ran and failed (a probe that could not connect, ...); message says why
  'internal', // a bug: logged in main with its stack
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldIssue {
  /** Dotted path of the field inside the command arguments, e.g. `url` or `listeners.0.port`. */
  field: string;
  message: string;
}

export interface CommandError {
  code: ErrorCode;
  message: string;
  /** The first offending field, for `invalid-argument` (and conflicts tied to one field). */
  field?: string;
  /** Every offending field, so a form can mark them all inline. */
  issues?: FieldIssue[];
  /** Machine-readable detail from an engine, e.g. an RTSP error kind. */
  kind?: string;
}

export type CommandResponse<T> = { ok: true; result: T } | { ok: false; error: CommandError };

export function commandError(
  code: ErrorCode,
  message: string,
  extra: Partial<CommandError> = {},
): CommandError {
  return { code, message, ...extra };
}

/** Thrown inside main-process command handlers; the dispatcher turns it into a response. */
export class CommandFailure extends CodedError<Record<ErrorCode, Omit<CommandError, 'code' | 'message'>>> {
  constructor(readonly error: CommandError) {
    const { code, message, ...context } = error;
    super(code, message, context);
  }
}
