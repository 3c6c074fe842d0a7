# shellcheck shell=bash
# Shared by `run` and `smoke`: start a headless server on a free port with its own settings
# file, find its port, stop it, and read one field of the load tool's flat JSON line.
# Sourced, not executed.

BENCH_PID=""
BENCH_PORT=""
BENCH_TMP=""

# bench_start_server ZIGGIE INTERVAL_S [extra ziggie options...]
# Sets BENCH_PID and BENCH_PORT. The server gets a high open-file limit of its own.
bench_start_server() {
    local bin=$1 interval=$2
    shift 2
    BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ziggie-bench.XXXXXX")
    bench_launch "$bin" --headless --port 0 --settings "$BENCH_TMP/settings.ini" --interval "$interval" "$@"
}

# bench_launch COMMAND...: runs a server that prints http://127.0.0.1:PORT/ and waits for that.
bench_launch() {
    [[ -n $BENCH_TMP ]] || BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ziggie-bench.XXXXXX")
    (
        ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
        export XDG_DATA_HOME=$BENCH_TMP/data # its history file, not the user's
        exec "$@" >"$BENCH_TMP/stdout" 2>"$BENCH_TMP/stderr"
    ) &
    BENCH_PID=$!
    trap bench_stop_server EXIT
    local line
    for _ in $(seq 200); do
        line=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$BENCH_TMP/stdout" 2>/dev/null | head -n 1 || true)
        if [[ -n $line ]]; then
            BENCH_PORT=${line#http://127.0.0.1:}
            BENCH_PORT=${BENCH_PORT%/}
            return 0
        fi
        if ! kill -0 "$BENCH_PID" 2>/dev/null; then
            break
        fi
        sleep 0.05
    done
    echo "$1 did not report its port; its output:" >&2
    cat "$BENCH_TMP/stdout" "$BENCH_TMP/stderr" >&2
    bench_stop_server
    return 1
}

# SIGTERM (the server closes its clients with 1001), SIGKILL if it is still there after 5 s.
bench_stop_server() {
    if [[ -n $BENCH_PID ]] && kill -0 "$BENCH_PID" 2>/dev/null; then
        kill -TERM "$BENCH_PID" 2>/dev/null || true
        for _ in $(seq 100); do
            kill -0 "$BENCH_PID" 2>/dev/null || break
            sleep 0.05
        done
        kill -KILL "$BENCH_PID" 2>/dev/null || true
    fi
    if [[ -n $BENCH_PID ]]; then
        wait "$BENCH_PID" 2>/dev/null || true
    fi
    BENCH_PID=""
    if [[ -n $BENCH_TMP ]]; then
        rm -rf "$BENCH_TMP"
    fi
    BENCH_TMP=""
}

# bench_json JSON KEY: the value of a top-level key of a flat JSON object, quotes removed.
bench_json() {
    sed -n "s/.*\"$2\":\(\"[^\"]*\"\|[^,}]*\).*/\1/p" <<<"$1" | tr -d '"'
}
