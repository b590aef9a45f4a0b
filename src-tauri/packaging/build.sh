#!/usr/bin/env bash
# Builds the Linux packages, target/package/standard-practice_<version>_amd64.deb
# and standard-practice-<version>-1.x86_64.rpm, with Tauri's bundler (the npm
# package @tauri-apps/cli in ui/node_modules). `make package` runs it after
# setting the machine up.
#
# The bundler packages only the app; the package also installs the
# `standard-practice` command, its manual page, the copyright file and the
# changelog (`bundle.linux.*.files` in tauri.package.json). Both binaries are
# the release builds without the end-to-end hooks, stripped. The package
# depends on what dpkg-shlibdeps finds the binaries linked against, so the
# dependencies are those of this build, not a list kept by hand. Icons at
# every size the desktop asks for are drawn from the one source,
# icons/icon.png.
#
# With PACKAGE_FROM=DIR and PACKAGE_VERSION=X.Y.Z it packages the two
# binaries already built in DIR, as that version, into target/package-X.Y.Z/
# instead: the upgrade test packages the previous release this way.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
out=target/package
tauri=ui/node_modules/.bin/tauri
# The version and the maintainer, from Cargo.toml.
read -r version maintainer < <(cargo metadata --no-deps --format-version 1 | node -e '
  let s = "";
  process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const p = JSON.parse(s).packages.find((p) => p.name === "standard-practice");
    console.log(`${p.version} ${p.authors[0]}`);
  });')
from=target/release
if [ -n "${PACKAGE_FROM:-}" ]; then
  from=$PACKAGE_FROM
  version=${PACKAGE_VERSION:?PACKAGE_FROM needs PACKAGE_VERSION}
  out=target/package-$version
fi

rm -rf "$out"
mkdir -p "$out/release" "$out/icons" "$out/shlibs/debian"

[ -n "${PACKAGE_FROM:-}" ] || cargo build --release -p standard-practice-app -p standard-practice ${CARGO_QUIET:-}
for bin in standard-practice standard-practice-app; do
  strip --remove-section=.comment -o "$out/release/$bin" "$from/$bin"
done
# The end-to-end build answers save dialogs from an environment variable; the
# package must never carry that. (0.1.0 always did, before the `e2e` feature:
# a previous release is packaged as it was built, for the upgrade test only.)
if [ -z "${PACKAGE_FROM:-}" ] && grep -q STANDARD_PRACTICE_SAVE_DIR "$out/release/standard-practice-app"; then
  echo "package: target/release/standard-practice-app is the end-to-end build" >&2
  exit 1
fi

"$tauri" icon icons/icon.png --output "$out/icons" --png 16,24,32,48,64,128,256,512 >/dev/null

src-tauri/packaging/debian-changelog.sh "$version" "$maintainer" | gzip -9n >"$out/changelog.gz"
gzip -9n <CHANGELOG.md >"$out/CHANGELOG.md.gz"
help2man --no-info --version-string="$version" \
  --name="staff, training, service standards and evaluations for small practices" \
  "$out/release/standard-practice" | gzip -9n >"$out/standard-practice.1.gz"
sed "s/@VERSION@/$version/" src-tauri/packaging/standard-practice-app.1 | gzip -9n >"$out/standard-practice-app.1.gz"
src-tauri/packaging/copyright.sh >"$out/copyright"
src-tauri/packaging/copyright.sh --debian >"$out/copyright.debian"

# What the binaries link against, as Debian dependencies.
printf 'Source: standard-practice\n\nPackage: standard-practice\nArchitecture: any\n' >"$out/shlibs/debian/control"
depends=$(cd "$out/shlibs" && dpkg-shlibdeps -O ../release/standard-practice-app ../release/standard-practice 2>/dev/null |
  sed -n 's/^shlibs:Depends=//p')
node -e '
  const [base, out, depends, version, dir] = process.argv.slice(1);
  // The files it names are in the folder of this run.
  const text = require("fs").readFileSync(base, "utf8").replaceAll("../target/package/", `../${dir}/`);
  const c = JSON.parse(text);
  c.version = version;
  c.bundle.linux.deb.depends = depends.split(", ");
  require("fs").writeFileSync(out, JSON.stringify(c, null, 2));
' src-tauri/packaging/tauri.package.json "$out/tauri.package.json" "$depends" "$version" "$out"

# The bundler takes the app from <target>/release: here, the stripped copy.
CARGO_TARGET_DIR="$root/$out" "$tauri" bundle --bundles deb,rpm --config "$out/tauri.package.json" --ci

mv "$out/release/bundle/deb/"*.deb "$out/standard-practice_${version}_amd64.deb"
mv "$out/release/bundle/rpm/"*.rpm "$out/standard-practice-${version}-1.x86_64.rpm"
ls -l "$out"/*.deb "$out"/*.rpm
