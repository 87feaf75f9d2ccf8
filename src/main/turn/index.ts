// camrelay's TURN server (RFC 8656 over RFC 8489 STUN) as a library: no Electron, no React.
//
//   const server = new TurnServer(config, { observer });   // config validated here
//   await server.start();                                  // TurnError 'listen-failed' names the listener
//   server.listAllocations(); server.deleteAllocation(id); server.counters();
//   registerTurnMetrics(registry, server);
//   await server.stop();                                   // Observer.closed for each allocation
export { makeRestCredentials, type RestCredentials, restPassword } from './auth/rest';
export {
  listenerUrl,
  parseTurnConfig,
  type TurnConfig,
  type TurnConfigInput,
  TurnConfigSchema,
  type TurnListenerConfig,
} from './config';
export { DROP_REASONS, type DropReason } from './core/drops';
export type { CloseReason, SessionAddress } from './core/types';
export {
  type ListenerRef,
  listenerText,
  TurnError,
  type TurnErrorCode,
  type TurnErrorContext,
  type TurnErrorContexts,
} from './errors';
export { type CounterSource, registerTurnMetrics } from './metrics';
export type { TurnObserver } from './observer';
export {
  type PeerFilter,
  type PeerGrant,
  PeerPolicy,
  type PeerPolicyConfig,
  PeerPolicyError,
  type PeerPolicyErrorContexts,
  type PeerRequest,
  type PeerVerdict,
} from './policy/peer-policy';
export { type TurnCounters, TurnServer, type TurnServerOptions } from './server';
export type { AllocationInfo } from './snapshot';
