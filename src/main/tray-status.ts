// What the tray shows, derived from the state. Pure, so it is tested without Electron.
import type { AppState } from '../shared/state';

export interface TrayStatus {
  /** The status line of the tray menu and the tooltip. */
  line: string;
  /** Something needs the operator's attention (icon turns red). */
  alert: boolean;
  tooltip: string;
}

export function trayStatus(state: AppState): TrayStatus {
  const problems: string[] = [];
  if (state.app.config.status === 'recovered') problems.push('config recovered');
  const line = 'camrelay running';
  const alert = problems.length > 0;
  return { line, alert, tooltip: alert ? `${line} — ${problems.join(', ')}` : line };
}
