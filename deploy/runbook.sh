#!/bin/sh
# dkbm scaled out: every step of docs/operations.md as one command, in the order that works.
# tests/flows/test_operations.py and tests/flows/test_first_install.py run exactly these
# steps; the systemd units in deploy/systemd/ start the long-running ones (server, worker,
# serve).
#
# First install on a bare host, as root (docs/operations.md, "First install"):
#   deploy/runbook.sh user             # 0. the service user dkbm (system account, no login)
#   deploy/runbook.sh folders          #    /etc/dkbm 0750, /var/lib/dkbm and /var/backups/dkbm 0700
#   deploy/runbook.sh env-file         #    /etc/dkbm/dkbm.env 0640 from the example, with a new
#                                      #    DKBM_LINK_SECRET; then fill it in
#   deploy/runbook.sh units [UNIT…]    #    the systemd units installed, the named ones enabled
#                                      #    (default: prefect-server dkbm-worker@1 dkbm-worker@2)
# Then, as the service user (sudo -u dkbm):
#   deploy/runbook.sh databases        # 1. PostgreSQL: the databases dkbm and prefect
#   deploy/runbook.sh server           # 2. Prefect server on PostgreSQL (runs in the foreground)
#   deploy/runbook.sh wait-server      #    ... until it answers
#   deploy/runbook.sh init             # 3. dkbm's schema and the Kommune with its contact
#   deploy/runbook.sh pool             # 4. the process work pool `dkbm`
#   deploy/runbook.sh deploy           # 5. the deployments of deploy/prefect.yaml
#   deploy/runbook.sh worker 1         # 6. a worker (foreground; one per machine or more)
#   deploy/runbook.sh worker 2
#   deploy/runbook.sh stop-worker PID  #    stop a worker without losing a message (ExecStop)
#   deploy/runbook.sh health           #    dkbm health (exit 0 OK, 1 WARNING, 2 CRITICAL)
#   deploy/runbook.sh dkbm ARG…        #    any dkbm command with the service's settings
#   deploy/runbook.sh backup DIR       #    pg_dump of both databases into DIR
#   deploy/runbook.sh restore DUMP DB  #    a dump into the new database DB
#   deploy/runbook.sh upgrade          #    after an update, with the workers stopped
#   deploy/runbook.sh serve            #    one machine instead: dkbm serve
#
# Settings come from the environment and from $DKBM_ENV_FILE (default /etc/dkbm/dkbm.env,
# see deploy/dkbm.env.example). PostgreSQL's own PGHOST, PGPORT, PGUSER (and ~/.pgpass)
# name the server and the role that creates databases, dumps and restores. The first
# install's places: DKBM_SERVICE_USER (dkbm), DKBM_ETC_DIR (/etc/dkbm), DKBM_STATE_DIR
# (/var/lib/dkbm), DKBM_BACKUP_DIR (/var/backups/dkbm), DKBM_SYSTEMD_ROOT (unset: this
# system; a folder: units installed and enabled below it, as `systemctl --root` does).
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
env_file=${DKBM_ENV_FILE:-${DKBM_ETC_DIR:-/etc/dkbm}/dkbm.env}
if [ -r "$env_file" ]; then
    given=$(export -p) # what the caller set wins over the file
    set -a
    # shellcheck disable=SC1090
    . "$env_file"
    set +a
    eval "$given"
fi

