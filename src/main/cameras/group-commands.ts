// The group commands: the grouping mode, named groups, and the stale sessions and TEARDOWN
// notices of a session group. Part of the camera service's handlers; the grouping is saved
// first, then published (the camera service owns the `grouping` slice) and synced.
import type { GroupingMode } from '../../shared/cameras';
import { plural } from '../../shared/words';
import type { CommandHandlers } from '../commands/dispatch';
import type { HostContext } from '../context';
import type { Config } from '../store/config-schema';
import { fail, unavailable } from './command-failure';

export type GroupCommands = Pick<
  CommandHandlers,
  | 'setGrouping'
  | 'addGroup'
  | 'removeGroup'
  | 'previewGrouping'
  | 'forgetStaleSessions'
  | 'awaitTeardowns'
  | 'dismissTeardownFailures'
>;

/** What the group commands need from the camera manager (part of its CameraRuntime). */
export interface GroupRuntime {
  /** Running cameras a change of grouping mode would reconnect. */
  previewGrouping(mode: GroupingMode): string[];
  forgetStaleSessions(groupId: string): number;
  dismissTeardownFailures(groupId: string): number;
  awaitTeardowns(groupId: string): Promise<string[]>;
}

/** What the group commands need from the camera service. */
export interface GroupCommandDeps {
  ctx: HostContext;
  /** The camera manager, once attached. */
  runtime(): GroupRuntime | undefined;
  publishGrouping(config: Config): void;
  /** The cameras or their grouping changed: the runtime and the listeners follow. */
  synced(config: Config): void;
}

export function groupCommands(deps: GroupCommandDeps): GroupCommands {
  return { ...groupingCommands(deps), ...sessionCommands(deps) };
}

/** The grouping mode and the named groups. */
function groupingCommands({
  ctx,
  runtime,
  publishGrouping,
  synced,
}: GroupCommandDeps): Pick<GroupCommands, 'setGrouping' | 'addGroup' | 'removeGroup' | 'previewGrouping'> {
  return {
    setGrouping: async ({ mode }) => {
      const reconnect = runtime()?.previewGrouping(mode) ?? [];
      const saved = await ctx.config.update((c) => ({ ...c, grouping: { ...c.grouping, mode } }));
      publishGrouping(saved);
      ctx.log.info(
        'group',
        `cameras without a named group are now grouped per ${mode}; ${plural(reconnect.length, 'camera')} reconnect${reconnect.length === 1 ? 's' : ''}`,
      );
      synced(saved);
      return { mode: mode as GroupingMode };
    },

    addGroup: async ({ name }) => {
      const saved = await ctx.config.update((c) => {
        if (c.grouping.named.some((g) => g.toLowerCase() === name.toLowerCase())) {
          fail('already-exists', 'name', `a group named "${name}" already exists`);
        }
        return { ...c, grouping: { ...c.grouping, named: [...c.grouping.named, name] } };
      });
      publishGrouping(saved);
      ctx.log.info('group', `group "${name}" created`);
      synced(saved);
      return { name };
    },

    removeGroup: async ({ name }) => {
      const saved = await ctx.config.update((c) => {
        if (!c.grouping.named.includes(name)) fail('not-found', 'name', `there is no group named "${name}"`);
        const members = c.cameras.filter((x) => x.group === name);
        if (members.length) {
          fail(
            'invalid-argument',
            'name',
            `group "${name}" still has ${plural(members.length, 'camera')}: move ${members.length === 1 ? 'it' : 'them'} to another group first`,
          );
        }
        return { ...c, grouping: { ...c.grouping, named: c.grouping.named.filter((g) => g !== name) } };
      });
      publishGrouping(saved);
      ctx.log.info('group', `group "${name}" removed`);
      synced(saved);
      return { name };
    },

    previewGrouping: async ({ mode }) => {
      return { mode: mode as GroupingMode, reconnect: runtime()?.previewGrouping(mode) ?? [] };
    },
  };
}

/** A session group's stale sessions and its TEARDOWN failure notices. */
function sessionCommands({
  ctx,
  runtime,
}: GroupCommandDeps): Pick<
  GroupCommands,
  'forgetStaleSessions' | 'awaitTeardowns' | 'dismissTeardownFailures'
> {
  return {
    forgetStaleSessions: async ({ groupId }) => {
      const forgotten = (runtime() ?? unavailable()).forgetStaleSessions(groupId);
      ctx.log.warn('group', `operator forgot ${plural(forgotten, 'stale session')}`, groupId);
      return { forgotten };
    },

    awaitTeardowns: async ({ groupId }) => {
      return { failures: await (runtime() ?? unavailable()).awaitTeardowns(groupId) };
    },

    dismissTeardownFailures: async ({ groupId }) => {
      return { dismissed: runtime()?.dismissTeardownFailures(groupId) ?? 0 };
    },
  };
}
