// The command names as plain data, for the preload and the renderer (which must not load
// zod). The checks below make a missing or unknown name a compile error.
import type { CommandName } from './commands';

export const COMMAND_NAMES = [
  'updateSettings',
  'exportLog',
  'addCamera',
  'updateCamera',
  'duplicateCamera',
  'deleteCamera',
  'setCameraEnabled',
  'retryCamera',
  'testCamera',
  'setGrouping',
  'previewGrouping',
  'addGroup',
  'removeGroup',
  'forgetStaleSessions',
  'awaitTeardowns',
  'dismissTeardownFailures',
  'updateRelay',
  'setRelayPaused',
  'addTurnUser',
  'setTurnUserPassword',
  'removeTurnUser',
  'addTurnSecret',
  'removeTurnSecret',
  'makeTurnCredentials',
  'deleteAllocation',
  'updateRestream',
  'addRestreamUser',
  'updateRestreamUser',
  'removeRestreamUser',
  'createShare',
  'revokeShare',
  'exportConfig',
  'importConfig',
] as const satisfies readonly CommandName[];

type Missing = Exclude<CommandName, (typeof COMMAND_NAMES)[number]>;
const _allNamesListed: Missing extends never ? true : never = true;
void _allNamesListed;
