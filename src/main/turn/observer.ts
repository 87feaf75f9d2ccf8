// The Observer (the seed turn-rs's interface, in TypeScript). Every method is optional. `addr`
// is the session address: the client's transport address and the local interface it used.
// An Observer that throws (or returns a promise that rejects) never breaks the server: the error
// is counted (`counters().observerErrors`). Callbacks are called after the packet that caused
// them has been handled, so they may call back into the server (e.g. deleteAllocation). What
// they return is ignored, except that a rejected promise is counted as an error.
import type { AuthFailure, CloseReason, SessionAddress } from './core/types';

export interface TurnObserver {
  /** The password of `username`, or null/undefined when there is no such user. Sync or async. */
  getPassword?(username: string): string | null | undefined | Promise<string | null | undefined>;
  allocated?(addr: SessionAddress, username: string, port: number, id: string): unknown;
  channelBind?(addr: SessionAddress, username: string, channel: number, id: string): unknown;
  createPermission?(addr: SessionAddress, username: string, peers: string[], id: string): unknown;
  refresh?(addr: SessionAddress, username: string, lifetime: number, id: string): unknown;
  /**
   * A request whose credentials were refused: `username` as the client sent it. At most as often
   * as the failure throttle lets failures be checked (per source and per user).
   */
  authFailed?(addr: SessionAddress, username: string, reason: AuthFailure): unknown;
  /** Once per allocation, however it ends (`reason` says how). */
  closed?(addr: SessionAddress, username: string, id: string, reason: CloseReason): unknown;
}
