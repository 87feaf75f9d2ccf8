// Zod schemas for the contract's data. Main validates with them; the renderer never loads
// zod (it gets validation results from main, field by field).
import { z } from 'zod';
import { type Settings, THEMES } from './settings';

export const SettingsSchema = z.strictObject({
  closeToTray: z.boolean(),
  startAtLogin: z.boolean(),
  startHidden: z.boolean(),
  theme: z.enum(THEMES),
}) satisfies z.ZodType<Settings>;

/** `updateSettings` takes any subset of the settings; unknown keys are refused. */
export const SettingsPatchSchema = SettingsSchema.partial();
