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
# Then each of these against the Linux build doing the same:
# - the PDFs: with the same SOURCE_DATE_EPOCH, the Windows and the Linux
#   build print the same practice's documents to the same bytes, and each
#   build's own demo practice prints the same annual batch;
# - restore: a backup restored under Wine brings the records back, the same
#   CSV as Linux restoring the same backup; and onto a practice file that
#   does not exist yet (a new computer);
# - paths: a folder with a space, an apostrophe and a non-ASCII letter
#   (`Zoë's files\annual 2025.pdf`), named in messages as typed;
# - replacing a file: refused without --force, replaced whole with it; the
#   practice's own files refused however Windows lets them be spelled
#   (`PRACTICE.SQLITE3`, forward slashes, `..\`, a hard link, the key file);
# - permissions: what Wine can show of them (see below);
# - locking: a second writer waits SQLite's busy timeout and is refused while
#   another process writes; a reader is never kept waiting; a save goes
#   through while a long print reads its snapshot.
#
#   tests/windows/smoke.sh WINDOWS_EXE LINUX_CLI
#
# LOCK_PEOPLE (default 20000) sizes the demo whose one write transaction holds
# the practice for the locking checks: long enough that the second writer's
# 5-second wait ends inside it, with room to spare on a busy machine.
#
# Everything happens in a temporary folder: Wine's own prefix included, so
# nothing is written to ~/.wine or any other folder of the user's.
set -euo pipefail

exe=$(realpath "$1")
linux_cli=$(realpath "$2")
here=$(dirname "$(realpath "$0")")
work=$(mktemp -d "${TMPDIR:-/tmp}/sp-windows-XXXXXX")
background=""
# shellcheck disable=SC2086 # the process ids, one word each
trap 'kill $background 2>/dev/null || true; wineserver -k 2>/dev/null || true; rm -rf "$work"' EXIT

export WINEPREFIX=$work/wine WINEDEBUG=-all WINEDLLOVERRIDES='mscoree,mshtml='
export XDG_CONFIG_HOME=$work/xdg/config XDG_DATA_HOME=$work/xdg/data XDG_CACHE_HOME=$work/xdg/cache
# Wine turns arguments and file names into Windows' UTF-16 by the locale's
# encoding: `Zoë` arrives whole only from a UTF-8 locale.
export LC_ALL=C.UTF-8
# Every PDF says it was printed at this moment (2025-12-31 12:00 UTC), on
# both systems; Wine hands the environment to the Windows process.
export SOURCE_DATE_EPOCH=1767182400
unset STANDARD_PRACTICE_DB STANDARD_PRACTICE_KEY_FILE
LOCK_PEOPLE=${LOCK_PEOPLE:-20000}

fail() { echo "windows-test: $*" >&2; exit 1; }
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# Wine 8 (Debian 12) lacks ProcessPrng, which Rust's standard library calls.
mkdir -p "$work/bin"
cp "$exe" "$work/bin/standard-practice.exe"
x86_64-w64-mingw32-gcc -shared -O2 -o "$work/bin/bcryptprimitives.dll" \
  "$here/process-prng.c" "$here/process-prng.def" -lbcrypt
wineboot --init >/dev/null 2>&1

winpath() { winepath -w "$1" 2>/dev/null; }
win() { timeout 300 wine "$work/bin/standard-practice.exe" "$@"; }
db=$(winpath "$work/practice.sqlite3")
key=$(winpath "$work/recovery-key.txt")
sp() { win --db "$db" --key-file "$key" "$@"; }
# The Linux build on the practice the Windows build made, with its key file.
lsp() { "$linux_cli" --db "$work/practice.sqlite3" --key-file "$work/recovery-key.txt" "$@"; }

day=$(date +%F)
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
echo "windows-test: demo, check, backup, print and export took $(ms_since "$start") ms under Wine"

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
win --db "$(winpath "$work/other.sqlite3")" --key-file "$other" demo >/dev/null
if win --db "$db" --key-file "$other" check >"$work/wrong.txt" 2>&1; then
  fail "the practice opened with another practice's key"
fi
grep -qi 'key' "$work/wrong.txt" || fail "a wrong key was not named as one: $(cat "$work/wrong.txt")"

# With no key file named, the key goes to Windows' Credential Manager (Wine's
# here: keyring's `windows-native`), and the practice opens again from it.
stored=$(winpath "$work/stored.sqlite3")
win --db "$stored" demo >/dev/null
win --db "$stored" check | grep -q '^check: ok' \
  || fail "the practice whose key is in the Credential Manager did not open again"

