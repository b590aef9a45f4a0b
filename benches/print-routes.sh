#!/usr/bin/env bash
# The routes people use today to print a review form, timed on the same
# machine as `cargo bench --bench documents`: headless Chromium's
# --print-to-pdf of an HTML form (what web HR tools do) and LibreOffice's
# --convert-to pdf of a document (what an office manager does), each given the
# same text as our completed form. `make bench` runs it; the README quotes it.
#
#   benches/print-routes.sh STANDARD_PRACTICE_BINARY
set -euo pipefail

bin=${1:?usage: print-routes.sh path/to/standard-practice}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1795435200

"$bin" --db "$work/practice.sqlite3" demo >/dev/null
# Zoë Núñez's finalized review from last year, as our CLI prints it.
id=$("$bin" --db "$work/practice.sqlite3" evaluations list --json | python3 -c '
import json, sys
print(next(e["id"] for e in json.load(sys.stdin) if e["staff"]["name"] == "Zoë Núñez" and e["status"] != "draft"))')
"$bin" --db "$work/practice.sqlite3" print evaluation "$id" -o "$work/ours.pdf" >/dev/null
pdftotext -layout "$work/ours.pdf" "$work/form.txt"

# The same text as an HTML page and as a LibreOffice document.
python3 - "$work" <<'PY'
import html, sys, pathlib
work = pathlib.Path(sys.argv[1])
lines = (work / "form.txt").read_text().splitlines()
body = "\n".join(f"<p>{html.escape(l) or '&nbsp;'}</p>" for l in lines)
(work / "form.html").write_text(f"""<!doctype html><html><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 17mm }} body {{ font: 9.5pt 'DejaVu Sans', sans-serif }} p {{ margin: 0; white-space: pre-wrap }}
</style></head><body>{body}</body></html>""")
paras = "\n".join(f"<text:p>{html.escape(l)}</text:p>" for l in lines)
(work / "form.fodt").write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"
 office:mimetype="application/vnd.oasis.opendocument.text">
<office:body><office:text>{paras}</office:text></office:body></office:document>""")
PY

now() { date +%s.%N; }
runs=5
chromium_once() {
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$work/profile" \
    --no-pdf-header-footer --print-to-pdf="$work/chromium.pdf" "file://$work/form.html" >/dev/null 2>&1
}
libreoffice_once() {
  soffice -env:UserInstallation="file://$work/lo-profile" --headless --convert-to pdf \
    --outdir "$work/lo" "$1" >/dev/null 2>&1
}

chromium_once # first start creates the profile; not counted
start=$(now)
for _ in $(seq $runs); do chromium_once; done
chromium=$(python3 -c "print(($(now) - $start) / $runs)")

if command -v soffice >/dev/null; then
  libreoffice_once "$work/form.fodt"
  start=$(now)
  for _ in $(seq $runs); do libreoffice_once "$work/form.fodt"; done
  lo=$(python3 -c "print(($(now) - $start) / $runs)")
  mkdir -p "$work/hundred"
  for i in $(seq 100); do cp "$work/form.fodt" "$work/hundred/form-$i.fodt"; done
  start=$(now)
  soffice -env:UserInstallation="file://$work/lo-profile" --headless --convert-to pdf \
    --outdir "$work/lo100" "$work"/hundred/*.fodt >/dev/null 2>&1
  lo100=$(python3 -c "print($(now) - $start)")
else
  lo=n/a lo100=n/a
fi

pages() { pdfinfo "$1" | awk '/^Pages:/ { print $2 }'; }
printf 'chromium --print-to-pdf, one form:        %.3f s (%s KB, %s pages)\n' "$chromium" \
  "$(( $(stat -c %s "$work/chromium.pdf") / 1024 ))" "$(pages "$work/chromium.pdf")"
if [ "$lo" != n/a ]; then
  printf 'libreoffice --convert-to pdf, one form:   %.3f s (%s KB, %s pages)\n' "$lo" \
    "$(( $(stat -c %s "$work/lo/form.pdf") / 1024 ))" "$(pages "$work/lo/form.pdf")"
  printf 'libreoffice --convert-to pdf, 100 forms:  %.1f s\n' "$lo100"
else
  echo "libreoffice: not installed (make bench installs libreoffice-writer-nogui)"
fi
printf 'ours (same form):                          %s KB, %s pages\n' \
  "$(( $(stat -c %s "$work/ours.pdf") / 1024 ))" "$(pages "$work/ours.pdf")"
