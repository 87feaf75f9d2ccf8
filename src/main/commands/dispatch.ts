// Validates and runs commands. Every command's arguments pass the shared zod schema before
// its handler sees them; a failure names the field and runs nothing. Handlers report
// expected failures by throwing CommandFailure; anything else is a bug, logged as internal.
import type { z } from 'zod';
import {
  COMMAND_SCHEMAS,
  type CommandName,
  type CommandResult,
  isCommandName,
  type ParsedArgs,
} from '../../shared/commands';
import {
  type CommandError,
  CommandFailure,
  type CommandResponse,
  type FieldIssue,
} from '../../shared/errors';

export type CommandHandlers = {
  [K in CommandName]: (args: ParsedArgs<K>) => Promise<CommandResult<K>> | CommandResult<K>;
};

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    let field = issue.path.map(String).join('.');
    // An unknown key is reported on the object; name the key itself.
    if (issue.code === 'unrecognized_keys' && issue.keys.length) {
      field = [...issue.path.map(String), issue.keys[0]].join('.');
    }
    return { field: field || '(arguments)', message: issue.message };
  });
}

export function invalidArgument(issues: FieldIssue[]): CommandError {
  const first = issues[0] ?? { field: '(arguments)', message: 'invalid' };
  return {
    code: 'invalid-argument',
    message: `${first.field}: ${first.message}`,
    field: first.field,
    issues,
  };
}

export class CommandDispatcher {
  constructor(
    private readonly handlers: CommandHandlers,
    private readonly onInternalError: (name: string, err: unknown) => void,
  ) {}

  async call(name: unknown, args: unknown): Promise<CommandResponse<unknown>> {
    if (!isCommandName(name)) {
      return {
        ok: false,
        error: { code: 'unknown-command', message: `unknown command ${JSON.stringify(name)}` },
      };
    }
    const schema = COMMAND_SCHEMAS[name] as z.ZodType;
    const parsed = schema.safeParse(args ?? {});
    if (!parsed.success) return { ok: false, error: invalidArgument(zodIssues(parsed.error)) };
    try {
      const handler = this.handlers[name] as (a: unknown) => unknown;
      const result = await handler(parsed.data);
      return { ok: true, result };
    } catch (err) {
      if (err instanceof CommandFailure) return { ok: false, error: err.error };
      this.onInternalError(name, err);
      return {
        ok: false,
        error: { code: 'internal', message: `${name} failed: ${(err as Error)?.message ?? err}` },
      };
    }
  }
}
