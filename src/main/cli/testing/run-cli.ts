// The `camrelay` process entry run from source (bin/camrelay.mjs runs the built one), for
// tests that need a real process: its exit status and its output when it ends.
import { runCli } from '../../cli';

await runCli(process.argv.slice(2));
