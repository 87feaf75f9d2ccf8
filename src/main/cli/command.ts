import { type ParseArgsConfig, parseArgs } from 'node:util';
import { CodedError, type PlainCodes } from '../../shared/coded-error';

/** One `camrelay` subcommand. `run` returns the process exit status. */
export interface CliCommand {
  /** Full `--help` text, starting with a usage line. */
  help: string;
  run(argv: string[]): Promise<number>;
}

/** Thrown for bad command-line input; the CLI prints the message and the usage, exits 2. */
/** A command line camrelay cannot run: printed as one line with the usage hint, exit 2. */
export class UsageError extends CodedError<PlainCodes<'usage'>> {
  constructor(message: string) {
    super('usage', message, {});
  }
}

/** node:util parseArgs with strict checking, turning its errors into UsageError. */
export function parseCliArgs<T extends ParseArgsConfig>(argv: string[], config: T) {
  try {
    return parseArgs({ ...config, args: argv, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Runs `body`, printing UsageError as `camrelay <name>: message` plus help, exit 2. */
export async function withUsage(name: string, help: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`camrelay ${name}: ${err.message}\n\n${help}\n`);
      return 2;
    }
    throw err;
  }
}