BIN=${DKBM_BIN:-$HERE/../.venv/bin}
DKBM_DB_NAME=${DKBM_DB_NAME:-dkbm}
PREFECT_DB_NAME=${PREFECT_DB_NAME:-prefect}
DKBM_POOL=${DKBM_POOL:-dkbm}
PREFECT_SERVER_HOST=${PREFECT_SERVER_HOST:-127.0.0.1}
PREFECT_SERVER_PORT=${PREFECT_SERVER_PORT:-4200}
DKBM_SERVICE_USER=${DKBM_SERVICE_USER:-dkbm}
DKBM_ETC_DIR=${DKBM_ETC_DIR:-$(dirname "$env_file")}
DKBM_STATE_DIR=${DKBM_STATE_DIR:-/var/lib/dkbm}
DKBM_BACKUP_DIR=${DKBM_BACKUP_DIR:-/var/backups/dkbm}
# Offline, Prefect's telemetry fails every 10 minutes; the UI must call this server's API.
export PREFECT_SERVER_ANALYTICS_ENABLED=false
export PREFECT_UI_API_URL=${PREFECT_UI_API_URL:-${PREFECT_API_URL:-http://$PREFECT_SERVER_HOST:$PREFECT_SERVER_PORT/api}}
# Old flow runs are deleted by the server itself (`versand` alone makes 1,440 runs a day).
export PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED=${PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED:-events,flow_runs}
export PREFECT_SERVER_SERVICES_DB_VACUUM_RETENTION_PERIOD=${PREFECT_SERVER_SERVICES_DB_VACUUM_RETENTION_PERIOD:-$((${DKBM_RUN_RETENTION_DAYS:-14} * 86400))}
# Flow runs send a heartbeat every 30 s (Prefect's shortest; its default 180 s): abgleich marks
# a run whose process was killed Crashed within 2 minutes (flows/reconcile.py).
[ -n "${PREFECT_RUNNER_HEARTBEAT_FREQUENCY:-}" ] ||
    export PREFECT_FLOWS_HEARTBEAT_FREQUENCY=${PREFECT_FLOWS_HEARTBEAT_FREQUENCY:-30}

alive() { # any of the pids still running (a zombie waiting for its parent is not)
    for p in "$@"; do
        case "$(ps -o stat= -p "$p" 2>/dev/null)" in "" | Z*) ;; *) return 0 ;; esac
    done
    return 1
}

# DKBM_LOG_FORMAT=json: every line the server, the workers, their flow runs and dkbm serve
# write is one JSON object: Prefect's logging through flows/logging-json.yml, and everything
# else (the command line's own lines, uvicorn, warnings) through flows/logpipe.py.
case "${DKBM_LOG_FORMAT:-}" in
json) export PREFECT_LOGGING_SETTINGS_PATH=${PREFECT_LOGGING_SETTINGS_PATH:-$HERE/../flows/logging-json.yml} ;;
"" | text) ;;
*)
    echo "runbook.sh: DKBM_LOG_FORMAT '$DKBM_LOG_FORMAT' ungültig (json, text)" >&2
    exit 2
    ;;
esac

# A long-running program of the venv in place of this shell (systemd's MAINPID stays its).
run() {
    program=$1
    shift
    if [ "${DKBM_LOG_FORMAT:-}" = json ]; then
        exec "$BIN/python" -m dkbm.flows.logpipe "$program" "$@"
    fi
    exec "$BIN/$program" "$@"
}

need() {
    eval "value=\${$1:-}"
    if [ -z "$value" ]; then
        echo "runbook.sh $step: $1 fehlt (in $env_file oder in der Umgebung)" >&2
        exit 2
    fi
}

# An address at a domain reserved for examples (RFC 2606), or dkbm's own placeholder: mail
# to it reaches nobody.
example_address() {
    case $(printf '%s' "$1" | tr '[:upper:]' '[:lower:]') in
    "" | *[@.]example.org | *[@.]example.com | *[@.]example.net | *[@.]example | *.invalid) return 0 ;;
    esac
    return 1
}

# The first install's steps change the system: as root, or (a test, a trial) for oneself.
as_installer() {
    if [ "$(id -u)" != 0 ] && [ "$DKBM_SERVICE_USER" != "$(id -un)" ]; then
        echo "runbook.sh $step: als root ausführen (oder mit DKBM_SERVICE_USER=$(id -un) für sich selbst)" >&2
        exit 2
    fi
    group=$(id -gn "$DKBM_SERVICE_USER" 2>/dev/null) || {
        echo "runbook.sh $step: Benutzer $DKBM_SERVICE_USER fehlt ('runbook.sh user')" >&2
        exit 2
    }
}

