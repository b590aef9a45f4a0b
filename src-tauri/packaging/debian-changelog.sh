#!/usr/bin/env bash
# Writes the package's changelog in Debian's format on standard output: an
# entry for each release CHANGELOG.md records ("## v0.1.0 — commit e59d870",
# dated by that commit) and for this version ("## Unreleased", dated by the
# newest commit), each pointing to CHANGELOG.md.gz beside it, which says what
# changed. Usage: debian-changelog.sh VERSION MAINTAINER
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
version=$1
maintainer=$2

# A commit's date in the changelog's form; today's when there is no history.
dated() { git -C "$root" log -1 --format=%aD "$1" 2>/dev/null || date -R; }

entry() {
  printf 'standard-practice (%s) stable; urgency=medium\n\n' "$1"
  printf '  * %s\n\n' "$2"
  printf ' -- %s  %s\n\n' "$maintainer" "$3"
}

while IFS= read -r line; do
  case $line in
    '## Unreleased'*)
      entry "$version" "This version: what changed is in CHANGELOG.md.gz." "$(dated HEAD)" ;;
    '## v'*)
      release=${line#'## v'}
      release=${release%% *}
      commit=${line##* }
      entry "$release" "Built from commit $commit: what changed is in CHANGELOG.md.gz." "$(dated "$commit")" ;;
  esac
done <"$root/CHANGELOG.md"
