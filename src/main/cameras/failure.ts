// Turns what the RTSP client reports into a failure an operator understands: what kind of
// problem it is (credentials, path, network, camera bug...) and one plain sentence. Read from
// the error's code and context (phase, errno) only: the message is for people and may change.
import type { CameraFailure, FailureKind } from '../../shared/cameras';
import { RtspError, type RtspErrorKind } from '../rtsp/index';

const KIND: Record<RtspErrorKind, FailureKind> = {
  auth: 'auth',
  'not-found': 'not-found',
  'unsupported-transport': 'unsupported',
  timeout: 'timeout',
  framing: 'camera-bug',
  protocol: 'camera-bug',
  codec: 'camera-bug',
  network: 'unreachable',
  tls: 'tls',
  server: 'server-error',
  redirect: 'camera-bug',
  // camrelay's own close (stop, settings change): not the camera's doing.
  closed: 'internal',
  unsupported: 'unsupported',
  ended: 'ended',
  'stale-session': 'camera-bug',
};

function sentence(err: RtspError): string {
  switch (err.code) {
    case 'auth':
      return 'The camera refused the user name or password.';
    case 'not-found':
      return 'The camera has no stream at this address; check the path in the URL.';
    case 'unsupported-transport':
      return 'The camera refused this transport; try TCP, UDP or automatic.';
    case 'timeout':
      return err.is('timeout') && err.context.phase === 'frames'
        ? 'The camera stopped sending video.'
        : 'The camera did not answer in time.';
    case 'network':
      return networkSentence(err.is('network') ? err.context.errno : undefined);
    case 'closed':
      return 'camrelay closed the session (the camera was stopped or its settings changed).';
    case 'tls':
      return "The camera's TLS certificate was refused; pin its fingerprint under Advanced if it is self-signed.";
    case 'server':
      return `The camera answered with an error${err.context.status ? ` (${err.context.status})` : ''}.`;
    case 'stale-session':
      return 'The camera is still sending an old session (live555 bug); waiting for it to expire.';
    case 'unsupported':
      return 'The camera offers nothing camrelay can play.';
    case 'ended':
      return 'The camera ended the stream (RTCP BYE); reconnecting.';
    case 'redirect':
      return 'The camera redirected to an address camrelay cannot follow.';
    case 'framing':
    case 'protocol':
    case 'codec':
      return 'The camera broke the RTSP protocol.';
    default: {
      const never: never = err.code;
      return `Unexpected error (${never}).`;
    }
  }
}

function networkSentence(errno: string | undefined): string {
  switch (errno) {
    case 'ECONNREFUSED':
      return 'Nothing accepts connections at this address and port.';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'The camera host name cannot be resolved.';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'The camera is unreachable from this machine.';
    default:
      return 'The connection to the camera failed or was closed.';
  }
}

export function classifyFailure(err: unknown, at: number): CameraFailure {
  if (err instanceof RtspError) {
    return { kind: KIND[err.code], message: sentence(err), detail: err.message, at };
  }
  const message = err instanceof Error ? err.message : String(err);
  return {
    kind: 'internal',
    message: 'camrelay hit an internal error with this camera.',
    detail: message,
    at,
  };
}

/** A failure that no retry can fix until the operator changes something. */
export function noSupportedStream(at: number, reasons: string[]): CameraFailure {
  return {
    kind: 'unsupported',
    message: 'The camera offers no stream camrelay can use.',
    detail: reasons.join('; '),
    at,
  };
}

/**
 * A camera holding back its next login after refused ones (the schedule of
 * auth-schedule.ts): shown while it waits, e.g. after a regrouping or a host restart.
 */
export function authHold(at: number, notBefore: number): CameraFailure {
  return {
    kind: 'auth',
    message: 'The camera refused the user name or password.',
    detail: `camrelay waits before logging in again so that the camera does not lock the account (next attempt in ${Math.max(1, Math.round((notBefore - at) / 1000))} s). Fix the credentials, or use "Retry now".`,
    at,
  };
}
