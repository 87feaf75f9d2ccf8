// Relay configuration commands: settings (listeners, realm, ports, peer policy, quotas),
// pause/resume, static users, REST shared secrets and time-limited credentials, deleting an
// allocation. A change that needs the TURN server restarted is tried on the server first:
// when a listener cannot bind, the error names the field and nothing is saved.
import { randomBytes } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { CommandFailure } from '../../shared/errors';
import type { RelaySettings, TurnCredentials } from '../../shared/relay';
import { RelaySettingsSchema } from '../../shared/schemas';
import type { CommandHandlers } from '../commands/dispatch';
import { invalidArgument, zodIssues } from '../commands/dispatch';
import type { HostContext } from '../context';
import { newId } from '../ids';
import type { Config } from '../store/config-schema';
import { makeRestCredentials } from '../turn';
import { RelayState } from './relay-state';

export const turnUserKey = (name: string) => `turn/user/${name}`;
export const turnSecretKey = (id: string) => `turn/secret/${id}`;

/** Credentials the TURN server authenticates against. */
export interface RelayCredentials {
  users: Map<string, string>;
  /** Newest first. */
  secrets: string[];
}

/** An error from the runtime that belongs to one field of the settings (a port in use). */
export class RelayApplyError extends Error {
  constructor(
    message: string,
    readonly code: 'port-in-use' | 'failed',
    readonly field?: string,
  ) {
    super(message);
  }
}

/** What the relay service needs from the TURN server wrapper. */
export interface RelayRuntime {
  /** Starts, restarts or stops the server for these settings. Rejects with RelayApplyError. */
  apply(settings: RelaySettings, credentials: RelayCredentials): Promise<void>;
  /** Credentials changed only: no restart. */
  setCredentials(credentials: RelayCredentials): void;
  deleteAllocation(id: string): boolean;
  close(): Promise<void>;
}

function fail(
  code: 'not-found' | 'already-exists' | 'unavailable',
  field: string | undefined,
  message: string,
): never {
  throw new CommandFailure({ code, message, ...(field ? { field, issues: [{ field, message }] } : {}) });
}

