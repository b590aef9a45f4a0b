import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The build is embedded in the desktop binary (tauri.conf.json `frontendDist`);
// there is no dev server in the app's workflow, so only `build` matters here.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Every asset comes from the binary: no inlined data: scripts, nothing the CSP has to allow.
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
});
