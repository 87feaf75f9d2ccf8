import { type ParseArgsConfig, parseArgs } from 'node:util';

/** One `camrelay` subcommand. `run` returns the process exit status. */
export interface CliCommand {
  /** Full `--help` text, starting with a usage line. */
  help: string;
  run(argv: string[]): Promise<number>;
}

/** Thrown for bad command-line input; the CLI prints the message and the usage, exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
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
