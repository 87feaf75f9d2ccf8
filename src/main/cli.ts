// `camrelay` command line. Each subcommand lives in src/main/cli/<name>.ts and exports
// `command: CliCommand`; they are loaded lazily so `camrelay turn` never loads the RTSP
// client and vice versa. No Electron import anywhere below this file.
import pkg from '../../package.json' with { type: 'json' };
import type { CliCommand } from './cli/command';

const commands: Record<string, () => Promise<{ command: CliCommand }>> = {
  relay: () => import('./cli/relay'),
  probe: () => import('./cli/probe'),
  turn: () => import('./cli/turn'),
  'turn-credentials': () => import('./cli/turn-credentials'),
};

const USAGE = `camrelay — camera and relay manager for NVR operators

Usage: camrelay <command> [options]

Commands:
  relay              run the host headless and serve the console to a browser
  probe <url>...     describe, set up and play RTSP URLs; print what the cameras send
  turn               run the TURN server alone (a standalone relay)
  turn-credentials   print time-limited TURN REST credentials for a shared secret

Run \`camrelay <command> --help\` for a command's options.`;

/**
 * The process entry (bin/camrelay.mjs): runs `main`, flushes stdout and stderr, and exits
 * with its status. Exiting ends what a finished command leaves running in the background,
 * e.g. probe's TEARDOWN retries against a server that never answers them, which would
 * otherwise keep the process alive until the session expires.
 */
export async function runCli(argv: string[]): Promise<never> {
  let code: number;
  try {
    code = await main(argv);
  } catch (err) {
    process.stderr.write(`camrelay: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    code = 1;
  }
  await Promise.all([flush(process.stdout), flush(process.stderr)]);
  process.exit(code);
}

function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`camrelay: unknown command '${name}'\n\n${USAGE}\n`);
    return 2;
  }
  const { command } = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.help}\n`);
    return 0;
  }
  return command.run(rest);
}
