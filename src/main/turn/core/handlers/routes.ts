// The routing table: one handler per (method, class). Anything else is a 400 (unknown request
// method) or a counted drop (responses, unknown indications).
import { messageType, StunClass, StunMethod } from '../../stun/constants';
import { sendIndication } from '../data-path';
import { handleAllocate } from './allocate';
import { handleBinding } from './binding';
import { handleChannelBind } from './channel-bind';
import { handleCreatePermission } from './create-permission';
import { handleRefresh } from './refresh';
import type { Handler } from './services';

export type { Handler } from './services';

export const ROUTES: ReadonlyMap<number, Handler> = new Map<number, Handler>([
  [messageType(StunMethod.binding, StunClass.request), handleBinding],
  [messageType(StunMethod.allocate, StunClass.request), handleAllocate],
  [messageType(StunMethod.refresh, StunClass.request), handleRefresh],
  [messageType(StunMethod.createPermission, StunClass.request), handleCreatePermission],
  [messageType(StunMethod.channelBind, StunClass.request), handleChannelBind],
  [messageType(StunMethod.send, StunClass.indication), sendIndication],
]);