# The same practice on Linux, with the same key file.
lsp check | grep -q '^check: ok' \
  || fail "the Linux build cannot open the practice the Windows build made"

# ------------------------------------------------------------------ PDFs
# The same practice file printed by both builds: the same bytes. Written
# into a folder whose name has a space, an apostrophe and a non-ASCII letter.
start=$(date +%s%N)
zoe="$work/Zoë's files"
mkdir -p "$zoe" "$work/linux-pdf"
zoe_w=$(winpath "$zoe")
[ "$zoe_w" = "$(winpath "$work")\\Zoë's files" ] || fail "winepath mangled the folder's name: $zoe_w"
annual="$zoe/annual 2025.pdf"
sp print annual --year 2025 -o "$zoe_w\\annual 2025.pdf" >"$work/print.txt" 2>/dev/null
# The message names the file as it was typed.
grep -qxF "wrote $zoe_w\\annual 2025.pdf ($(( ($(stat -c %s "$annual") + 1023) / 1024 )) KB)" "$work/print.txt" \
  || fail "print did not name the file as typed: $(cat "$work/print.txt")"
lsp print annual --year 2025 -o "$work/linux-pdf/annual.pdf" >/dev/null 2>&1
cmp -s "$annual" "$work/linux-pdf/annual.pdf" \
  || fail "the annual batch printed on Windows differs from Linux's: $(cmp "$annual" "$work/linux-pdf/annual.pdf" || true)"
created=$(pdfinfo -isodates "$annual" | awk '/^CreationDate:/ {print $2}')
[ "$created" = "$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)" ] \
  || fail "the Windows process did not print at SOURCE_DATE_EPOCH: the PDF says $created"
annual_pages=$(pdfinfo "$annual" | awk '/^Pages:/ {print $2}')
annual_bytes=$(stat -c %s "$annual")
same=1
for doc in "transcript --staff 1" "evaluation 1" "handbook" "compliance" "summary --year 2025" "blank-form"; do
  name=${doc// /-}
  # shellcheck disable=SC2086 # the document and its arguments, word by word
  sp print $doc -o "$zoe_w\\$name.pdf" >/dev/null 2>&1 || fail "print $doc failed under Wine"
  # shellcheck disable=SC2086
  lsp print $doc -o "$work/linux-pdf/$name.pdf" >/dev/null 2>&1 || fail "print $doc failed on Linux"
  cmp -s "$zoe/$name.pdf" "$work/linux-pdf/$name.pdf" \
    || fail "print $doc on Windows differs from Linux's: $(cmp "$zoe/$name.pdf" "$work/linux-pdf/$name.pdf" || true)"
  same=$((same + 1))
done
# The recovery key's page names the practice's file as that computer knows
# it (Z:\…, /tmp/…), so it differs by that path: it must name the Windows one.
sp print recovery-key -o "$zoe_w\\recovery key.pdf" >/dev/null
pdftotext "$zoe/recovery key.pdf" - | grep -qF "$db" \
  || fail "the recovery key's page does not name the practice's file as Windows knows it"
# Each build's own demo practice (the same `today`): the same annual batch.
mkdir -p "$work/linux-demo"
"$linux_cli" --db "$work/linux-demo/practice.sqlite3" --key-file "$work/linux-demo/key.txt" demo >/dev/null
"$linux_cli" --db "$work/linux-demo/practice.sqlite3" --key-file "$work/linux-demo/key.txt" \
  print annual --year 2025 -o "$work/linux-demo/annual.pdf" >/dev/null 2>&1
if [ "$(date +%F)" != "$day" ]; then
  echo "windows-test: midnight passed between the two demos, which are made as of today: their annual batches not compared"
elif ! cmp -s "$annual" "$work/linux-demo/annual.pdf"; then
  fail "the Linux build's own demo prints another annual batch than the Windows build's"
fi
echo "windows-test: PDFs: $same documents byte-identical on Windows and Linux (the annual batch $annual_pages pages, $annual_bytes bytes, also from each build's own demo), printed at SOURCE_DATE_EPOCH ($(ms_since "$start") ms)"

# ------------------------------------------------------------ permissions
# On Unix the core creates every file it writes 0600. On Windows it sets
# nothing: a new file takes its folder's access list, and a person's own
# folders are theirs alone. Wine keeps no access lists, so who else could
# read the file on a real Windows is not checkable here. What Wine shows is
# the read-only attribute (as the Unix owner's write bit) and a Unix mode
# from its umask: the PDF must be an ordinary file that is not read-only.
# Not shown either: a read-only PDF given --force. Wine's rename replaces it
# as Linux does; whether a real Windows does is up to std's rename there.
attrs=$(wine cmd /c attrib "$zoe_w\\annual 2025.pdf" 2>/dev/null | tr -d '\r')
case "${attrs:0:12}" in *R*) fail "the PDF written under Wine is read-only: $attrs" ;; esac
[ -f "$annual" ] && [ "$(stat -c %A "$annual" | cut -c3)" = w ] \
  || fail "the PDF written under Wine is not an ordinary file its owner may write"
