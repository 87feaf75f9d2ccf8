// The camera manager's SessionGroups, one per group id, and their projection into the state:
// created on demand, renamed when a regrouping keeps the same cameras together (their
// stale-session tracking carries over), forgotten when nothing is left to protect. A failed
// TEARDOWN becomes a log entry and a notice on the group that the operator dismisses.
// The registry owns the `groups` slice; a view rebuilt equal to the stored one (every tick
// republishes every group) sends no patch.
import type { GroupView } from '../../shared/cameras';
import type { HostContext } from '../context';
import { type Clock, SessionGroup, type TeardownFailure } from '../rtsp';
import type { SliceWriter } from '../state/state-store';
import type { GroupKey } from './grouping';
import { groupView } from './views';

/** Notices kept per group (the log keeps them all). */
const MAX_NOTICES = 8;

export interface GroupEntry {
  key: GroupKey;
  group: SessionGroup;
  notices: NonNullable<GroupView['teardownFailures']>;
  off: Array<() => void>;
}

export interface GroupRegistryDeps {
  ctx: HostContext;
  clock: Clock;
  /** Ids of the cameras whose supervisor runs in the group. */
  members(groupId: string): string[];
  /** Whether the server of a per-server group runs a live555 with the stale-TCP bug. */
  isBuggy(server: string): boolean;
}

export class GroupRegistry {
  readonly #entries = new Map<string, GroupEntry>();
  readonly #slice: SliceWriter<'groups'>;

  constructor(private readonly deps: GroupRegistryDeps) {
    this.#slice = deps.ctx.store.slice('groups');
  }

  get entries(): ReadonlyMap<string, GroupEntry> {
    return this.#entries;
  }

  get(groupId: string): GroupEntry | undefined {
    return this.#entries.get(groupId);
  }

  /** The group for `key`, created on first use. */
  entry(key: GroupKey): GroupEntry {
    let entry = this.#entries.get(key.id);
    if (!entry) {
      const group = new SessionGroup({ name: key.id, clock: this.deps.clock });
      const e: GroupEntry = { key, group, notices: [], off: [] };
      e.off.push(group.onChange(() => this.publish(e.key.id)));
      e.off.push(group.onTeardownFailed((f) => this.#teardownFailed(e, f)));
      entry = e;
      this.#entries.set(key.id, entry);
    }
    return entry;
  }

  /**
   * The same cameras stay together under another id (a regrouping that changes only the
   * name of their group): the SessionGroup, with its stale sessions, moves to `to`.
   */
  rename(fromId: string, to: GroupKey): void {
    const entry = this.#entries.get(fromId);
    if (!entry || this.#entries.has(to.id)) return;
    this.#entries.delete(fromId);
    this.#slice.delete([fromId]);
    entry.key = to;
    this.#entries.set(to.id, entry);
  }

  publish(groupId: string): void {
    const entry = this.#entries.get(groupId);
    if (!entry) return;
    const cameraIds = this.deps.members(groupId);
    const details = entry.group.detail();
    const active = details.some((d) => d.active);
    if (cameraIds.length === 0 && !active && entry.notices.length === 0) {
      // Nothing left to protect or to tell: forget the group.
      for (const off of entry.off) off();
      this.#entries.delete(groupId);
      this.#slice.delete([groupId]);
      return;
    }
    const server = entry.key.kind === 'server' ? entry.key.label : undefined;
    this.#slice.set(
      [groupId],
      groupView(
        entry.key,
        cameraIds,
        details,
        server !== undefined && this.deps.isBuggy(server),
        entry.notices,
      ),
    );
  }

  publishAll(): void {
    for (const id of [...this.#entries.keys()]) this.publish(id);
  }

  /** The operator asserts the group's stale sessions ended: stop tracking them (and their notices). */
  forget(groupId: string): number {
    const entry = this.#entries.get(groupId);
    if (!entry) return 0;
    const n = entry.group.forget();
    entry.notices = [];
    this.publish(groupId);
    return n;
  }

  /** The operator read the group's TEARDOWN failure notices. */
  dismiss(groupId: string): number {
    const entry = this.#entries.get(groupId);
    if (!entry) return 0;
    const n = entry.notices.length;
    entry.notices = [];
    this.publish(groupId);
    return n;
  }

  async awaitTeardowns(groupId: string): Promise<string[]> {
    const entry = this.#entries.get(groupId);
    if (!entry) return [];
    const failures = await entry.group.awaitTeardown();
    return failures.map((f) => `session ${f.sessionId ?? f.id}: ${f.error.message}`);
  }

  #teardownFailed(entry: GroupEntry, f: TeardownFailure): void {
    const at = this.deps.ctx.now();
    const session = f.sessionId ?? `#${f.id}`;
    this.deps.ctx.log.warn(
      'group',
      `TEARDOWN of session ${session}${f.url ? ` at ${f.url}` : ''} failed: ${f.error.message}`,
      entry.key.id,
    );
    entry.notices = [
      {
        id: f.id,
        ...(f.sessionId !== undefined ? { sessionId: f.sessionId } : {}),
        ...(f.url !== undefined ? { url: f.url } : {}),
        error: f.error.message,
        at,
      },
      ...entry.notices,
    ].slice(0, MAX_NOTICES);
    this.publish(entry.key.id);
  }
}
