// Operator preferences. Persisted in config.json; changed with the `updateSettings` command.
// Zod-free (the renderer imports it); the schema is in schemas.ts.

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export interface Settings {
  /** Closing the window hides it to the tray; the relay and cameras keep running. */
  closeToTray: boolean;
  /** Register the app to start when the operator logs in (Electron only). */
  startAtLogin: boolean;
  /** Start in the tray without showing the window (also `--hidden`). */
  startHidden: boolean;
  theme: Theme;
}

export const DEFAULT_SETTINGS: Settings = {
  closeToTray: true,
  startAtLogin: false,
  startHidden: false,
  theme: 'system',
};

export type SettingsPatch = Partial<Settings>;
