#!/usr/bin/env bash
# The .deb on a clean system: a minimal Debian 12 root made with debootstrap
# from Debian's package registry, the package installed in it with apt (so
# its declared dependencies are proven complete: nothing else is there), and
# the installed command run inside it as a person would: a demo practice
# made, checked and its annual reviews printed. Then the package is removed
# and the practice and its backups must still be there.
#
# Usage: tests/package/clean-install.sh PACKAGE.deb
# Needs root (debootstrap, chroot). Prints how long each step took.
set -euo pipefail
deb=$(realpath "$1")
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
work=$(mktemp -d /tmp/sp-clean-install.XXXXXX)
root=$work/root
mounted=()
cleanup() {
  for m in "${mounted[@]}"; do umount -l "$m" 2>/dev/null || true; done
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
step() { echo "== clean-install: $* ($(date +%T))"; }
t0=$(date +%s)

step "debootstrap --variant=minbase bookworm"
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 ||
  { tail -20 "$work/debootstrap.log"; exit 1; }
t1=$(date +%s)
for fs in proc dev dev/pts; do
  mount --bind "/$fs" "$root/$fs"
  mounted=("$root/$fs" "${mounted[@]}")
done
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

step "apt-get install ./$(basename "$deb")"
cp "$deb" "$root/tmp/"
in_root apt-get update -qq
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "/tmp/$(basename "$deb")" \
  >"$work/install.log" 2>&1 || { tail -20 "$work/install.log"; exit 1; }
grep -E '^(Need to get|After this operation|[0-9]+ upgraded)' "$work/install.log" || true
t2=$(date +%s)
in_root dpkg -s standard-practice | grep -E '^(Status|Version):'
test -x "$root/usr/bin/standard-practice-app" || { echo "the app is not installed"; exit 1; }

step "the installed command: --version, demo, check, print annual"
in_root standard-practice --version
# A person's home: the practice goes in its data folder, the key in a file.
in_root mkdir -p /home/office
cli() { in_root env HOME=/home/office standard-practice --key-file /home/office/practice-key.txt "$@"; }
cli demo
cli check
year=$(date +%Y)
cli print annual --year "$year" -o /home/office/annual.pdf
pdf=$root/home/office/annual.pdf
pages=$(pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
text=$(pdftotext "$pdf" -)
for name in 'Łukasz Żółć' '王芳' 'Nguyễn Văn Anh'; do
  grep -qF "$name" <<<"$text" || { echo "$name is not in the annual PDF"; exit 1; }
done
echo "annual reviews: $pages pages"
cli backup
data=$root/home/office/.local/share/com.standardpractice.app
ls "$data"/standard-practice.sqlite3 "$data"/backups/ >/dev/null

step "apt-get remove: the practice and its backups stay"
in_root apt-get remove -y -qq standard-practice >/dev/null
test ! -e "$root/usr/bin/standard-practice" || { echo "the command is still installed"; exit 1; }
test -s "$data/standard-practice.sqlite3" || { echo "the practice went with the package"; exit 1; }
backups=$(find "$data/backups" -type f | wc -l)
test "$backups" -ge 1 || { echo "the backups went with the package"; exit 1; }
echo "after removal: the practice and $backups backup(s) are where they were"
t3=$(date +%s)
echo "clean-install: debootstrap $((t1 - t0)) s, install $((t2 - t1)) s, the rest $((t3 - t2)) s"
