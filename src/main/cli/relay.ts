import type { CliCommand } from './command';

// Placeholder until the relay command lands; replaced by its owner.
export const command: CliCommand = {
  help: 'Usage: camrelay relay (not available yet)',
  async run() {
    process.stderr.write('camrelay relay: not available yet\n');
    return 2;
  },
};
