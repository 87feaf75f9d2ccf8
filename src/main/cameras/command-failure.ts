// The camera and group commands' refusals, as the typed CommandFailure the console shows
// next to the field they name.
import { CommandFailure } from '../../shared/errors';

export function fail(
  code: 'not-found' | 'already-exists' | 'invalid-argument',
  field: string | undefined,
  message: string,
): never {
  throw new CommandFailure({ code, message, ...(field ? { field, issues: [{ field, message }] } : {}) });
}

/** A command that needs the camera manager, on a host without one. */
export function unavailable(): never {
  throw new CommandFailure({ code: 'unavailable', message: 'the camera manager is not running' });
}
