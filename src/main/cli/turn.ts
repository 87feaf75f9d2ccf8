import type { CliCommand } from './command';

// Placeholder until the turn command lands; replaced by its owner.
export const command: CliCommand = {
  help: 'Usage: camrelay turn (not available yet)',
  async run() {
    process.stderr.write('camrelay turn: not available yet\n');
    return 2;
  },
};