echo "windows-test: permissions: the PDF under Wine is not read-only (attributes '${attrs:0:12}', Unix mode $(stat -c %a "$annual") from Wine's umask); Linux's is $(stat -c %a "$work/linux-pdf/annual.pdf")"

# ------------------------------------------------------- replacing files
start=$(date +%s%N)
before=$(sha256sum <"$annual")
if sp print annual --year 2025 -o "$zoe_w\\annual 2025.pdf" >"$work/again.txt" 2>&1; then
  fail "print replaced an existing file without --force"
fi
if lsp print annual --year 2025 -o "$work/linux-pdf/annual.pdf" >"$work/again-linux.txt" 2>&1; then
  fail "the Linux build replaced an existing file without --force"
fi
for f in "$work/again.txt" "$work/again-linux.txt"; do
  grep -q 'already exists and was left as it is' "$f" && grep -q 'add --force' "$f" \
    || fail "an existing file was not named as one, with --force to replace it: $(cat "$f")"
done
[ "$(sha256sum <"$annual")" = "$before" ] || fail "the refused print changed the existing PDF"
printf 'an older copy' >"$annual"
sp print annual --year 2025 -o "$zoe_w\\annual 2025.pdf" --force >/dev/null 2>&1 \
  || fail "print --force did not replace an existing PDF"
cmp -s "$annual" "$work/linux-pdf/annual.pdf" || fail "print --force left another file than a whole new PDF"
leftover=$(find "$zoe" -name '*.part')
[ -z "$leftover" ] || fail "a temporary file was left beside the PDF: $leftover"

# The practice's own files, as Windows lets a person spell them: any case,
# forward slashes, `..\`, a hard link. Each refused with --force by every
# kind of writer, and nothing of the practice changes. Linux refuses the
# same files spelled its way with the same words.
backup_name=$(basename "$backup")
ln "$work/practice.sqlite3" "$work/hard link.pdf"
d=$(winpath "$work")
windows_targets=(
  "$d\\PRACTICE.SQLITE3"
  "${d//\\//}/practice.sqlite3"
  "$d\\backups\\..\\practice.sqlite3"
  "$d\\Practice.Sqlite3-WAL"
  "$d\\practice.SQLITE3-journal"
  "$d\\RECOVERY-KEY.TXT"
  "$d\\BACKUPS\\new.pdf"
  "$d\\Backups\\${backup_name^^}"
  "$d\\hard link.pdf"
)
linux_targets=(
  "$work/practice.sqlite3"
  "$work/backups/../practice.sqlite3"
  "$work/practice.sqlite3-wal"
  "$work/practice.sqlite3-journal"
  "$work/recovery-key.txt"
  "$work/backups/new.pdf"
  "$backup"
  "$work/hard link.pdf"
)
protected=("$work/practice.sqlite3" "$work/recovery-key.txt" "$backup")
fingerprint() { sha256sum "${protected[@]}"; }
before=$(fingerprint)
refused=0
for writer in "print handbook" "export staff" "backup"; do
  for target in "${windows_targets[@]}"; do
    # shellcheck disable=SC2086 # the command and its subcommand
    if sp $writer -o "$target" --force >"$work/refused.txt" 2>&1; then
      fail "$writer -o $target --force wrote over the practice's own file under Wine: $(cat "$work/refused.txt")"
    fi
    grep -qF "$target is the practice's own data" "$work/refused.txt" \
      || fail "$writer -o $target was not refused as the practice's own data: $(cat "$work/refused.txt")"
    refused=$((refused + 1))
  done
  for target in "${linux_targets[@]}"; do
    # shellcheck disable=SC2086
    if lsp $writer -o "$target" --force >"$work/refused.txt" 2>&1; then
      fail "$writer -o $target --force wrote over the practice's own file on Linux"
    fi
    grep -qF "$target is the practice's own data" "$work/refused.txt" \
      || fail "Linux: $writer -o $target was not refused as the practice's own data: $(cat "$work/refused.txt")"
  done
