// Camera configuration commands: add / edit / duplicate / delete / enable, grouping and
// named groups, "Test connection". Validated input is saved first, the config and its
// passwords as one unit of work (ConfigModel.update), then the runtime (the camera manager)
// is told the new desired set. The group commands are in group-commands.ts; the camera
// views (the `cameras` slice) in camera-views.ts.
import type { CameraInput, ProbeReport } from '../../shared/cameras';
import { HISTORY_POINTS, MAX_CAMERAS } from '../../shared/cameras';
import { CommandFailure } from '../../shared/errors';
import type { CommandHandlers } from '../commands/dispatch';
import type { SecretsTransaction } from '../config-model';
import type { HostContext } from '../context';
import { newId } from '../ids';
import { slugOf, uniqueSlug } from '../restream';
import type { SliceWriter } from '../state/state-store';
import type { CameraRecord, Config } from '../store/config-schema';
import { splitCredentials } from './camera-url';
import { CameraViews } from './camera-views';
import { fail, unavailable } from './command-failure';
import { type GroupCommands, type GroupRuntime, groupCommands } from './group-commands';

export const passwordKey = (id: string) => `camera/${id}/password`;

export interface ProbeInput {
  url: string;
  username: string;
  password?: string;
  transport: CameraInput['transport'];
  policies?: CameraInput['policies'];
}

/** What the camera service needs from the camera manager. */
export interface CameraRuntime extends GroupRuntime {
  /** The desired cameras and grouping changed: start, restart or stop supervisors. */
  sync(config: Config): void;
  probe(input: ProbeInput): Promise<ProbeReport>;
  /** The operator's "Retry now"; false when the camera does not run. */
  retryNow(cameraId: string): boolean;
  close(): Promise<void>;
}

/** The camera commands this service answers (the group commands are in group-commands.ts). */
export type CameraCommands = Pick<
  CommandHandlers,
  | 'addCamera'
  | 'updateCamera'
  | 'duplicateCamera'
  | 'deleteCamera'
  | 'setCameraEnabled'
  | 'testCamera'
  | 'retryCamera'
>;

export class CameraService {
  #runtime: CameraRuntime | undefined;
  /** The `cameras` slice: this service publishes the config part, the runtime the rest. */
  readonly views: CameraViews;
  readonly #grouping: SliceWriter<'grouping'>;

  constructor(private readonly ctx: HostContext) {
    this.views = new CameraViews(ctx.store.slice('cameras'));
    this.#grouping = ctx.store.slice('grouping');
    for (const record of ctx.config.current.cameras) this.#publish(record);
    this.#publishGrouping(ctx.config.current);
  }

  /** After the whole config was replaced (import): republish every camera and resync. */
  reload(): void {
    const config = this.ctx.config.current;
    const ids = new Set(config.cameras.map((c) => c.id));
    this.views.keepOnly(ids);
    for (const record of config.cameras) this.#publish(record);
    this.#publishGrouping(config);
    this.#synced(config);
  }

  attachRuntime(runtime: CameraRuntime): void {
    this.#runtime = runtime;
    runtime.sync(this.ctx.config.current);
  }

