#!/usr/bin/env bash
# Builds the previous release's .deb, for the upgrade test: the commit
# CHANGELOG.md records for the newest release ("## vX.Y.Z — commit abc1234")
# exported into target/previous/, its UI, app and command built there, and
# packaged as that version by this version's packaging
# (src-tauri/packaging/build.sh with PACKAGE_FROM). Prints the .deb's path.
# The first build takes about 20 minutes on 2 cores; later ones reuse
# target/previous.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
read -r version commit < <(sed -n 's/^## v\([0-9][0-9.]*\) — commit \([0-9a-f][0-9a-f]*\).*/\1 \2/p' CHANGELOG.md | head -1)
[ -n "${commit:-}" ] || { echo "CHANGELOG.md records no release" >&2; exit 1; }
target=$root/target/previous
tree=$target/src-$commit
if [ ! -d "$tree" ]; then
  mkdir -p "$tree.partial"
  git archive "$commit" | tar -x -C "$tree.partial"
  mv "$tree.partial" "$tree"
fi
(cd "$tree/ui" && npm ci --no-progress --loglevel=error >&2 && npm run --silent build -- --logLevel warn >&2)
CARGO_TARGET_DIR=$target cargo build --release --quiet --manifest-path "$tree/Cargo.toml" \
  -p standard-practice-app -p standard-practice >&2
PACKAGE_FROM=$target/release PACKAGE_VERSION=$version src-tauri/packaging/build.sh >&2
echo "$root/target/package-$version/standard-practice_${version}_amd64.deb"
