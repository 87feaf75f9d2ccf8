// Operator preferences: saved, then mirrored into the state.
import type { CommandHandlers } from '../commands/dispatch';
import type { HostContext } from '../context';

export function settingsHandlers(ctx: HostContext): Pick<CommandHandlers, 'updateSettings'> {
  return {
    async updateSettings(patch) {
      const saved = await ctx.config.update((c) => ({ ...c, settings: { ...c.settings, ...patch } }));
      ctx.store.set(['settings'], saved.settings);
      return saved.settings;
    },
  };
}
