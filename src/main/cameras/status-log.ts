// A camera's status changes, as log lines an operator reads.
import type { CameraView } from '../../shared/cameras';
import type { HostContext } from '../context';

/** Past this many failed attempts in a row a camera is down, not blinking: an error. */
export const ERROR_AFTER_ATTEMPTS = 3;

export function logStatus(
  ctx: Pick<HostContext, 'store' | 'log'>,
  id: string,
  status: CameraView['status'],
): void {
  const name = ctx.store.get<string | undefined>(['cameras', id, 'name']) ?? id;
  switch (status.state) {
    case 'playing':
      ctx.log.info('camera', `"${name}" playing`, id);
      break;
    case 'backing-off':
      ctx.log.add(
        status.attempt > ERROR_AFTER_ATTEMPTS ? 'error' : 'warn',
        'camera',
        `"${name}": ${status.failure.message} Retry ${status.attempt} in ${Math.round((status.retryAt - status.since) / 1000)} s. (${status.failure.detail ?? ''})`,
        id,
      );
      break;
    case 'waiting-stale':
      {
        // The group's label ("192.168.1.20:554"), the words the Groups page shows, not its id.
        const group =
          ctx.store.get<string | undefined>(['groups', status.groupId, 'label']) ?? status.groupId;
        const sessions = status.count === 1 ? '1 stale session' : `${status.count} stale sessions`;
        ctx.log.info('camera', `"${name}" waits for ${sessions} on ${group}`, id);
      }
      break;
    case 'idle':
      ctx.log.info('camera', `"${name}" idle: on demand, nobody watches; its session is closed`, id);
      break;
    default:
      break;
  }
}
