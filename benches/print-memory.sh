#!/usr/bin/env bash
# Peak memory (GNU time's maximum resident set) and wall time of the large
# prints, on generated practices: the annual batch to one file and to a folder
# (one file per person), the service standards handbook and the training
# compliance report. The README quotes its figures.
#
#   benches/print-memory.sh path/to/standard-practice [PEOPLE...]   (default: 5000)
#
# PRINT_BENCH_DIR keeps the generated databases (100,000 people take a while
# to make) and the printed files between runs; without it a temporary folder
# is used and removed.
set -euo pipefail

bin=${1:?usage: print-memory.sh path/to/standard-practice [PEOPLE...]}
shift
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(5000)
if [ -n "${PRINT_BENCH_DIR:-}" ]; then
  work=$PRINT_BENCH_DIR
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
export SOURCE_DATE_EPOCH=1795435200

# measure PEOPLE LABEL OUTPUT ARGS...: runs the CLI under GNU time and prints
# one line: people, what, peak RSS, wall and CPU (user + system) seconds, and
# the size of what was written. On a shared machine CPU time is the steadier
# figure.
measure() {
  local people=$1 label=$2 output=$3
  shift 3
  rm -rf "$output"
  case $output in */) mkdir -p "$output" ;; esac
  /usr/bin/time -f '%M %e %U %S' -o "$work/time" "$bin" --db "$work/practice-$people.sqlite3" "$@" -o "$output" >/dev/null 2>"$work/stderr" || {
    cat "$work/stderr" >&2
    return 1
  }
  local kb wall user sys
  read -r kb wall user sys <"$work/time"
  printf '%8s  %-18s %7d MB  %7.1f s  %7.1f s  %s\n' "$people" "$label" $((kb / 1024)) "$wall" \
    "$(awk "BEGIN { print $user + $sys }")" \
    "$(du -sh "$output" | cut -f1)$([ -d "$output" ] && echo ", $(ls "$output" | wc -l) files")"
}

printf '%8s  %-18s %10s  %9s  %9s  %s\n' people print "peak RSS" wall CPU written
for people in "${sizes[@]}"; do
  db=$work/practice-$people.sqlite3
  if [ ! -e "$db" ]; then
    start=$(date +%s)
    "$bin" --db "$db" demo --people "$people" >/dev/null
    echo "  (made a practice of $people people in $(($(date +%s) - start)) s)" >&2
  fi
  measure "$people" "annual, one file" "$work/annual-$people.pdf" print annual --year 2026
  measure "$people" "annual, folder" "$work/annual-$people/" print annual --year 2026
  measure "$people" "handbook" "$work/handbook-$people.pdf" print handbook
  measure "$people" "compliance" "$work/compliance-$people.pdf" print compliance
done
