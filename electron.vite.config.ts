import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The preload runs sandboxed, where only `electron` can be required: bundle it to one CommonJS file.
export default defineConfig({
  main: {},
  preload: {
    build: {
      externalizeDeps: false,
      rollupOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  // Minified: the page parses less before the sandbox is interactive (see npm run bench).
  renderer: { plugins: [svelte()], build: { minify: true } },
});
