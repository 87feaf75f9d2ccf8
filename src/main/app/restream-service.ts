// The restream server as the host runs it: its listener from config.json (`restream`), or
// from --restream-listen, which overrides it for this run; restream users (passwords in the
// secret store under restream/user/<name>, like TURN users); one fan-out and path per camera
// for the host's life; and the consumers of each camera, published once a second. A listener
// that cannot start is reported in the state and the log, never fatal (except for the CLI
// flag, whose caller decides). A non-loopback listener without a user is refused.
import { CommandFailure } from '../../shared/errors';
import { isLoopbackHost, type RestreamSettings, type RestreamStatus } from '../../shared/restream';
import { RestreamSettingsSchema } from '../../shared/schemas';
import type { CommandHandlers } from '../commands/dispatch';
import { invalidArgument, zodIssues } from '../commands/dispatch';
import type { HostContext } from '../context';
import { FrameFanOut, RestreamServer, type RestreamUser, slugOf } from '../restream';
import type { SliceWriter } from '../state/state-store';
import type { Config } from '../store/config-schema';
import type { Demand } from './demand';
import { type ConsumerSources, type FirstFrames, restreamConsumers } from './restream-consumers';
import {
  fail,
  listenError,
  openMessage,
  type RestreamCertificate,
  type RestreamOverride,
  type RestreamServiceOptions,
} from './restream-listen';

export const restreamUserKey = (name: string) => `restream/user/${name}`;

export type {
  RestreamCertificate,
  RestreamOverride,
  RestreamServiceOptions,
  RestreamTls,
} from './restream-listen';

export class RestreamService {
  readonly #fanOuts = new Map<string, FrameFanOut>();
  /** Camera id -> path, and back. */
  readonly #paths = new Map<string, string>();
  readonly #cameraOf = new Map<string, string>();
  #server: RestreamServer | undefined;
  #tick: NodeJS.Timeout | undefined;
  #sample: (() => void) | undefined;
  readonly firstFrames: FirstFrames;
  /** The `restream` slice: settings, users, paths and status here; consumers from the sampler. */
  readonly #slice: SliceWriter<'restream'>;

  readonly override: RestreamOverride | undefined;
  /** The certificate of the running listener (rtsps://), if any. */
  #tls: RestreamCertificate | undefined;

  constructor(
    private readonly ctx: HostContext,
    private readonly demand: Demand,
    private readonly options: RestreamServiceOptions = {},
  ) {
    this.#slice = ctx.store.slice('restream');
    this.override = options.override;
    this.firstFrames = restreamConsumers.firstFrames(this, {
      ctx,
      demand,
      timeoutSec: () => ctx.config.current.restream.settings.firstFrameTimeoutSec,
    });
    this.syncCameras(ctx.config.current);
    this.#publish(ctx.config.current);
  }

  get server(): RestreamServer | undefined {
    return this.#server;
  }

  fanOut(cameraId: string): FrameFanOut {
    let f = this.#fanOuts.get(cameraId);
    if (!f) {
      f = new FrameFanOut();
      this.#fanOuts.set(cameraId, f);
    }
    return f;
  }

  cameraOfPath(path: string): string | undefined {
    return this.#cameraOf.get(path);
  }

  pathOf(cameraId: string): string | undefined {
    return this.#paths.get(cameraId);
  }

  /** The camera manager's per-frame hook for one camera. */
  tap(cameraId: string) {
    const fanOut = this.fanOut(cameraId);
    const first = this.firstFrames;
    return (frame: Parameters<FrameFanOut['onFrame']>[0], streams: Parameters<FrameFanOut['onFrame']>[1]) => {
      fanOut.onFrame(frame, streams);
      first.frame(cameraId, frame);
    };
  }

