#!/bin/sh
# dkbm scaled out: every step of docs/operations.md as one command, in the order that works.
# tests/flows/test_operations.py runs exactly these steps; the systemd units in
# deploy/systemd/ start the long-running ones (server, worker, serve).
#
#   deploy/runbook.sh databases        # 1. PostgreSQL: the databases dkbm and prefect
#   deploy/runbook.sh server           # 2. Prefect server on PostgreSQL (runs in the foreground)
#   deploy/runbook.sh wait-server      #    ... until it answers
#   deploy/runbook.sh init             # 3. dkbm's schema (dkbm init / dkbm db upgrade)
#   deploy/runbook.sh pool             # 4. the process work pool `dkbm`
#   deploy/runbook.sh deploy           # 5. the deployments of deploy/prefect.yaml
#   deploy/runbook.sh worker 1         # 6. a worker (foreground; one per machine or more)
#   deploy/runbook.sh worker 2
#   deploy/runbook.sh stop-worker PID  #    stop a worker without losing a message (ExecStop)
#   deploy/runbook.sh health           #    dkbm health (exit 0 OK, 1 WARNING, 2 CRITICAL)
#   deploy/runbook.sh backup DIR       #    pg_dump of both databases into DIR
#   deploy/runbook.sh restore DUMP DB  #    a dump into the new database DB
#   deploy/runbook.sh upgrade          #    after an update, with the workers stopped
#   deploy/runbook.sh serve            #    one machine instead: dkbm serve
#
# Settings come from the environment and from $DKBM_ENV_FILE (default /etc/dkbm/dkbm.env,
# see deploy/dkbm.env.example). PostgreSQL's own PGHOST, PGPORT, PGUSER (and ~/.pgpass)
# name the server and the role that creates databases, dumps and restores.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
env_file=${DKBM_ENV_FILE:-/etc/dkbm/dkbm.env}
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
# Offline, Prefect's telemetry fails every 10 minutes; the UI must call this server's API.
export PREFECT_SERVER_ANALYTICS_ENABLED=false
export PREFECT_UI_API_URL=${PREFECT_UI_API_URL:-${PREFECT_API_URL:-http://$PREFECT_SERVER_HOST:$PREFECT_SERVER_PORT/api}}
# Old flow runs are deleted by the server itself (`versand` alone makes 1,440 runs a day).
export PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED=${PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED:-events,flow_runs}
export PREFECT_SERVER_SERVICES_DB_VACUUM_RETENTION_PERIOD=${PREFECT_SERVER_SERVICES_DB_VACUUM_RETENTION_PERIOD:-$((${DKBM_RUN_RETENTION_DAYS:-14} * 86400))}

alive() { # any of the pids still running (a zombie waiting for its parent is not)
    for p in "$@"; do
        case "$(ps -o stat= -p "$p" 2>/dev/null)" in "" | Z*) ;; *) return 0 ;; esac
    done
    return 1
}

# DKBM_LOG_FORMAT=json: one JSON object per log line (flows/logformat.py) from the server,
# the workers, their flow runs and dkbm serve.
case "${DKBM_LOG_FORMAT:-}" in
json) export PREFECT_LOGGING_SETTINGS_PATH=${PREFECT_LOGGING_SETTINGS_PATH:-$HERE/../flows/logging-json.yml} ;;
"" | text) ;;
*)
    echo "runbook.sh: DKBM_LOG_FORMAT '$DKBM_LOG_FORMAT' ungültig (json, text)" >&2
    exit 2
    ;;
esac

need() {
    eval "value=\${$1:-}"
    if [ -z "$value" ]; then
        echo "runbook.sh $step: $1 fehlt (in $env_file oder in der Umgebung)" >&2
        exit 2
    fi
}

step=${1:-}
[ $# -gt 0 ] && shift
case "$step" in
databases)
    for db in "$DKBM_DB_NAME" "$PREFECT_DB_NAME"; do
        if [ -z "$(psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
            createdb "$db"
        fi
    done
    ;;
server)
    need PREFECT_API_DATABASE_CONNECTION_URL
    exec "$BIN/prefect" server start --host "$PREFECT_SERVER_HOST" --port "$PREFECT_SERVER_PORT"
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
    need DKBM_DATABASE_URL
    if [ -n "${DKBM_KOMMUNE:-}" ] && ! "$BIN/dkbm" kommune show >/dev/null 2>&1; then
        "$BIN/dkbm" init --kommune "$DKBM_KOMMUNE" --bundesland "${DKBM_BUNDESLAND:-NW}"
    else
        "$BIN/dkbm" db upgrade
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
    exec "$BIN/prefect" worker start --pool "$DKBM_POOL" --type process \
        --name "dkbm-$(hostname)-${1:-1}"
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
    exec "$BIN/dkbm" serve
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
    sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'
    [ -z "$step" ] && exit 0
    echo "runbook.sh: unbekannter Schritt '$step'" >&2
    exit 2
    ;;
esac
