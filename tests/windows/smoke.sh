#!/usr/bin/env bash
# The command line built for Windows, run under Wine (`make windows-test`):
# the core with SQLCipher and its vendored OpenSSL, cross-built with MinGW,
# makes an encrypted demo practice, checks it, backs it up, prints the annual
# batch and exports CSV; the file it wrote is unreadable without the key and
# holds no name in its bytes, another key is refused as the wrong key, and the
# Linux build opens the Windows practice with the same key file (a practice
# moves between computers); with no key file the key is kept in the Credential
# Manager and the practice opens from it.
#
#   tests/windows/smoke.sh WINDOWS_EXE LINUX_CLI
#
# Everything happens in a temporary folder: Wine's own prefix included, so
# nothing is written to ~/.wine or any other folder of the user's.
set -euo pipefail

exe=$(realpath "$1")
linux_cli=$(realpath "$2")
here=$(dirname "$(realpath "$0")")
work=$(mktemp -d "${TMPDIR:-/tmp}/sp-windows-XXXXXX")
trap 'wineserver -k 2>/dev/null || true; rm -rf "$work"' EXIT

export WINEPREFIX=$work/wine WINEDEBUG=-all WINEDLLOVERRIDES='mscoree,mshtml='
export XDG_CONFIG_HOME=$work/xdg/config XDG_DATA_HOME=$work/xdg/data XDG_CACHE_HOME=$work/xdg/cache
unset STANDARD_PRACTICE_DB STANDARD_PRACTICE_KEY_FILE

fail() { echo "windows-test: $*" >&2; exit 1; }

# Wine 8 (Debian 12) lacks ProcessPrng, which Rust's standard library calls.
mkdir -p "$work/bin"
cp "$exe" "$work/bin/standard-practice.exe"
x86_64-w64-mingw32-gcc -shared -O2 -o "$work/bin/bcryptprimitives.dll" \
  "$here/process-prng.c" "$here/process-prng.def" -lbcrypt
wineboot --init >/dev/null 2>&1

winpath() { winepath -w "$1" 2>/dev/null; }
db=$(winpath "$work/practice.sqlite3")
key=$(winpath "$work/recovery-key.txt")
sp() { timeout 300 wine "$work/bin/standard-practice.exe" --db "$db" --key-file "$key" "$@"; }

start=$(date +%s%N)
sp demo
sp check | tee "$work/check.txt"
grep -q '^check: ok' "$work/check.txt" || fail "check did not say ok"
sp backup | tee "$work/backup.txt"
# Paths are written as people know them, not as Windows' verbatim \\?\ paths.
if grep -qF '\\?\' "$work/backup.txt"; then fail "a message names a verbatim path: $(cat "$work/backup.txt")"; fi
sp backups | tee "$work/backups.txt"
sp print annual --year 2025 -o "$(winpath "$work/annual-2025.pdf")"
sp export staff -o "$(winpath "$work/staff.csv")"
echo "windows-test: demo, check, backup, print and export took $(( ($(date +%s%N) - start) / 1000000 )) ms under Wine"

[ -s "$work/recovery-key.txt" ] || fail "demo did not create the key file"
qpdf --check "$work/annual-2025.pdf" >/dev/null || fail "the annual batch is not a valid PDF"
pages=$(pdfinfo "$work/annual-2025.pdf" | awk '/^Pages:/ {print $2}')
[ "${pages:-0}" -gt 1 ] || fail "the annual batch has ${pages:-no} pages"
grep -q 'Priya Raghunathan' "$work/staff.csv" || fail "the CSV export lacks the demo's people"

# Encrypted at rest: sqlite3 cannot read the practice or its backup, and no
# name is in their bytes (NFC and NFD are the same bytes for these names).
backup=$(find "$work/backups" -name '*.sqlite3' | head -n 1)
[ -n "$backup" ] || fail "no backup was written beside the practice"
for f in "$work/practice.sqlite3" "$backup"; do
  if sqlite3 "$f" 'select count(*) from sqlite_master' >/dev/null 2>&1; then
    fail "sqlite3 reads $f without the key"
  fi
  for name in 'Priya Raghunathan' 'Tom Becker' 'Ольга Смирнова'; do
    if grep -aqF "$name" "$f"; then fail "$name is readable in $f"; fi
  done
done

# Another key is refused, and says so.
other=$(winpath "$work/other-key.txt")
timeout 300 wine "$work/bin/standard-practice.exe" --db "$(winpath "$work/other.sqlite3")" --key-file "$other" demo >/dev/null
if timeout 300 wine "$work/bin/standard-practice.exe" --db "$db" --key-file "$other" check >"$work/wrong.txt" 2>&1; then
  fail "the practice opened with another practice's key"
fi
grep -qi 'key' "$work/wrong.txt" || fail "a wrong key was not named as one: $(cat "$work/wrong.txt")"

# With no key file named, the key goes to Windows' Credential Manager (Wine's
# here: keyring's `windows-native`), and the practice opens again from it.
stored=$(winpath "$work/stored.sqlite3")
timeout 300 wine "$work/bin/standard-practice.exe" --db "$stored" demo >/dev/null
timeout 300 wine "$work/bin/standard-practice.exe" --db "$stored" check | grep -q '^check: ok' \
  || fail "the practice whose key is in the Credential Manager did not open again"

# The same practice on Linux, with the same key file.
"$linux_cli" --db "$work/practice.sqlite3" --key-file "$work/recovery-key.txt" check | grep -q '^check: ok' \
  || fail "the Linux build cannot open the practice the Windows build made"

echo "windows-test: passed ($pages pages printed; $(stat -c %s "$work/practice.sqlite3") bytes encrypted)"
