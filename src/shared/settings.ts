// Operator preferences. Persisted in config.json; changed with the `updateSettings` command.
// Zod-free (the renderer imports it); the schema is in schemas.ts. The theme is not a
// setting: each browser keeps its own (src/renderer/src/app/theme.ts).

export interface Settings {
  /** Closing the window hides it to the tray; the relay and cameras keep running. */
  closeToTray: boolean;
  /** Register the app to start when the operator logs in (Electron only). */
  startAtLogin: boolean;
  /** Start in the tray without showing the window (also `--hidden`). */
  startHidden: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  closeToTray: true,
  startAtLogin: false,
  startHidden: false,
};

export type SettingsPatch = Partial<Settings>;
