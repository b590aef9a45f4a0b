#!/usr/bin/env bash
# An upgrade keeps every record: the previous release's package installed on
# this machine, a practice filled with its command, then the new package
# installed over it (apt's upgrade, not a removal). The new window opens the
# practice first (tests/e2e/upgraded.test.mjs, under Xvfb): it says what is
# new, once, and lists every person. Then the new command finds the practice
# migrated and encrypted, with the backup taken before, and every person,
# training record and evaluation still there. Prints how long each install
# took.
#
# Usage (root; `make package-test` runs it; TAURI_DRIVER names tauri-driver
# when it is not on the PATH): upgrade.sh PREVIOUS.deb NEW.deb
set -euo pipefail
here=$(dirname "$(realpath "$0")")
previous=$(realpath "$1")
new=$(realpath "$2")
work=$(mktemp -d /tmp/sp-upgrade.XXXXXX)
cleanup() {
  apt-get remove -y -qq standard-practice >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
# A person's own folders, in this run's folder.
export HOME=$work/home XDG_DATA_HOME=$work/home/.local/share XDG_CONFIG_HOME=$work/home/.config XDG_CACHE_HOME=$work/home/.cache
mkdir -p "$HOME"
unset STANDARD_PRACTICE_DB STANDARD_PRACTICE_KEY_FILE
# Installs a package; prints how long it took, in seconds.
install() {
  local t0
  t0=$(date +%s%N)
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends --allow-downgrades "$1" >/dev/null
  local ms=$((($(date +%s%N) - t0) / 1000000))
  printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100))
}
# Rows of a CSV export, header left out.
rows() { tail -n +2 "$1" | grep -c . || true; }

apt-get remove -y -qq standard-practice >/dev/null 2>&1 || true
took=$(install "$previous")
echo "upgrade: $(standard-practice --version) installed in $took s"
standard-practice demo >/dev/null
for what in staff training scores; do
  standard-practice export "$what" -o "$work/before-$what.csv" >/dev/null
done
standard-practice staff list >"$work/before-staff.txt"
practice=$XDG_DATA_HOME/com.standardpractice.app/standard-practice.sqlite3
test -s "$practice" || { echo "the previous release made no practice at $practice"; exit 1; }

took=$(install "$new")
echo "upgrade: $(standard-practice --version) installed over it in $took s"
key=$work/practice-key.txt
people=$(rows "$work/before-staff.csv")
if ! E2E_UPGRADED_DB=$practice E2E_UPGRADED_KEY=$key E2E_UPGRADED_PEOPLE=$people \
  APP_BINARY=/usr/bin/standard-practice-app NO_AT_BRIDGE=1 \
  xvfb-run -a --server-args="-screen 0 1280x1024x24" \
  node --test --test-reporter=spec "$here/../e2e/upgraded.test.mjs" | sed 's/^/upgrade: window: /'; then
  echo "the upgraded practice did not open as it should in the window"
  exit 1
fi
cli() { standard-practice --key-file "$key" "$@"; }
cli check | tee "$work/check.txt"
grep -q '^check: ok' "$work/check.txt"
for what in staff training scores; do
  cli export "$what" -o "$work/after-$what.csv" >/dev/null
  before=$(rows "$work/before-$what.csv")
  after=$(rows "$work/after-$what.csv")
  echo "upgrade: $what: $before rows before, $after after"
  [ "$before" -gt 0 ] && [ "$before" = "$after" ] || { echo "the upgrade changed the $what"; exit 1; }
done
cli staff list >"$work/after-staff.txt"
while read -r name; do
  grep -qF "$name" "$work/after-staff.txt" || { echo "$name is gone"; exit 1; }
done < <(cut -d, -f2 "$work/before-staff.csv" | tail -n +2 | tr -d '"')
# The practice is encrypted now: no name can be read in its bytes.
if grep -aq 'Łukasz' "$practice"; then echo "the practice is still plain"; exit 1; fi
backups=$(find "$(dirname "$practice")/backups" -name '*before-migration*' | wc -l)
echo "upgrade: $backups backup(s) taken before the migration"
[ "$backups" -ge 1 ] || { echo "no backup was taken before the migration"; exit 1; }