done
[ "$(fingerprint)" = "$before" ] || fail "a refused writer changed the practice, its key file or its backup"
sp check | grep -q '^check: ok' || fail "the practice does not check ok after the refused writers"
echo "windows-test: replacing: an existing PDF kept without --force and replaced whole with it; $refused writes onto the practice's own files refused under Wine, as on Linux ($(ms_since "$start") ms)"

# ---------------------------------------------------------------- restore
# A copy of the practice in the folder with the awkward name: its records
# exported, backed up, a person added, the backup restored, the records
# exported again: as before, and the same bytes as Linux doing the same.
start=$(date +%s%N)
mkdir -p "$zoe/new computer" "$work/linux-restore"
printf 'Name,Job role,Hire date\nZoë Winehouse,Receptionist,2024-02-01\n' >"$zoe/new staff.csv"
cp "$work/practice.sqlite3" "$zoe/practice copy.sqlite3"
cp "$work/practice.sqlite3" "$work/linux-restore/practice copy.sqlite3"
restore_round() { # OS RUNNER FOLDER FOLDER_AS_THE_RUNNER_NAMES_IT CSV_AS_THE_RUNNER_NAMES_IT
  local os=$1 run=$2 dir=$3 named=$4 csv=$5 sep=/ taken
  if [ "$os" = windows ]; then sep=\\; fi
  $run export staff -o "$named${sep}before.csv" >/dev/null
  $run backup | tee "$dir/backup.txt"
  taken=$(sed -n 's/^wrote \(.*\) ([0-9]* KB)$/\1/p' "$dir/backup.txt")
  [ -n "$taken" ] || fail "$os: backup did not say where it wrote: $(cat "$dir/backup.txt")"
  $run import staff "$csv" >/dev/null
  $run export staff -o "$named${sep}changed.csv" >/dev/null
  grep -q 'Zoë Winehouse' "$dir/changed.csv" || fail "$os: the imported person is not in the practice"
  $run restore "$taken" | tee "$dir/restore.txt"
  if grep -qF '\\?\' "$dir/restore.txt"; then fail "$os: restore names a verbatim path: $(cat "$dir/restore.txt")"; fi
  grep -q '^the database as it was before is saved in ' "$dir/restore.txt" \
    || fail "$os: restore did not say where the practice as it was is kept"
  $run export staff -o "$named${sep}after.csv" >/dev/null
  cmp -s "$dir/before.csv" "$dir/after.csv" || fail "$os: the restored practice's people differ from the backup's"
  $run check | grep -q '^check: ok' || fail "$os: the restored practice does not check ok"
}
zsp() { win --db "$zoe_w\\practice copy.sqlite3" --key-file "$key" "$@"; }
lrs() { "$linux_cli" --db "$work/linux-restore/practice copy.sqlite3" --key-file "$work/recovery-key.txt" "$@"; }
restore_round windows zsp "$zoe" "$zoe_w" "$zoe_w\\new staff.csv"
restore_round linux lrs "$work/linux-restore" "$work/linux-restore" "$zoe/new staff.csv"
cmp -s "$zoe/after.csv" "$work/linux-restore/after.csv" || fail "the practice restored on Windows exports other bytes than on Linux"
grep -qF "into $zoe_w\\practice copy.sqlite3" "$zoe/restore.txt" || fail "restore did not name the practice as typed: $(cat "$zoe/restore.txt")"
# Onto a new computer: the practice file does not exist yet.
zbackup=$(sed -n 's/^wrote \(.*\) ([0-9]* KB)$/\1/p' "$zoe/backup.txt")
win --db "$zoe_w\\new computer\\practice.sqlite3" --key-file "$key" restore "$zbackup" >/dev/null
win --db "$zoe_w\\new computer\\practice.sqlite3" --key-file "$key" export staff -o "$zoe_w\\new computer\\staff.csv" >/dev/null
cmp -s "$zoe/before.csv" "$zoe/new computer/staff.csv" || fail "the practice restored onto a new computer lacks the backup's people"
echo "windows-test: restore: the records back after a restore under Wine, the same CSV as Linux's ($(grep -c . "$zoe/after.csv") lines), and onto a new computer ($(ms_since "$start") ms)"

