import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { cspMetaPlugin } from './src/main/electron/csp-meta';

// One main build serves two entries: the Electron entry (index) and the plain-Node CLI
// (cli), which runs the same host headless. Only index imports electron.
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          cli: resolve('src/main/cli.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require() anything but electron: bundle it whole, as CJS.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    // The CSP <meta> is written from src/shared/csp.ts (strict in a build; the dev server's
    // inline refresh preamble allowed by hash in `npm run dev`).
    plugins: [react(), cspMetaPlugin()],
    build: {
      minify: true,
      rollupOptions: {
        input: { index: resolve('src/renderer/index.html'), viewer: resolve('src/renderer/viewer.html') },
      },
    },
  },
});
