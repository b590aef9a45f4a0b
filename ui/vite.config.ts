import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/**
 * Writes `packages.json` beside the build: the npm packages whose code is in
 * it (Svelte's runtime included, though Svelte is a development dependency),
 * by name, for the About box's licences (src-tauri/packaging/licences.mjs).
 */
function bundledPackages(): Plugin {
  return {
    name: 'bundled-packages',
    generateBundle(_options, bundle) {
      const names = new Set<string>();
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        for (const id of Object.keys(chunk.modules)) {
          const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(id.slice(id.lastIndexOf('node_modules/')));
          if (m) names.add(m[1]);
        }
      }
      this.emitFile({ type: 'asset', fileName: 'packages.json', source: `${JSON.stringify([...names].sort())}\n` });
    },
  };
}

// The build is embedded in the desktop binary (tauri.conf.json `frontendDist`);
// there is no dev server in the app's workflow, so only `build` matters here.
export default defineConfig({
  plugins: [svelte(), bundledPackages()],
  clearScreen: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Every asset comes from the binary: no inlined data: scripts, nothing the CSP has to allow.
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
});
