// `camrelay turn-credentials`: prints time-limited TURN REST credentials for a shared secret
// (coturn's use-auth-secret convention): username "<expiry>:<user>", password
// base64(HMAC-SHA1(secret, username)).
import { readFileSync } from 'node:fs';
import { makeRestCredentials } from '../turn';
import { type CliCommand, parseCliArgs, UsageError, withUsage } from './command';

const HELP = `Usage: camrelay turn-credentials (--secret S | --secret-file FILE) --user U [options]

Prints TURN REST credentials for the shared secret S, valid for --ttl seconds from now: give
them to a WebRTC client as username and credential of the TURN server.

Options:
  --secret S         the shared secret (as given to \`camrelay turn --auth-secret\`)
  --secret-file F    read the secret from a file (first line), keeping it out of ps
  --user U           the user the credentials are for (may be empty)
  --ttl S            seconds of validity (default 86400)
  --json             print {"username","password","expiresAt","ttl"} as JSON
  -h, --help         this help

Exit status: 0 on success, 2 on bad usage.`;

export const command: CliCommand = {
  help: HELP,
  run: (argv) =>
    withUsage('turn-credentials', HELP, async () => {
      const { values } = parseCliArgs(argv, {
        options: {
          secret: { type: 'string' },
          'secret-file': { type: 'string' },
          user: { type: 'string' },
          ttl: { type: 'string' },
          json: { type: 'boolean' },
        },
      });
      if ((values.secret === undefined) === (values['secret-file'] === undefined)) {
        throw new UsageError('give exactly one of --secret and --secret-file');
      }
      let secret = values.secret;
      if (secret === undefined) {
        try {
          secret = readFileSync(values['secret-file']!, 'utf8').split(/\r?\n/)[0] ?? '';
        } catch (err) {
          throw new UsageError(`cannot read --secret-file: ${(err as Error).message}`);
        }
      }
      if (secret === '') throw new UsageError('the secret is empty');
      if (values.user === undefined) throw new UsageError('--user is required');
      if (values.user.includes(':')) throw new UsageError('--user cannot contain ":"');
      const ttl = values.ttl === undefined ? 86_400 : Number(values.ttl);
      if (!Number.isInteger(ttl) || ttl <= 0 || ttl > 10 * 365 * 86_400) {
        throw new UsageError('--ttl must be a whole number of seconds > 0');
      }
      const c = makeRestCredentials(secret, values.user, ttl, Date.now());
      if (values.json) {
        process.stdout.write(`${JSON.stringify(c)}\n`);
      } else {
        process.stdout.write(
          `username: ${c.username}\npassword: ${c.password}\nexpires:  ${new Date(c.expiresAt * 1000).toISOString()} (${c.expiresAt})\n`,
        );
      }
      return 0;
    }),
};
