import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { firstRunsPlugin } from './scripts/first-runs-plugin.ts';
import { DEV_CSP } from './src/ipc/csp.ts';

// The preload runs sandboxed, where only `electron` can be required: bundle it to one CommonJS file.
export default defineConfig({
  main: {},
  preload: {
    build: {
      externalizeDeps: false,
      rollupOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  // Minified, and with the first screen's runs computed here: the page parses less before the sandbox
  // is interactive (see npm run bench). The one chunk over Vite's 500 kB warning is elkjs (1.5 MB), which
  // loads only when a statechart is opened.
  renderer: {
    plugins: [svelte(), firstRunsPlugin()],
    build: { minify: true, chunkSizeWarningLimit: 1600 },
    // The page carries no CSP of its own (see index.html): the dev server sends one, like app:// does.
    server: { headers: { 'Content-Security-Policy': DEV_CSP } },
  },
});
