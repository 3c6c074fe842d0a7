# shellcheck shell=bash
# Sourced by `run`: the fan-out side by side. ziggie, the two peers (Node `ws`, Python
# `websockets`) and the send floor, each under the same load tool at each size, and ziggie
# again in a second wave on the same server to see memory come back. Figures as ratios to the
# floor of the same size, each issue-17 target marked met or missed.
#
# Needs: node with `npm ci --prefix tests/bench/peers`, Debian's python3-websockets (run with
# /usr/bin/python3, not a virtualenv's). Sizes: ZIGGIE_BENCH_SIZES (default "1000 5000 10000");
# seconds all connected: ZIGGIE_BENCH_COMPARE_DURATION (default 20).

declare -A cmp # "server size" -> the load tool's JSON line

compare_launch() { # compare_launch SERVER: starts it, sets BENCH_PID and BENCH_PORT
    local life=$((compare_duration + 120))
    case $1 in
    ziggie) bench_start_server "$ziggie" 1 ;;
    node) bench_launch node "$here/peers/node-ws-server.mjs" 1 "$life" ;;
    python) bench_launch /usr/bin/python3 "$here/peers/python_ws_server.py" 1 "$life" ;;
    floor) bench_launch "$floor" 1 "$life" ;;
    esac
    sleep 1
}

compare_load() { # compare_load SIZE [DURATION]
    "$load" --port "$BENCH_PORT" --server-pid "$BENCH_PID" --interval 1 --clients "$1" \
            --rate 2000 --duration "${2:-$compare_duration}" --connect-timeout 20
}

scenario_compare() {
    compare_duration=${ZIGGIE_BENCH_COMPARE_DURATION:-20}
    compare_sizes=${ZIGGIE_BENCH_SIZES:-1000 5000 10000}
    [[ -d $here/peers/node_modules/ws ]] || npm ci --prefix "$here/peers" --no-audit --no-fund >&2
    local size server
    for size in $compare_sizes; do
        for server in floor ziggie node python; do
            echo "== compare $server $size" >&2
            compare_launch "$server"
            cmp[$server $size]=$(compare_load "$size" || echo '{}')
            echo "${cmp[$server $size]}" >&2
            if [[ $server == ziggie ]]; then # a second wave, same server
                cmp[ziggie2 $size]=$(compare_load "$size" 5 || echo '{}')
                echo "${cmp[ziggie2 $size]}" >&2
            fi
            bench_stop_server
        done
    done
}

cnum() { bench_json "${cmp[$1 $2]:-}" "$3"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b <= 0) print ""; else printf "%.2f", a / b }'; }

compare_section() {
    echo "<!-- fanout -->"
    echo "## Fan-out against the peers (issue 17)"
    echo
    echo "Written by \`tests/bench/run compare\` on $(date -u '+%Y-%m-%d %H:%M UTC')," \
         "commit $(git -C "$repo" rev-parse --short HEAD 2>/dev/null), $(nproc) CPUs," \
         "1-minute load average $(cut -d' ' -f1 /proc/loadavg) at the end. One load tool, 1 s ticks," \
         "${compare_duration} s with every client connected, servers in turn, sizes: $compare_sizes;" \
         "binaries from \`${build#"$repo"/}\` ($(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt" 2>/dev/null))."
    echo
    echo "| clients | server | CPU µs per message | × floor | skew p99 ms | × floor | RSS KiB per client | delivered (min ticks) | failed |"
    echo "|---|---|---|---|---|---|---|---|---|"
    local size server cpu skew
    for size in $compare_sizes; do
        for server in ziggie node python floor; do
            cpu=$(cnum $server "$size" server_cpu_us_per_msg)
            skew=$(cnum $server "$size" skew_p99_ms)
            echo "| $size | $server | $cpu | $(ratio "$cpu" "$(cnum floor "$size" server_cpu_us_per_msg)") | $skew |" \
                 "$(ratio "$skew" "$(cnum floor "$size" skew_p99_ms)") | $(cnum $server "$size" server_rss_per_client_kib) |" \
                 "$(cnum $server "$size" ticks_delivered_min) | $(cnum $server "$size" connections_failed) |"
        done
    done
    echo
    echo "| clients | target | measured | |"
    echo "|---|---|---|---|"
    local fl better after1 after2 rss
    for size in $compare_sizes; do
        cpu=$(cnum ziggie "$size" server_cpu_us_per_msg)
        fl=$(cnum floor "$size" server_cpu_us_per_msg)
        better=$(awk -v a="$(cnum node "$size" server_cpu_us_per_msg)" -v b="$(cnum python "$size" server_cpu_us_per_msg)" \
                 'BEGIN { if (a == "") print b; else if (b == "" || a < b) print a; else print b }')
        echo "| $size | CPU ≤ 1.15 × floor | $(ratio "$cpu" "$fl") × | $(verdict "$(ratio "$cpu" "$fl")" '<=' 1.15) |"
        echo "| $size | CPU ≥ 25 % below the better peer ($better µs) | $(ratio "$cpu" "$better") × | $(verdict "$(ratio "$cpu" "$better")" '<=' 0.75) |"
        skew=$(ratio "$(cnum ziggie "$size" skew_p99_ms)" "$(cnum floor "$size" skew_p99_ms)")
        echo "| $size | skew p99 ≤ 1.1 × floor | $skew × | $(verdict "$skew" '<=' 1.1) |"
        rss=$(cnum ziggie "$size" server_rss_per_client_kib)
        echo "| $size | RSS ≤ 8 KiB per client | $rss KiB | $(verdict "$rss" '<=' 8) |"
        after1=$(cnum ziggie "$size" server_rss_after_close_kib)
        after2=$(cnum ziggie2 "$size" server_rss_after_close_kib)
        echo "| $size | memory within 2 MiB of the start after two waves | $(cnum ziggie "$size" server_rss_before_kib) KiB before, $after1 after the first wave, $after2 after the second | $(verdict "$after2" '<=' "$(( $(cnum ziggie "$size" server_rss_before_kib || echo 0) + 2048 ))") |"
    done
    echo "| 10,000 | restart storm: all have \`history\` ≤ 3 s, none refused | not measured: the load tool has no reconnect mode yet | **not measured** |"
    echo
    echo '```'
    for size in $compare_sizes; do
        for server in ziggie ziggie2 node python floor; do
            echo "$server $size ${cmp[$server $size]:-}"
        done
    done
    echo '```'
    echo "<!-- /fanout -->"
}

# Puts the section into RESULTS.md in place of the one there, or at its end.
write_compare() {
    local section tmp
    section=$(compare_section)
    tmp=$(mktemp)
    if grep -q '^<!-- fanout -->' "$results" 2>/dev/null; then
        awk -v file=<(printf '%s\n' "$section") '
            /^<!-- fanout -->/ { while ((getline line < file) > 0) print line; skip = 1; next }
            /^<!-- \/fanout -->/ { skip = 0; next }
            !skip' "$results" >"$tmp"
    else
        { cat "$results" 2>/dev/null; echo; printf '%s\n' "$section"; } >"$tmp"
    fi
    mv "$tmp" "$results"
    echo "wrote the fan-out section of $results" >&2
}