# A folder or file of the installation: mode, and owner where root may give it away.
own() {
    mode=$1 owner=$2
    shift 2
    chmod "$mode" "$@"
    if [ "$(id -u)" = 0 ]; then chown "$owner" "$@"; fi
}

step=${1:-}
[ $# -gt 0 ] && shift
case "$step" in
user)
    if id -u "$DKBM_SERVICE_USER" >/dev/null 2>&1; then
        echo "Benutzer $DKBM_SERVICE_USER gibt es schon"
    else
        useradd --system --user-group --home-dir "$DKBM_STATE_DIR" --no-create-home \
            --shell /usr/sbin/nologin --comment "dkbm service" "$DKBM_SERVICE_USER"
    fi
    ;;
folders)
    # settings (secrets) readable by the service, written by root; data and backups (personal
    # data) the service's alone
    as_installer
    mkdir -p "$DKBM_ETC_DIR" "$DKBM_STATE_DIR" "$DKBM_BACKUP_DIR"
    own 0750 "root:$group" "$DKBM_ETC_DIR"
    own 0700 "$DKBM_SERVICE_USER:$group" "$DKBM_STATE_DIR" "$DKBM_BACKUP_DIR"
    ls -ld "$DKBM_ETC_DIR" "$DKBM_STATE_DIR" "$DKBM_BACKUP_DIR"
    ;;
env-file)
    # never overwritten: it holds the link secret every personal link is derived from
    as_installer
    if [ -e "$env_file" ]; then
        echo "$env_file gibt es schon; unverändert"
        exit 0
    fi
    secret=$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(48))')
    (
        umask 077
        sed -e "s|^DKBM_LINK_SECRET=.*|DKBM_LINK_SECRET='$secret'|" \
            -e "s|/var/lib/dkbm|$DKBM_STATE_DIR|g" "$HERE/dkbm.env.example" >"$env_file.new"
    )
    own 0640 "root:$group" "$env_file.new"
    mv "$env_file.new" "$env_file"
    echo "$env_file angelegt: Datenbank, Mail, Kontakt der Koordination (DKBM_KONTAKT, DKBM_KONTAKT_EMAIL) und Adressen eintragen"
    ;;
