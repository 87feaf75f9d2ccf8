import type { CliCommand } from './command';

// Placeholder until the probe command lands; replaced by its owner.
export const command: CliCommand = {
  help: 'Usage: camrelay probe (not available yet)',
  async run() {
    process.stderr.write('camrelay probe: not available yet\n');
    return 2;
  },
};
