#!/usr/bin/env bash
# The window comes back as it was left, as a person leaves it: the app runs
# under a window manager (openbox) in Xvfb, the window is moved and resized
# and then closed the way a window manager closes it (wmctrl -c, which the
# app receives as a close request), and started again, it opens at the same
# size and place. WebDriver cannot do this: it ends the app without a close
# request, so nothing is saved.
#
# Usage (in an X display, e.g. under xvfb-run): window-state.sh APP_BINARY
set -euo pipefail
app=$1
work=$(mktemp -d /tmp/sp-window-state.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_CACHE_HOME=$work/cache
export STANDARD_PRACTICE_DB=$work/practice.sqlite3 STANDARD_PRACTICE_KEY_FILE=$work/key.txt
unset DBUS_SESSION_BUS_ADDRESS
openbox >/dev/null 2>&1 &
pids+=($!)
sleep 1

# The window's geometry as the window manager reports it, once it is there.
geometry() {
  for _ in $(seq 100); do
    line=$(wmctrl -lG | grep 'Standard Practice' || true)
    [ -n "$line" ] && { awk '{print $3, $4, $5, $6}' <<<"$line"; return; }
    sleep 0.2
  done
  echo "the window did not appear" >&2
  exit 1
}

"$app" >/dev/null 2>&1 &
app_pid=$!
pids+=("$app_pid")
first=$(geometry)
wmctrl -r 'Standard Practice' -e 0,70,50,1000,700
sleep 1
moved=$(geometry)
[ "$moved" != "$first" ] || { echo "the window did not move ($first)"; exit 1; }
wmctrl -c 'Standard Practice'
for _ in $(seq 50); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.2; done
if kill -0 "$app_pid" 2>/dev/null; then echo "the app did not close on the window manager's request"; exit 1; fi

"$app" >/dev/null 2>&1 &
pids+=($!)
sleep 1
again=$(geometry)
echo "window-state: first $first, left at $moved, opened again at $again"
[ "$again" = "$moved" ] || { echo "the window did not come back as it was left"; exit 1; }
