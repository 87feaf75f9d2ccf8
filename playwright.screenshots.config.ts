import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// `npm run screenshots`: every page at 1440 and 800 px, light and dark, into screenshots/
// (not committed). Not part of the e2e suite (testDir differs).
export default defineConfig({
  ...base,
  testDir: 'e2e/screenshots',
  timeout: 240_000,
});