units)
    # The units of deploy/systemd/ with this installation's places, the named ones enabled
    # (started later, once the env file is filled in and `init` ran).
    as_installer
    opt=$(cd "$HERE/.." && pwd)
    root=${DKBM_SYSTEMD_ROOT:-}
    mkdir -p "$root/etc/systemd/system"
    for unit in "$HERE"/systemd/*.service; do
        target="$root/etc/systemd/system/$(basename "$unit")"
        sed -e "s|/opt/dkbm|$opt|g" -e "s|/etc/dkbm/dkbm.env|$env_file|g" \
            -e "s|/var/lib/dkbm|$DKBM_STATE_DIR|g" \
            -e "s|^User=dkbm\$|User=$DKBM_SERVICE_USER|" -e "s|^Group=dkbm\$|Group=$group|" \
            "$unit" >"$target"
        chmod 0644 "$target"
    done
    [ $# -gt 0 ] || set -- prefect-server.service dkbm-worker@1.service dkbm-worker@2.service
    if [ -n "$root" ]; then
        systemctl --root="$root" enable "$@"
    else
        systemctl daemon-reload
        systemctl enable "$@"
    fi
    ;;
databases)
    for db in "$DKBM_DB_NAME" "$PREFECT_DB_NAME"; do
        if [ -z "$(psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
            createdb "$db"
        fi
    done
    ;;
server)
    need PREFECT_API_DATABASE_CONNECTION_URL
    run prefect server start --host "$PREFECT_SERVER_HOST" --port "$PREFECT_SERVER_PORT"
    ;;
wait-server)
    need PREFECT_API_URL
    tries=${1:-120}
    until "$BIN/python" -c "import sys, urllib.request as u; sys.exit(u.urlopen(sys.argv[1] + '/health', timeout=2).status != 200)" "$PREFECT_API_URL" 2>/dev/null; do
        tries=$((tries - 1))
        if [ "$tries" -le 0 ]; then
            echo "runbook.sh wait-server: Prefect-Server $PREFECT_API_URL antwortet nicht" >&2
            exit 1
        fi
        sleep 1
    done
    ;;
init)
    # The Kommune's contact signs off and receives every escalation: an example address
    # would send them nowhere, so it is refused before anything is written.
    need DKBM_DATABASE_URL
    # DKBM_KOMMUNE chooses a Kommune by its AGS since several may share a database; an
    # environment file of an earlier version has the Kommune's name there
    case "${DKBM_KOMMUNE:-}" in
    '' | [0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]) ;;
    *)
        DKBM_KOMMUNE_NAME="${DKBM_KOMMUNE_NAME:-$DKBM_KOMMUNE}"
        unset DKBM_KOMMUNE
        echo "runbook.sh init: DKBM_KOMMUNE hält den Namen der Kommune; er gehört in DKBM_KOMMUNE_NAME (DKBM_KOMMUNE wählt eine Kommune nach ihrem AGS); in $env_file bitte umbenennen" >&2
        ;;
    esac
    if [ -n "${DKBM_KOMMUNE_NAME:-}" ] && ! "$BIN/dkbm" kommune show >/dev/null 2>&1; then
        need DKBM_KONTAKT
        need DKBM_KONTAKT_EMAIL
        if example_address "$DKBM_KONTAKT_EMAIL"; then
            echo "runbook.sh init: DKBM_KONTAKT_EMAIL ist noch die Beispieladresse '$DKBM_KONTAKT_EMAIL' (in $env_file): Eskalationen gingen ins Leere; die Adresse der Koordination eintragen; nichts eingerichtet" >&2
            exit 2
        fi
        "$BIN/dkbm" init --kommune "$DKBM_KOMMUNE_NAME" ${DKBM_AGS:+--ags "$DKBM_AGS"} \
            --bundesland "${DKBM_BUNDESLAND:-}" \
            --form "${DKBM_FORM:-bildungsbuero}" --verortung "${DKBM_VERORTUNG:-stabsstelle}" \
            --kontakt "$DKBM_KONTAKT" --kontakt-email "$DKBM_KONTAKT_EMAIL"
    else
        "$BIN/dkbm" db upgrade
        recorded=$("$BIN/dkbm" kommune show --json 2>/dev/null |
            "$BIN/python" -c 'import json, sys; print(json.load(sys.stdin)["kontakt_email"])' 2>/dev/null) || recorded=""
        if [ -n "$recorded" ] && example_address "$recorded"; then
            echo "runbook.sh init: die Kommune hat als Kontakt noch die Beispieladresse '$recorded': Eskalationen gehen ins Leere; 'runbook.sh dkbm kommune aendern --kontakt … --kontakt-email …'" >&2
            exit 2
        fi
    fi
    ;;
pool)
    need PREFECT_API_URL
    "$BIN/prefect" work-pool inspect "$DKBM_POOL" >/dev/null 2>&1 ||
        "$BIN/prefect" work-pool create "$DKBM_POOL" --type process
    ;;
deploy)
    need PREFECT_API_URL
    cd "$HERE/.."
    "$BIN/prefect" --no-prompt deploy --all --prefect-file deploy/prefect.yaml
    ;;
worker)
    need PREFECT_API_URL
    need DKBM_DATABASE_URL
    need DKBM_LINK_SECRET # a personal link made on one machine must open on every other
    run prefect worker start --pool "$DKBM_POOL" --type process --name "dkbm-$(hostname)-${1:-1}"
    ;;
stop-worker)
    # A worker's flow runs live in sessions of their own: a SIGTERM to the worker alone never
    # reaches them, and once the worker is gone they die unreported (Running until abgleich
    # marks them Crashed). So: SIGTERM to the runs first (a versand run finishes the message
    # in hand and hands the rest back), wait for them, then stop the worker. systemd's
    # ExecStop of dkbm-worker@.service runs this.
    pid=${1:?runbook.sh stop-worker PID}
    grace=${DKBM_STOP_SECONDS:-60}
    runs=$(pgrep -P "$pid" || true)
    [ -n "$runs" ] && kill -TERM $runs 2>/dev/null || true
    for target in "$runs" "$pid"; do
        [ -z "$target" ] && continue
        [ "$target" = "$pid" ] && kill -TERM "$pid" 2>/dev/null || true
        waited=0
        # shellcheck disable=SC2086
        while alive $target && [ "$waited" -lt "$grace" ]; do
            sleep 1
            waited=$((waited + 1))
        done
    done
    # shellcheck disable=SC2086
    if alive $runs $pid; then
        # still there after the grace period: killed, and the stop reported as failed
        # shellcheck disable=SC2086
        kill -KILL $runs "$pid" 2>/dev/null || true
        echo "runbook.sh stop-worker: Worker $pid (oder seine Läufe) nach ${grace} s noch aktiv: mit SIGKILL beendet" >&2
        exit 1
    fi
    ;;
serve)
    need DKBM_DATABASE_URL
    run dkbm serve
    ;;
dkbm)
    # an operator's command with the service's settings: sudo -u dkbm runbook.sh dkbm …
    exec "$BIN/dkbm" "$@"
    ;;
health)
    exec "$BIN/dkbm" health "$@"
    ;;
backup)
    # The dumps hold personal data: readable by the service user alone, whatever the
    # caller's umask; a folder made here is its alone too.
    dir=${1:?runbook.sh backup DIR}
    stamp=$(date -u +%Y%m%dT%H%M%SZ)
    (
        umask 077
        mkdir -p "$dir"
        pg_dump -Fc -d "$DKBM_DB_NAME" -f "$dir/dkbm-$stamp.dump"
        pg_dump -Fc -d "$PREFECT_DB_NAME" -f "$dir/prefect-$stamp.dump"
    )
    echo "$dir/dkbm-$stamp.dump $dir/prefect-$stamp.dump"
    ;;
restore)
    # A dkbm dump of a schema revision this version knows (upgraded afterwards with
    # `runbook.sh upgrade`), or a Prefect dump; anything else is refused before a database
    # is created.
    dump=${1:?runbook.sh restore DUMP DATABASE}
    target=${2:?runbook.sh restore DUMP DATABASE}
    if ! contents=$(pg_restore -l "$dump" 2>/dev/null); then
        echo "runbook.sh restore: $dump ist keine Sicherung von pg_dump -Fc; nichts wiederhergestellt" >&2
        exit 2
    fi
    if printf '%s\n' "$contents" | grep -q ' TABLE public cycle '; then
        revision=$(pg_restore -a -t alembic_version -f - "$dump" |
            sed -n '/^COPY public.alembic_version/{n;p;q;}')
        if ! "$BIN/python" -c 'import sys; from dkbm.health import known_revisions
sys.exit(sys.argv[1] not in known_revisions())' "$revision"; then
            head=$("$BIN/python" -c 'from dkbm.health import head_revision; print(head_revision())')
            echo "runbook.sh restore: $dump hat den Schemastand '$revision', den diese dkbm-Version nicht kennt (ihr neuester: $head); zuerst die dkbm-Version der Sicherung installieren; nichts wiederhergestellt" >&2
            exit 2
        fi
    elif ! printf '%s\n' "$contents" | grep -q ' TABLE public flow_run '; then
        echo "runbook.sh restore: $dump ist weder eine dkbm- noch eine Prefect-Sicherung; nichts wiederhergestellt" >&2
        exit 2
    fi
    createdb "$target"
    pg_restore --no-owner -d "$target" "$dump"
    ;;
upgrade)
    need DKBM_DATABASE_URL
    "$BIN/dkbm" db upgrade
    if [ -n "${PREFECT_API_URL:-}" ]; then
        "$0" deploy
    fi
    ;;
*)
    sed -n '2,/^set -eu$/p' "$0" | sed -e '/^set -eu$/d' -e 's/^# \{0,1\}//'
    [ -z "$step" ] && exit 0
    echo "runbook.sh: unbekannter Schritt '$step'" >&2
    exit 2
    ;;
esac