# ---------------------------------------------------------------- locking
# SQLite in WAL mode with a 5-second busy timeout on every connection: a
# second writer waits, then is refused; readers never wait for a writer,
# and a writer never waits for a reader's snapshot. The demo's one write
# transaction holds the practice; the annual batch holds a snapshot.
printf 'Name,Job role,Hire date\nZoë Lockhart,Receptionist,2024-03-01\n' >"$work/second staff.csv"
locking() { # OS: windows or linux
  local os=$1 dir="$work/lock-$1" csv="$zoe/new staff.csv" csv2="$work/second staff.csv" during pdf
  local -a cmd
  mkdir -p "$dir"
  if [ "$os" = windows ]; then
    cmd=(wine "$work/bin/standard-practice.exe" --db "$(winpath "$dir/practice.sqlite3")" --key-file "$(winpath "$dir/key.txt")")
    csv=$(winpath "$csv") csv2=$(winpath "$csv2")
    during=$(winpath "$dir/during.csv") pdf=$(winpath "$dir/annual.pdf")
  else
    cmd=("$linux_cli" --db "$dir/practice.sqlite3" --key-file "$dir/key.txt")
    during=$dir/during.csv pdf=$dir/annual.pdf
  fi
  local t0 w0 waited gave_up demo print
  t0=$(date +%s%N)
  timeout 600 "${cmd[@]}" demo --people "$LOCK_PEOPLE" >"$dir/demo.txt" 2>&1 &
  demo=$!
  background="$background $demo"
  # Inside the demo's transaction once its `-wal` grows past what making a
  # new practice writes there (under 1 MB).
  until [ "$(stat -c %s "$dir/practice.sqlite3-wal" 2>/dev/null || echo 0)" -gt 4000000 ]; do
    kill -0 "$demo" 2>/dev/null || fail "$os: the demo ended before it was seen writing: $(cat "$dir/demo.txt")"
    sleep 0.1
  done
  # A reader goes ahead, and sees the practice before the demo: nobody yet.
  timeout 120 "${cmd[@]}" export staff -o "$during" >/dev/null \
    || fail "$os: reading the practice while another process writes failed"
  [ "$(grep -c . "$dir/during.csv")" = 1 ] || fail "$os: a reader saw the demo's people before the demo saved them"
  w0=$(date +%s%N)
  if timeout 120 "${cmd[@]}" import staff "$csv" >"$dir/writer.txt" 2>&1; then
    fail "$os: a second process saved while the demo was writing"
  fi
  waited=$(ms_since "$w0") gave_up=$(ms_since "$t0")
  kill -0 "$demo" 2>/dev/null \
    || fail "$os: the demo finished before the second writer gave up, which proves nothing: raise LOCK_PEOPLE"
  [ "$waited" -ge 4500 ] || fail "$os: the second writer was refused after $waited ms, without waiting"
  grep -q 'database is locked' "$dir/writer.txt" || fail "$os: the second writer's refusal: $(cat "$dir/writer.txt")"
  wait "$demo" || fail "$os: the demo failed: $(cat "$dir/demo.txt")"
  local held
  held=$(ms_since "$t0")
  # The practice free again, the same save goes through.
  timeout 300 "${cmd[@]}" import staff "$csv" >/dev/null || fail "$os: the save was refused after the demo ended"
  # A long print reads its snapshot; a save meanwhile is not kept waiting.
  timeout 600 "${cmd[@]}" print annual --year 2025 -o "$pdf" >"$dir/print.txt" 2>&1 &
  print=$!
  background="$background $print"
  until grep -q '^printing' "$dir/print.txt"; do
    kill -0 "$print" 2>/dev/null || fail "$os: the print ended before it was seen printing: $(cat "$dir/print.txt")"
    sleep 0.1
  done
  timeout 300 "${cmd[@]}" import staff "$csv2" >/dev/null || fail "$os: a save during a print was refused"
  kill -0 "$print" 2>/dev/null \
    || fail "$os: the print finished before the save did, which proves nothing: raise LOCK_PEOPLE"
  wait "$print" || fail "$os: the print failed: $(cat "$dir/print.txt")"
  local printed
  printed=$(pdfinfo "$dir/annual.pdf" | awk '/^Pages:/ {print $2}')
  sed 's/^standard-practice: //' "$dir/writer.txt" >"$work/locked-$os.txt"
  echo "windows-test: locking, $os: a second writer refused after waiting $waited ms ($(cat "$work/locked-$os.txt")) $gave_up ms into the demo of $LOCK_PEOPLE people, which ended at $held ms; a reader not kept waiting; a save went through during a $printed-page print"
  rm -rf "$dir"
}
locking windows
locking linux
cmp -s "$work/locked-windows.txt" "$work/locked-linux.txt" \
  || fail "the second writer is refused in other words on Windows ($(cat "$work/locked-windows.txt")) than on Linux ($(cat "$work/locked-linux.txt"))"

echo "windows-test: passed ($pages pages printed; $(stat -c %s "$work/practice.sqlite3") bytes encrypted)"