  /** Paths follow the cameras (added, deleted, a restreamPath edited) and users' camera lists. */
  syncCameras(config: Config): void {
    const ids = new Set(config.cameras.map((c) => c.id));
    for (const [id, path] of [...this.#paths]) {
      const record = config.cameras.find((c) => c.id === id);
      if (record && (record.restreamPath ?? slugOf(record.name)) === path) continue;
      this.#server?.removePath(path);
      this.#paths.delete(id);
      this.#cameraOf.delete(path);
      if (!ids.has(id)) {
        this.#fanOuts.delete(id);
        this.demand.forget(id);
      }
    }
    for (const c of config.cameras) {
      if (this.#paths.has(c.id)) continue;
      const path = c.restreamPath ?? slugOf(c.name);
      this.#paths.set(c.id, path);
      this.#cameraOf.set(path, c.id);
      this.#server?.setPath(path, this.fanOut(c.id));
    }
    this.#server?.access.setUsers(this.users(config));
    this.#slice.set(['paths'], Object.fromEntries(this.#paths));
  }

  users(config: Config = this.ctx.config.current): RestreamUser[] {
    if (this.override?.users) return [...this.override.users];
    const out: RestreamUser[] = [];
    for (const u of config.restream.users) {
      const password = this.ctx.secrets.get(restreamUserKey(u.name));
      if (password === undefined) continue;
      const paths = u.cameras?.map((id) => this.#paths.get(id)).filter((p): p is string => p !== undefined);
      out.push({ name: u.name, password, ...(u.cameras ? { paths } : {}) });
    }
    return out;
  }

  /** Starts the listener the config (or the override) asks for. Never throws for the config. */
  async start(sources: ConsumerSources = {}): Promise<void> {
    this.#sample = restreamConsumers.sampler(this.ctx, this, sources, this.demand, (consumers) =>
      this.#slice.set(['consumers'], consumers),
    );
    this.#tick = setInterval(() => this.#sample?.(), 1000);
    this.#tick.unref();
    if (this.override) {
      // The CLI flag: its caller reports a refusal or a taken port and exits.
      this.#tls = await this.#certificate(this.ctx.config.current.restream.settings);
      const server = this.#newServer(this.override.host, this.override.port, this.users());
      await server.listen();
      this.#adopt(server);
      const running = this.#running(this.override.host, server.port);
      this.#status({ ...running, override: true });
      this.ctx.log.info('restream', `restreaming cameras at ${running.url}/<path> (--restream-listen)`);
      return;
    }
    const { settings } = this.ctx.config.current.restream;
    if (!settings.enabled) return this.#status({ state: 'stopped' });
    try {
      await this.#listen(settings, this.users());
    } catch (err) {
      const message = (err as CommandFailure).error?.message ?? (err as Error).message;
      this.ctx.log.error('restream', `the restream listener could not start: ${message}`);
      this.#status({ state: 'error', message, at: this.ctx.now() });
    }
  }

  /** Binds a server for `settings`, then replaces the running one. Throws CommandFailure. */
  async #listen(settings: RestreamSettings, users: RestreamUser[]): Promise<void> {
    if (!isLoopbackHost(settings.host) && users.length === 0)
      fail('invalid-argument', 'host', openMessage(settings.host));
    // The old listener goes first (the new one may want its port); if the new one cannot
    // bind, the old one is started again as it was.
    const tls = await this.#certificate(settings);
    const old = this.#server;
    const oldTls = this.#tls;
    this.#server = undefined;
    await old?.close();
    this.#tls = tls;
    const server = this.#newServer(settings.host, settings.port, users);
    try {
      await server.listen();
    } catch (err) {
      await server.close().catch(() => undefined);
      this.#tls = oldTls;
      if (old) await this.#restore(old);
      const code = (err as NodeJS.ErrnoException).code;
      const message = listenError(err, settings.host, settings.port);
      if (code === 'EADDRNOTAVAIL') fail('invalid-argument', 'host', message);
      fail('port-in-use', 'port', message);
    }
    this.#adopt(server);
    const running = this.#running(settings.host, server.port);
    this.#status(running);
    this.ctx.log.info('restream', `restreaming cameras at ${running.url}/<path>`);
  }

  /** The certificate to serve with: the CLI's, else the console's when `settings.tls` asks. */
  async #certificate(settings: RestreamSettings): Promise<RestreamCertificate | undefined> {
    if (this.options.tls) return this.options.tls;
    if (!settings.tls) return undefined;
    if (!this.options.certificate)
      fail('invalid-argument', 'tls', 'RTSPS needs a certificate, and this host has none configured');
    try {
      return await this.options.certificate();
    } catch (err) {
      fail('invalid-argument', 'tls', `RTSPS cannot start: ${(err as Error).message}`);
    }
  }