  #publish(record: CameraRecord): void {
    this.views.publish(record, this.ctx.secrets.has(passwordKey(record.id)), this.ctx.now());
  }

  #publishGrouping(config: Config): void {
    this.#grouping.set([], { mode: config.grouping.mode, named: config.grouping.named });
  }

  #find(config: Config, id: string): CameraRecord {
    return config.cameras.find((c) => c.id === id) ?? fail('not-found', 'id', `no camera with id ${id}`);
  }

  /** Normalises an input against the config: credentials out of the URL, unique name, known group. */
  #check(config: Config, input: CameraInput, selfId?: string) {
    const split = splitCredentials(input.url);
    const name = input.name.trim();
    const clash = config.cameras.find((c) => c.id !== selfId && c.name.toLowerCase() === name.toLowerCase());
    if (clash) fail('already-exists', 'name', `a camera named "${clash.name}" already exists`);
    if (input.group && !config.grouping.named.includes(input.group)) {
      fail(
        'invalid-argument',
        'group',
        `there is no group named "${input.group}"; create it on the Groups page first`,
      );
    }
    return {
      url: split.url,
      username: input.username || split.username || '',
      password: input.password !== undefined ? input.password : split.password,
      name,
    };
  }

  /** Stages a password change in the command's unit of work ('' deletes it). */
  #stagePassword(tx: SecretsTransaction, id: string, password: string | undefined): void {
    if (password === undefined) return;
    if (password === '') tx.delete(passwordKey(id));
    else tx.set(passwordKey(id), password);
  }

  /** One more camera must fit under MAX_CAMERAS (the loader keeps no more than that). */
  #checkRoom(config: Config): void {
    if (config.cameras.length >= MAX_CAMERAS) {
      throw new CommandFailure({
        code: 'invalid-argument',
        message: `camrelay keeps at most ${MAX_CAMERAS.toLocaleString('en-US')} cameras; delete one first`,
      });
    }
  }

  #synced(config: Config): void {
    this.#runtime?.sync(config);
    for (const l of this.#syncListeners) l(config);
  }

  readonly #syncListeners: ((config: Config) => void)[] = [];

  /** Called after every change to the cameras (the restream paths follow them). */
  onSynced(listener: (config: Config) => void): void {
    this.#syncListeners.push(listener);
  }

  handlers(): CameraCommands & GroupCommands {
    return {
      ...this.#cameraCommands(),
      ...this.#runtimeCommands(),
      ...groupCommands({
        ctx: this.ctx,
        runtime: () => this.#runtime,
        publishGrouping: (config) => this.#publishGrouping(config),
        synced: (config) => this.#synced(config),
      }),
    };
  }

  /** Add, edit, duplicate, delete, enable: saved first, then published and synced. */
  #cameraCommands(): Pick<
    CameraCommands,
    'addCamera' | 'updateCamera' | 'duplicateCamera' | 'deleteCamera' | 'setCameraEnabled'
  > {
    const { ctx } = this;
    return {
      addCamera: async (input) => {
        const id = newId('cam');
        const saved = await ctx.config.update((c, tx) => {
          this.#checkRoom(c);
          const checked = this.#check(c, input);
          this.#stagePassword(tx, id, checked.password);
          const record: CameraRecord = {
            id,
            name: checked.name,
            url: checked.url,
            username: checked.username,
            transport: input.transport,
            group: input.group,
            enabled: input.enabled,
            policies: input.policies,
            mode: input.mode ?? 'always',
            createdAt: ctx.now(),
            restreamPath: uniqueSlug(checked.name, restreamPaths(c)),
          };
          return { ...c, cameras: [...c.cameras, record] };
        });
        this.#publish(this.#find(saved, id));
        ctx.log.info('camera', `camera "${input.name}" added`, id);
        this.#synced(saved);
        return { id };
      },

      updateCamera: async ({ id, ...input }) => {
        const saved = await ctx.config.update((c, tx) => {
          const current = this.#find(c, id);
          const checked = this.#check(c, input, id);
          this.#stagePassword(tx, id, checked.password);
          const record: CameraRecord = {
            ...current,
            name: checked.name,
            url: checked.url,
            username: checked.username,
            transport: input.transport,
            group: input.group,
            enabled: input.enabled,
            policies: input.policies,
            mode: input.mode ?? current.mode,
          };
          return { ...c, cameras: c.cameras.map((x) => (x.id === id ? record : x)) };
        });
        this.#publish(this.#find(saved, id));
        ctx.log.info('camera', `camera "${input.name}" updated`, id);
        this.#synced(saved);
        return { id };
      },

      duplicateCamera: async ({ id }) => {
        const newIdValue = newId('cam');
        const saved = await ctx.config.update((c, tx) => {
          const source = this.#find(c, id);
          this.#checkRoom(c);
          const names = new Set(c.cameras.map((x) => x.name.toLowerCase()));
          let name = `${source.name} (copy)`.slice(0, 80);
          for (let n = 2; names.has(name.toLowerCase()); n++)
            name = `${source.name} (copy ${n})`.slice(0, 80);
          const password = tx.get(passwordKey(id));
          if (password !== undefined) this.#stagePassword(tx, newIdValue, password);
          // A copy starts disabled: two sessions to one camera URL may exceed its limit.
          const copy: CameraRecord = {
            ...source,
            id: newIdValue,
            name,
            enabled: false,
            createdAt: ctx.now(),
            restreamPath: uniqueSlug(name, restreamPaths(c)),
          };
          return { ...c, cameras: [...c.cameras, copy] };
        });
        this.#publish(this.#find(saved, newIdValue));
        this.#synced(saved);
        return { id: newIdValue };
      },

      deleteCamera: async ({ id }) => {
        let name = '';
        const saved = await ctx.config.update((c, tx) => {
          name = this.#find(c, id).name;
          tx.deletePrefix(`camera/${id}/`);
          return { ...c, cameras: c.cameras.filter((x) => x.id !== id) };
        });
        this.views.remove(id);
        ctx.log.info('camera', `camera "${name}" deleted`, id);
        this.#synced(saved);
        return { id };
      },

      setCameraEnabled: async ({ id, enabled }) => {
        const saved = await ctx.config.update((c) => {
          const current = this.#find(c, id);
          if (current.enabled === enabled) return c;
          return { ...c, cameras: c.cameras.map((x) => (x.id === id ? { ...x, enabled } : x)) };
        });
        const record = this.#find(saved, id);
        this.#publish(record);
        ctx.log.info('camera', `camera "${record.name}" ${enabled ? 'enabled' : 'disabled'}`, id);
        this.#synced(saved);
        return { id, enabled };
      },
    };
  }

  /** What the running manager does for one camera: a "Test connection", a "Retry now". */
  #runtimeCommands(): Pick<CameraCommands, 'testCamera' | 'retryCamera'> {
    const { ctx } = this;
    return {
      testCamera: async (input) => {
        if (!this.#runtime) unavailable();
        const split = splitCredentials(input.url);
        let password = input.password ?? split.password;
        if (password === undefined && input.id) password = ctx.secrets.get(passwordKey(input.id));
        return this.#runtime.probe({
          url: split.url,
          username: input.username || split.username || '',
          ...(password !== undefined ? { password } : {}),
          transport: input.transport,
          ...(input.policies ? { policies: input.policies } : {}),
        });
      },

      retryCamera: async ({ id }) => {
        const record = this.#find(ctx.config.current, id);
        if (!record.enabled) fail('invalid-argument', 'id', `camera "${record.name}" is disabled`);
        const retrying = this.#runtime?.retryNow(id) ?? false;
        if (retrying) ctx.log.info('camera', `"${record.name}": retry asked by the operator`, id);
        return { id, retrying };
      },
    };
  }

  async close(): Promise<void> {
    await this.#runtime?.close();
  }
}

export { HISTORY_POINTS };

/** Restream paths in use (stored ones, and the name slugs of cameras without one). */
function restreamPaths(c: Config): Set<string> {
  return new Set(c.cameras.map((x) => x.restreamPath ?? slugOf(x.name)));
}
