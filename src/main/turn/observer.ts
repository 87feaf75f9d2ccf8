// The Observer (the seed turn-rs's interface, in TypeScript). Every method is optional. `addr`
// is the session address: the client's transport address and the local interface it used.
// An Observer that throws (or rejects) never breaks the server: the error is counted.
import type { SessionAddress } from './core/types';

export interface TurnObserver {
  /** The password of `username`, or null/undefined when there is no such user. Sync or async. */
  getPassword?(username: string): string | null | undefined | Promise<string | null | undefined>;
  allocated?(addr: SessionAddress, username: string, port: number, id: string): void;
  channelBind?(addr: SessionAddress, username: string, channel: number, id: string): void;
  createPermission?(addr: SessionAddress, username: string, peers: string[], id: string): void;
  refresh?(addr: SessionAddress, username: string, lifetime: number, id: string): void;
  /** Once per allocation, however it ends. */
  closed?(addr: SessionAddress, username: string, id: string): void;
}
