// What the tray shows, derived from the state. Pure, so it is tested without Electron.
import type { AppState } from '../shared/state';

export interface TrayStatus {
  /** The status line of the tray menu. */
  line: string;
  /** Something needs the operator's attention (the icon turns red). */
  alert: boolean;
  tooltip: string;
}

export function trayStatus(state: AppState): TrayStatus {
  const cameras = Object.values(state.cameras);
  const enabled = cameras.filter((c) => c.enabled);
  const playing = enabled.filter((c) => c.status.state === 'playing').length;
  const failing = enabled.filter((c) => c.status.state === 'backing-off').length;
  const allocations = Object.keys(state.allocations).length;
  const relay = state.relay.status;

  const problems: string[] = [];
  if (failing) problems.push(`${failing} camera${failing === 1 ? '' : 's'} failing`);
  if (relay.state === 'error') problems.push(`relay error: ${relay.message}`);
  if (state.app.config.status === 'recovered') problems.push('config recovered from a bad file');
  if (state.app.config.status === 'partial') problems.push('some cameras could not be loaded');

  const relayText =
    relay.state === 'running'
      ? `${allocations} allocation${allocations === 1 ? '' : 's'}`
      : relay.state === 'stopped'
        ? 'relay paused'
        : `relay ${relay.state}`;
  const line = `${playing}/${enabled.length} cameras playing · ${relayText}`;
  const alert = problems.length > 0;
  return {
    line,
    alert,
    tooltip: alert ? `camrelay — ${line} — ${problems.join('; ')}` : `camrelay — ${line}`,
  };
}
