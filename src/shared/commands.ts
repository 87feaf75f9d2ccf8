// The commands the renderer may send to main. Each has a zod schema for its arguments
// (validated in main; a bad command gets an `invalid-argument` error naming the field and
// changes nothing) and a result type. The preload exposes exactly one method per entry.
import { z } from 'zod';
import { SettingsPatchSchema } from './schemas';
import type { Settings } from './settings';

const NoArgs = z.strictObject({});

export const COMMAND_SCHEMAS = {
  updateSettings: SettingsPatchSchema,
  /** The log as JSON lines (everything the host still holds, not only what the state shows). */
  exportLog: NoArgs,
} as const;

export interface CommandResults {
  updateSettings: Settings;
  exportLog: { jsonl: string; count: number };
}

export type CommandName = keyof typeof COMMAND_SCHEMAS;
export type CommandArgs<K extends CommandName> = z.input<(typeof COMMAND_SCHEMAS)[K]>;
export type ParsedArgs<K extends CommandName> = z.output<(typeof COMMAND_SCHEMAS)[K]>;
export type CommandResult<K extends CommandName> = CommandResults[K];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(COMMAND_SCHEMAS, name);
}
