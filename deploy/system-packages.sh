#!/bin/sh
# The system packages dkbm needs (Debian names), by purpose:
#
#   deploy/system-packages.sh run    # make install: Python's venv, Pango for the Protokoll as PDF
#   deploy/system-packages.sh test   # make test: Debian's Chromium and npm (axe-core) for the
#                                    # portal's browser tests
#
# What is there is checked by what is used (a library, a command, a font file), so a system
# that has it some other way passes. What is missing is installed with apt-get when run as
# root (CI, a container); anyone else is told the command and the exit code is 1: make
# never asks for root.
set -eu

PATH=$PATH:/usr/sbin:/sbin # ldconfig, for users whose PATH has no sbin
PYTHON=${PYTHON:-python3}
missing=""
lacks() { missing="$missing $1"; }
library() { ldconfig -p 2>/dev/null | grep -q "$1"; }

purpose=${1:-}
case "$purpose" in
run)
    "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null || lacks python3-venv
    library 'libpango-1\.0\.so' || lacks libpango-1.0-0
    library 'libpangoft2-1\.0\.so' || lacks libpangoft2-1.0-0
    [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || lacks fonts-dejavu-core
    ;;
test)
    # the tests drive /usr/bin/chromium itself (never a browser of `playwright install`)
    [ -x /usr/bin/chromium ] || lacks chromium
    command -v npm >/dev/null || lacks npm
    ;;
*)
    echo "deploy/system-packages.sh run|test" >&2
    exit 2
    ;;
esac

[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    # shellcheck disable=SC2086
    apt-get update -q && apt-get install -y -q $missing
    exit 0
fi
echo "dkbm braucht Systempakete / needs system packages:$missing" >&2
echo "    sudo apt-get install$missing" >&2
exit 1