/** The address clients should use to reach a listener bound to `host`. */
function reachableHost(host: string, relayAddress: string): string {
  if (relayAddress) return relayAddress;
  if (host !== '0.0.0.0' && host !== '::') return host;
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

export function turnUrls(settings: RelaySettings): string[] {
  return settings.listeners.map((l) => {
    const host = reachableHost(l.host, settings.relayAddress);
    const h = host.includes(':') ? `[${host}]` : host;
    return l.transport === 'tls'
      ? `turns:${h}:${l.port}?transport=tcp`
      : `turn:${h}:${l.port}?transport=${l.transport}`;
  });
}

/** The relay commands this service answers. */
export type RelayCommands = Pick<
  CommandHandlers,
  | 'updateRelay'
  | 'setRelayPaused'
  | 'addTurnUser'
  | 'setTurnUserPassword'
  | 'removeTurnUser'
  | 'addTurnSecret'
  | 'removeTurnSecret'
  | 'makeTurnCredentials'
  | 'deleteAllocation'
>;

export class RelayService {
  #runtime: RelayRuntime | undefined;
  /** The `relay` slice: this service publishes the config, the runtime the server's status. */
  readonly state: RelayState;

  constructor(private readonly ctx: HostContext) {
    this.state = new RelayState(ctx.store.slice('relay'));
    this.#publish(ctx.config.current);
  }

  async attachRuntime(runtime: RelayRuntime): Promise<void> {
    this.#runtime = runtime;
    const { settings } = this.ctx.config.current.relay;
    try {
      await runtime.apply(settings, this.credentials());
    } catch (err) {
      // Starting with a saved config that no longer binds is reported, not fatal.
      this.ctx.log.error('relay', `the relay could not start: ${(err as Error).message}`);
    }
  }

  /** After the whole config was replaced (import): republish and re-apply. */
  async reload(): Promise<void> {
    const config = this.ctx.config.current;
    this.#publish(config);
    if (!this.#runtime) return;
    try {
      await this.#runtime.apply(config.relay.settings, this.credentials(config));
    } catch (err) {
      this.ctx.log.error(
        'relay',
        `the relay could not start with the imported settings: ${(err as Error).message}`,
      );
    }
  }

  credentials(config: Config = this.ctx.config.current): RelayCredentials {
    const users = new Map<string, string>();
    for (const u of config.relay.users) {
      const password = this.ctx.secrets.get(turnUserKey(u.name));
      if (password !== undefined) users.set(u.name, password);
    }
    const secrets = [...config.relay.secrets]
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((s) => this.ctx.secrets.get(turnSecretKey(s.id)))
      .filter((s): s is string => s !== undefined);
    return { users, secrets };
  }

  #publish(config: Config): void {
    this.state.publishConfig(config);
  }

  async #applySettings(next: RelaySettings): Promise<RelaySettings> {
    const saved = await this.ctx.config.update(async (c) => {
      if (this.#runtime) {
        try {
          await this.#runtime.apply(next, this.credentials(c));
        } catch (err) {
          if (err instanceof RelayApplyError) {
            const field = err.field;
            throw new CommandFailure({
              code: err.code,
              message: err.message,
              ...(field ? { field, issues: [{ field, message: err.message }] } : {}),
            });
          }
          throw err;
        }
      }
      return { ...c, relay: { ...c.relay, settings: next } };
    });
    this.#publish(saved);
    return saved.relay.settings;
  }

  #credentialsChanged(config: Config): void {
    this.#publish(config);
    this.#runtime?.setCredentials(this.credentials(config));
  }

  handlers(): RelayCommands {
    return {
      ...this.#settingsCommands(),
      ...this.#userCommands(),
      ...this.#secretCommands(),
      ...this.#allocationCommands(),
    };
  }

  /** Listener, realm, ports, peer policy and quotas; pause and resume. Tried on the server first. */
  #settingsCommands(): Pick<RelayCommands, 'updateRelay' | 'setRelayPaused'> {
    const { ctx } = this;
    return {
      updateRelay: async (patch) => {
        const merged = RelaySettingsSchema.safeParse({ ...ctx.config.current.relay.settings, ...patch });
        if (!merged.success) throw new CommandFailure(invalidArgument(zodIssues(merged.error)));
        const settings = await this.#applySettings(merged.data);
        ctx.log.info('relay', 'relay settings saved');
        return settings;
      },

      setRelayPaused: async ({ paused }) => {
        await this.#applySettings({ ...ctx.config.current.relay.settings, enabled: !paused });
        ctx.log.info('relay', paused ? 'relay paused by the operator' : 'relay resumed');
        return { paused };
      },
    };
  }

  /** Static TURN users (long-term credentials): no restart, the server takes the new set. */
  #userCommands(): Pick<RelayCommands, 'addTurnUser' | 'setTurnUserPassword' | 'removeTurnUser'> {
    const { ctx } = this;
    return {
      addTurnUser: async ({ name, password }) => {
        const saved = await ctx.config.update((c, tx) => {
          if (c.relay.users.some((u) => u.name === name))
            fail('already-exists', 'name', `user "${name}" already exists`);
          tx.set(turnUserKey(name), password);
          return { ...c, relay: { ...c.relay, users: [...c.relay.users, { name, createdAt: ctx.now() }] } };
        });
        this.#credentialsChanged(saved);
        ctx.log.info('relay', `TURN user "${name}" added`);
        return { name };
      },

      setTurnUserPassword: async ({ name, password }) => {
        if (!ctx.config.current.relay.users.some((u) => u.name === name))
          fail('not-found', 'name', `no user "${name}"`);
        await ctx.secrets.set(turnUserKey(name), password);
        this.#credentialsChanged(ctx.config.current);
        ctx.log.info('relay', `password of TURN user "${name}" reset`);
        return { name };
      },

      removeTurnUser: async ({ name }) => {
        const saved = await ctx.config.update((c, tx) => {
          if (!c.relay.users.some((u) => u.name === name)) fail('not-found', 'name', `no user "${name}"`);
          tx.delete(turnUserKey(name));
          return { ...c, relay: { ...c.relay, users: c.relay.users.filter((u) => u.name !== name) } };
        });
        this.#credentialsChanged(saved);
        ctx.log.info('relay', `TURN user "${name}" removed`);
        return { name };
      },
    };
  }

  /** REST shared secrets, and the time-limited credentials made from them. */
  #secretCommands(): Pick<RelayCommands, 'addTurnSecret' | 'removeTurnSecret' | 'makeTurnCredentials'> {
    const { ctx } = this;
    return {
      addTurnSecret: async ({ label }) => {
        const id = newId('sec');
        const secret = randomBytes(32).toString('base64url');
        const saved = await ctx.config.update((c, tx) => {
          tx.set(turnSecretKey(id), secret);
          return {
            ...c,
            relay: {
              ...c.relay,
              secrets: [...c.relay.secrets, { id, label: label || 'shared secret', createdAt: ctx.now() }],
            },
          };
        });
        this.#credentialsChanged(saved);
        ctx.log.info('relay', `REST shared secret "${label || id}" added`);
        return { id, secret };
      },

      removeTurnSecret: async ({ id }) => {
        const saved = await ctx.config.update((c, tx) => {
          if (!c.relay.secrets.some((s) => s.id === id)) fail('not-found', 'id', `no shared secret ${id}`);
          tx.delete(turnSecretKey(id));
          return { ...c, relay: { ...c.relay, secrets: c.relay.secrets.filter((s) => s.id !== id) } };
        });
        this.#credentialsChanged(saved);
        ctx.log.info('relay', 'REST shared secret removed');
        return { id };
      },

      makeTurnCredentials: async ({ user, ttlSec, secretId }): Promise<TurnCredentials> => {
        const config = ctx.config.current;
        const meta = secretId
          ? config.relay.secrets.find((s) => s.id === secretId)
          : [...config.relay.secrets].sort((a, b) => b.createdAt - a.createdAt)[0];
        if (!meta) {
          fail(secretId ? 'not-found' : 'unavailable', 'secretId', 'add a REST shared secret first');
        }
        const secret = ctx.secrets.get(turnSecretKey(meta.id));
        if (!secret) fail('unavailable', 'secretId', 'that shared secret could not be read; add a new one');
        const cred = makeRestCredentials(secret, user, ttlSec, ctx.now());
        const urls = turnUrls(config.relay.settings);
        const snippet = JSON.stringify(
          { iceServers: [{ urls, username: cred.username, credential: cred.password }] },
          null,
          2,
        );
        return {
          username: cred.username,
          password: cred.password,
          expiresAt: cred.expiresAt * 1000,
          urls,
          iceServersSnippet: `new RTCPeerConnection(${snippet});`,
        };
      },
    };
  }

  #allocationCommands(): Pick<RelayCommands, 'deleteAllocation'> {
    const { ctx } = this;
    return {
      deleteAllocation: async ({ id }) => {
        if (!this.#runtime?.deleteAllocation(id)) fail('not-found', 'id', `no live allocation ${id}`);
        ctx.log.info('allocation', 'allocation deleted by the operator', id);
        return { id };
      },
    };
  }

  async close(): Promise<void> {
    await this.#runtime?.close();
  }
}
