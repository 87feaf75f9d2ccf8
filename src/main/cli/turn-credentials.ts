import type { CliCommand } from './command';

// Placeholder until the turn-credentials command lands; replaced by its owner.
export const command: CliCommand = {
  help: 'Usage: camrelay turn-credentials (not available yet)',
  async run() {
    process.stderr.write('camrelay turn-credentials: not available yet\n');
    return 2;
  },
};