  async #restore(old: RestreamServer): Promise<void> {
    const prev = this.ctx.config.current.restream.settings;
    const again = this.#newServer(prev.host, old.port || prev.port, this.users());
    try {
      await again.listen();
      this.#adopt(again);
    } catch (err) {
      this.#status({ state: 'error', message: listenError(err, prev.host, prev.port), at: this.ctx.now() });
    }
  }

  #newServer(host: string, port: number, users: RestreamUser[]): RestreamServer {
    return new RestreamServer({
      host,
      port,
      users,
      ...(this.#tls ? { tls: { cert: this.#tls.cert, key: this.#tls.key } } : {}),
      logger: this.ctx.logger.child('restream'),
      onSessionsChanged: (path) => restreamConsumers.sessionsChanged(this, this.demand, path),
      awaitSource: (path) => this.firstFrames.wait(path),
    });
  }

  #adopt(server: RestreamServer): void {
    this.#server = server;
    for (const [id, path] of this.#paths) server.setPath(path, this.fanOut(id));
  }

  #running(host: string, port: number): Extract<RestreamStatus, { state: 'running' }> {
    const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    const tls = this.#tls;
    const url = `${tls ? 'rtsps' : 'rtsp'}://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
    return {
      state: 'running',
      url,
      ...(tls ? { tls: { fingerprint: tls.fingerprint, source: tls.source } } : {}),
    };
  }

  #status(status: RestreamStatus): void {
    this.#slice.set(['status'], status);
  }

  #publish(config: Config): void {
    this.#slice.set(['settings'], config.restream.settings);
    this.#slice.set(['users'], config.restream.users);
  }

  handlers(): Pick<
    CommandHandlers,
    'updateRestream' | 'addRestreamUser' | 'updateRestreamUser' | 'removeRestreamUser'
  > {
    const { ctx } = this;
    return {
      updateRestream: async (patch) => {
        const merged = RestreamSettingsSchema.safeParse({
          ...ctx.config.current.restream.settings,
          ...patch,
        });
        if (!merged.success) throw new CommandFailure(invalidArgument(zodIssues(merged.error)));
        const next = merged.data;
        const saved = await ctx.config.update(async (c) => {
          const before = c.restream.settings;
          const relisten =
            next.enabled !== before.enabled ||
            next.host !== before.host ||
            next.port !== before.port ||
            next.tls !== before.tls;
          if (!relisten && this.#server === undefined && next.enabled && !this.override) {
            // It failed to start before: saving tries again.
            await this.#listen(next, this.users(c));
          } else if (relisten && !this.override) {
            if (next.enabled) await this.#listen(next, this.users(c));
            else {
              await this.#server?.close();
              this.#server = undefined;
              this.#status({ state: 'stopped' });
            }
          } else if (relisten && next.enabled && !isLoopbackHost(next.host) && this.users(c).length === 0) {
            fail('invalid-argument', 'host', openMessage(next.host));
          }
          return { ...c, restream: { ...c.restream, settings: next } };
        });
        this.#publish(saved);
        ctx.log.info(
          'restream',
          this.override
            ? 'restream settings saved; the listener given with --restream-listen stays until restart'
            : 'restream settings saved',
        );
        return saved.restream.settings;
      },

      addRestreamUser: async ({ name, password, cameras }) => {
        const saved = await ctx.config.update((c, tx) => {
          if (c.restream.users.some((u) => u.name === name))
            fail('already-exists', 'name', `user "${name}" already exists`);
          const unknown = cameras?.find((id) => !c.cameras.some((x) => x.id === id));
          if (unknown) fail('not-found', 'cameras', `no camera with id ${unknown}`);
          tx.set(restreamUserKey(name), password);
          const user = { name, ...(cameras ? { cameras: [...new Set(cameras)] } : {}), createdAt: ctx.now() };
          return { ...c, restream: { ...c.restream, users: [...c.restream.users, user] } };
        });
        this.#publish(saved);
        this.#server?.access.setUsers(this.users(saved));
        ctx.log.info('restream', `restream user "${name}" added`);
        return { name };
      },

      updateRestreamUser: async ({ name, password, cameras }) => {
        const saved = await ctx.config.update((c, tx) => {
          const user = c.restream.users.find((u) => u.name === name);
          if (!user) fail('not-found', 'name', `no restream user "${name}"`);
          const unknown = cameras?.find((id) => !c.cameras.some((x) => x.id === id));
          if (unknown) fail('not-found', 'cameras', `no camera with id ${unknown}`);
          if (password !== undefined) tx.set(restreamUserKey(name), password);
          if (cameras === undefined) return c;
          const { cameras: _old, ...rest } = user;
          const next = cameras === null ? rest : { ...rest, cameras: [...new Set(cameras)] };
          return {
            ...c,
            restream: { ...c.restream, users: c.restream.users.map((u) => (u.name === name ? next : u)) },
          };
        });
        this.#publish(saved);
        this.#server?.access.setUsers(this.users(saved));
        ctx.log.info('restream', `restream user "${name}" changed`);
        return { name };
      },

      removeRestreamUser: async ({ name }) => {
        const saved = await ctx.config.update((c, tx) => {
          if (!c.restream.users.some((u) => u.name === name))
            fail('not-found', 'name', `no restream user "${name}"`);
          const { settings } = c.restream;
          if (
            !this.override &&
            settings.enabled &&
            !isLoopbackHost(settings.host) &&
            c.restream.users.length === 1
          ) {
            fail(
              'invalid-argument',
              'name',
              `the listener on ${settings.host} needs a restream user: listen on 127.0.0.1 first, or add another user`,
            );
          }
          tx.delete(restreamUserKey(name));
          return {
            ...c,
            restream: { ...c.restream, users: c.restream.users.filter((u) => u.name !== name) },
          };
        });
        this.#publish(saved);
        this.#server?.access.setUsers(this.users(saved));
        ctx.log.info('restream', `restream user "${name}" removed`);
        return { name };
      },
    };
  }

  /** After an import: users, paths and the listener as the new config says. */
  async reload(): Promise<void> {
    const config = this.ctx.config.current;
    this.syncCameras(config);
    this.#publish(config);
    if (this.override) return;
    const { settings } = config.restream;
    try {
      if (settings.enabled) await this.#listen(settings, this.users(config));
      else {
        await this.#server?.close();
        this.#server = undefined;
        this.#status({ state: 'stopped' });
      }
    } catch (err) {
      const message = (err as Error).message;
      this.ctx.log.error('restream', `the restream listener could not start: ${message}`);
      this.#status({ state: 'error', message, at: this.ctx.now() });
    }
  }

  async close(): Promise<void> {
    if (this.#tick) clearInterval(this.#tick);
    this.firstFrames.close();
    await this.#server?.close();
  }
}
