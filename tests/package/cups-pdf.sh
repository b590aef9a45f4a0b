#!/usr/bin/env bash
# Runs a command with a printer to print to: a CUPS scheduler of its own (its
# configuration, spool and socket in a temporary folder, so the computer's
# own CUPS and its printers are never touched) with one CUPS-PDF queue as its
# default, whose printed documents land in a folder of this run's.
#
#   tests/package/cups-pdf.sh COMMAND [ARGS...]     (as root: CUPS-PDF needs it)
#
# The command sees CUPS_SERVER (so `lp` and `lpstat`, the app's included,
# talk to this scheduler), E2E_PRINTER (the queue's name) and E2E_PRINTED_DIR
# (where CUPS-PDF writes what was printed). CUPS-PDF reads its settings only
# from /etc/cups/cups-pdf-QUEUE.conf: that one file is written for the run
# and removed afterwards.
set -euo pipefail

[ "$(id -u)" = 0 ] || { echo "cups-pdf.sh: run as root (CUPS-PDF's backend must)" >&2; exit 1; }
for tool in cupsd lpadmin lp /usr/lib/cups/backend/cups-pdf; do
  command -v "$tool" >/dev/null || { echo "cups-pdf.sh: $tool is missing (cups, cups-bsd, printer-driver-cups-pdf)" >&2; exit 1; }
done

queue=StandardPracticeTest$$
work=$(mktemp -d "${TMPDIR:-/tmp}/sp-cups-XXXXXX")
conf=/etc/cups/cups-pdf-$queue.conf
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -f "$conf"
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work"/{conf,spool,cache,state,log,out}
mkdir -m 1777 "$work/tmp"
chmod 755 "$work" "$work"/{conf,spool,cache,state,log}
cat >"$work/conf/cupsd.conf" <<EOF
Listen $work/cups.sock
LogLevel warn
WebInterface No
Browsing No
JobPrivateAccess all
JobPrivateValues none
SubscriptionPrivateAccess all
SubscriptionPrivateValues none
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order allow,deny
    Allow all
  </Limit>
</Policy>
EOF
cat >"$work/conf/cups-files.conf" <<EOF
ServerRoot $work/conf
RequestRoot $work/spool
CacheDir $work/cache
StateDir $work/state
TempDir $work/tmp
ErrorLog $work/log/error_log
AccessLog $work/log/access_log
PageLog $work/log/page_log
ServerBin /usr/lib/cups
DataDir /usr/share/cups
FileDevice No
User lp
Group lp
SystemGroup root
EOF
cat >"$conf" <<EOF
Out $work/out
AnonDirName $work/out
Label 0
EOF

cupsd -f -c "$work/conf/cupsd.conf" -s "$work/conf/cups-files.conf" &
pid=$!
export CUPS_SERVER=$work/cups.sock
for _ in $(seq 50); do lpstat -r >/dev/null 2>&1 && break; sleep 0.1; done
lpstat -r >/dev/null 2>&1 || { echo "cups-pdf.sh: the scheduler did not start: $(cat "$work/log/error_log" 2>/dev/null)" >&2; exit 1; }
# The device URI names the queue, which picks CUPS-PDF's settings file.
lpadmin -p "$queue" -E -v "cups-pdf:/$queue" -P /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd 2>/dev/null
lpadmin -d "$queue"

export E2E_PRINTER=$queue E2E_PRINTED_DIR=$work/out
status=0
"$@" || status=$?
exit "$status"
