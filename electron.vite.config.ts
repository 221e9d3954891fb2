import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { firstRunsPlugin } from './scripts/first-runs-plugin.ts';

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
  // is interactive (see npm run bench).
  renderer: { plugins: [svelte(), firstRunsPlugin()], build: { minify: true } },
});
