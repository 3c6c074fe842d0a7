#!/bin/bash
# A real Prometheus (Debian's package) on loopback scrapes two ziggie instances: one with a
# public /metrics, one started with --metrics-auth and scraped with a bearer token file,
# using the jobs of packaging/prometheus/ziggie-fleet.yml with the targets replaced.
# Passes when both targets are "up" and ziggie_cpu_usage_percent has a series for each.
#
# usage: prometheus_scrape.sh ZIGGIE_BINARY [EXAMPLE_CONFIG]
set -euo pipefail

ziggie=${1:?usage: prometheus_scrape.sh ZIGGIE_BINARY [EXAMPLE_CONFIG]}
example=${2:-$(dirname "$0")/../../packaging/prometheus/ziggie-fleet.yml}
command -v prometheus >/dev/null || { echo "SKIP: prometheus not installed (apt-get install prometheus)"; exit 77; }

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_ziggie() { # name extra-args... ; prints the port
    local name=$1; shift
    "$ziggie" --headless --port 0 --interval 0.5 --settings "$work/$name.conf" "$@" \
        >"$work/$name.out" 2>"$work/$name.err" &
    pids+=($!)
    for _ in $(seq 50); do
        if grep -qo 'http://127.0.0.1:[0-9]*' "$work/$name.out" 2>/dev/null; then
            grep -o 'http://127.0.0.1:[0-9]*' "$work/$name.out" | head -1 | cut -d: -f3
            return
        fi
        sleep 0.1
    done
    echo "FAIL: $name did not start" >&2; cat "$work/$name.err" >&2; exit 1
}

token=fleet-scrape-$RANDOM$RANDOM
start_ziggie public >"$work/public.port"
start_ziggie protected --token "$token" --metrics-auth >"$work/protected.port"
public=$(cat "$work/public.port")
protected=$(cat "$work/protected.port")
printf '%s' "$token" >"$work/ziggie.token"
chmod 0400 "$work/ziggie.token"

# Without the token the protected /metrics must refuse: the bearer credential is what works.
status=$(python3 - "$protected" <<'PY'
import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/metrics", timeout=5); print(200)
except urllib.error.HTTPError as e:
    print(e.code)
PY
)
[ "$status" = 401 ] || { echo "FAIL: protected /metrics answered $status without a token"; exit 1; }

# The example's two jobs, pointed at the two local instances and scraped every second.
python3 - "$example" "$work/prometheus.yml" "$public" "$protected" "$work/ziggie.token" <<'PY'
import re, sys
example, out, public, protected, token = sys.argv[1:]
text = open(example).read()
text = re.sub(r"scrape_interval: \S+", "scrape_interval: 1s", text, count=1)
text = re.sub(r"scrape_timeout: \S+", "scrape_timeout: 1s", text, count=1)
text = text.replace("/etc/prometheus/ziggie.token", token)
jobs = text.split("  - job_name: ")
def only(job, target):
    head, sep, _ = job.partition("    static_configs:")
    return head + sep + f"\n      - targets: ['127.0.0.1:{target}']\n"
kept = [jobs[0]]
for job in jobs[1:]:
    if job.startswith("ziggie\n"):
        kept.append(only(job, public))
    elif job.startswith("ziggie-protected\n"):
        kept.append(only(job, protected))
open(out, "w").write("  - job_name: ".join(kept))
PY

prom_port=$(free_port)
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
    --web.listen-address="127.0.0.1:$prom_port" >"$work/prometheus.log" 2>&1 &
pids+=($!)

show_logs() { echo "--- prometheus.yml"; cat "$work/prometheus.yml"; echo "--- log"; tail -20 "$work/prometheus.log"; }
python3 - "$prom_port" <<'PY' || { show_logs; exit 1; }
import json, sys, time, urllib.parse, urllib.request
base = f"http://127.0.0.1:{sys.argv[1]}"
def get(path):
    return json.load(urllib.request.urlopen(base + path, timeout=5))
deadline = time.time() + 30
last = None
while time.time() < deadline:
    try:
        targets = get("/api/v1/targets")["data"]["activeTargets"]
        health = {t["labels"]["job"]: t["health"] for t in targets}
        q = urllib.parse.quote("ziggie_cpu_usage_percent")
        series = get(f"/api/v1/query?query={q}")["data"]["result"]
        last = (health, [s["metric"]["instance"] for s in series])
        if health == {"ziggie": "up", "ziggie-protected": "up"} and len(series) == 2:
            print(f"ok: both targets up, ziggie_cpu_usage_percent for {sorted(last[1])}")
            sys.exit(0)
    except OSError as e:
        last = repr(e)
    time.sleep(0.5)
print(f"FAIL: after 30 s: {last}")
sys.exit(1)
PY
