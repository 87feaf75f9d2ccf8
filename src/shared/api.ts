// The object the renderer talks to: in Electron the preload exposes it as `window.camrelay`
// (its type is checked with `satisfies CamrelayApi`); in a browser the WebSocket transport
// implements the same interface. No component knows which one it has.
import type { CommandArgs, CommandName, CommandResult } from './commands';
import type { CommandResponse } from './errors';
import type { StateEvent } from './events';
import type { MediaPortMethods } from './media';

export type CommandMethods = {
  [K in CommandName]: (args: CommandArgs<K>) => Promise<CommandResponse<CommandResult<K>>>;
};

export interface StateChannel {
  /** Listens to state events; the first event after subscribing is a snapshot. */
  subscribeState(listener: (event: StateEvent) => void): () => void;
  /** Asks main for a fresh snapshot (after a sequence gap). */
  requestSnapshot(): void;
}

/**
 * The media methods exist only in Electron (the preload): a browser gets live video over the
 * /media WebSocket and saves snapshots as downloads.
 */
export type CamrelayApi = CommandMethods & StateChannel & Partial<MediaPortMethods>;

/** Methods of the API object that are not commands. Pinned by the IPC surface test. */
export const STATE_CHANNEL_METHODS = ['subscribeState', 'requestSnapshot'] as const;

/** IPC channel names used by the Electron transport. */
export const IPC = {
  command: (name: CommandName) => `camrelay:cmd:${name}`,
  state: 'camrelay:state',
  subscribe: 'camrelay:subscribe',
  unsubscribe: 'camrelay:unsubscribe',
  resync: 'camrelay:resync',
  /** Renderer -> main: open a media channel (a MessagePort per live view). */
  mediaOpen: 'camrelay:media-open',
  /** Main -> renderer: the port asked for, with the request id. */
  mediaPort: 'camrelay:media-port',
  saveSnapshot: 'camrelay:save-snapshot',
} as const;
