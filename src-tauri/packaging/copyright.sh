#!/usr/bin/env bash
# Writes the package's copyright file (Debian's machine-readable format) on
# standard output: the program under LICENSE, and the fonts built into it
# for the printed documents under their own licences, each quoted whole from
# src/documents/fonts. The Rust crates and JavaScript packages built in are
# listed with their licences in the window's About box.
#
# With --debian, the Apache License is named by its place on every Debian
# system (/usr/share/common-licenses/Apache-2.0), as Debian asks, rather
# than quoted; otherwise (the RPM) it is quoted whole.
set -euo pipefail
debian=${1:-}
root=$(cd "$(dirname "$0")/../.." && pwd)
fonts=$root/src/documents/fonts

# A text as a field's continuation lines: each indented by a space, an empty
# line written " .".
quote() { sed -e 's/[[:space:]]*$//' -e 's/^$/./' -e 's/^/ /'; }

cat <<'HEAD'
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: Standard Practice
Comment: The Rust crates and JavaScript packages built into the program are
 listed with their licences in the app's About box (Help > About).

Files: *
Copyright: 2026 Standard Practice contributors
License: Expat

Files: src/documents/fonts/*
Copyright: 2003 Bitstream, Inc.
           2006-2010 Google Corp.
           2013-2026 Google LLC
Comment: The fonts the printed documents are drawn with, built into both
 binaries: DejaVu Sans (DejaVu changes in the public domain), Noto Sans
 Arabic, Hebrew and Devanagari, Noto Emoji, and Droid Sans Fallback. Each
 notice follows whole.
License: Bitstream-Vera and OFL-1.1 and Apache-2.0

License: Expat
HEAD
tail -n +5 "$root/LICENSE" | quote
printf '\nLicense: Bitstream-Vera\n'
quote <"$fonts/LICENSE-DejaVu.txt"
printf '\nLicense: OFL-1.1\n'
quote <"$fonts/LICENSE-Noto.txt"
printf '\nLicense: Apache-2.0\n'
if [ "$debian" = --debian ]; then
  # The notice, up to the licence's own text.
  sed -n '1,/LICENSE-2.0$/p' "$fonts/LICENSE-DroidSansFallback.txt" | quote
  printf ' .\n On Debian systems, the complete text of the Apache License, Version 2.0,\n is in /usr/share/common-licenses/Apache-2.0.\n'
else
  quote <"$fonts/LICENSE-DroidSansFallback.txt"
fi
