// Writes ui/src/lib/licences.json, what the About box lists: every Rust crate
// built into the desktop app (the normal dependencies of standard-practice-app
// on Linux, from `cargo metadata`), every npm package whose code is in the
// window (ui/dist/packages.json, written by the build, looked up in
// ui/package-lock.json), each with its version and licence as their metadata
// declare it, and the fonts built in for the printed documents with their
// notices (src/documents/fonts/LICENSE-*.txt). `make types` runs it; the
// types check fails when the file is stale.

import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** @typedef {{ name: string, version: string, licence: string }} Package */

/** The crates the app links, by walking its normal dependencies. @returns {Package[]} */
function crates() {
  const metadata = JSON.parse(
    execFileSync('cargo', ['metadata', '--format-version', '1', '--locked', '--filter-platform', 'x86_64-unknown-linux-gnu'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    }),
  );
  /** @type {Map<string, any>} */
  const packages = new Map(metadata.packages.map((/** @type {any} */ p) => [p.id, p]));
  /** @type {Map<string, any>} */
  const nodes = new Map(metadata.resolve.nodes.map((/** @type {any} */ n) => [n.id, n]));
  const app = metadata.packages.find((/** @type {any} */ p) => p.name === 'standard-practice-app');
  const seen = new Set([app.id]);
  const queue = [app.id];
  while (queue.length) {
    const node = nodes.get(queue.pop());
    for (const dep of node?.deps ?? []) {
      const normal = dep.dep_kinds.some((/** @type {any} */ k) => k.kind === null);
      if (normal && !seen.has(dep.pkg)) {
        seen.add(dep.pkg);
        queue.push(dep.pkg);
      }
    }
  }
  return [...seen]
    .map((id) => packages.get(id))
    // Not this workspace's own crates (no source: they are here).
    .filter((p) => p.source)
    .map((p) => ({ name: p.name, version: p.version, licence: p.license ?? (p.license_file ? `see ${p.license_file}` : 'not declared') }));
}

/** The npm packages whose code is in the built UI (ui/dist/packages.json, which the build writes). @returns {Package[]} */
function npmPackages() {
  const lock = JSON.parse(readFileSync(join(root, 'ui/package-lock.json'), 'utf8'));
  const names = JSON.parse(readFileSync(join(root, 'ui/dist/packages.json'), 'utf8'));
  return names.map((/** @type {string} */ name) => {
    const p = lock.packages[`node_modules/${name}`];
    return { name, version: p.version, licence: p.license ?? 'not declared' };
  });
}

/** The fonts' notices, a file each. @returns {{ file: string, notice: string }[]} */
function fonts() {
  const dir = join(root, 'src/documents/fonts');
  return readdirSync(dir)
    .filter((f) => f.startsWith('LICENSE-'))
    .sort()
    .map((f) => ({ file: f, notice: readFileSync(join(dir, f), 'utf8').trim() }));
}

const byName = (/** @type {Package} */ a, /** @type {Package} */ b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version);
const out = { crates: crates().sort(byName), npm: npmPackages().sort(byName), fonts: fonts() };
writeFileSync(join(root, 'ui/src/lib/licences.json'), `${JSON.stringify(out, null, 1)}\n`);
