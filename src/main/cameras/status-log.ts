// A camera's status changes, as log lines an operator reads.
import type { CameraView } from '../../shared/cameras';
import type { HostContext } from '../context';

export function logStatus(ctx: HostContext, id: string, status: CameraView['status']): void {
  const name = ctx.store.get<string | undefined>(['cameras', id, 'name']) ?? id;
  switch (status.state) {
    case 'playing':
      ctx.log.info('camera', `"${name}" playing`, id);
      break;
    case 'backing-off':
      ctx.log.warn(
        'camera',
        `"${name}": ${status.failure.message} Retry ${status.attempt} in ${Math.round((status.retryAt - status.since) / 1000)} s. (${status.failure.detail ?? ''})`,
        id,
      );
      break;
    case 'waiting-stale':
      ctx.log.info('camera', `"${name}" waits for ${status.count} stale session(s) in ${status.groupId}`, id);
      break;
    default:
      break;
  }
}
