#!/bin/sh
# Runs one libFuzzer harness the way the test suite does:
#   run-fuzzer.sh BINARY TARGET SECONDS WORKDIR
# 1. every saved regression input (regressions/TARGET) and seed (corpus/TARGET) once;
# 2. fuzzing for SECONDS (capped at 60), new inputs going to WORKDIR/TARGET/corpus, never
#    into the repository. Fails when anything crashes, leaks, hits UB or times out; the input
#    is left in WORKDIR/TARGET/artifacts to be copied into regressions/TARGET once fixed.
set -eu

bin=$1 target=$2 seconds=$3 work=$4
here=$(cd "$(dirname "$0")" && pwd)
[ "$seconds" -le 60 ] || seconds=60
seeds="$here/corpus/$target"
regressions="$here/regressions/$target"
case "$target" in
  request_head) max_len=9000 dict="$here/http.dict" ;;
  jwt) max_len=4200 dict="$here/jwt.dict" ;;
  client_message) max_len=5000 dict="$here/json.dict" ;;
  ws_frame) max_len=9000 dict= ;;
  *) max_len=4096 dict= ;;
esac

if [ ! -x "$bin" ]; then
  echo "FAIL: $bin was not built (run the fuzz_build test first)" >&2
  exit 1
fi

mkdir -p "$work/$target/corpus" "$work/$target/artifacts"
options="-timeout=10 -rss_limit_mb=2048 -max_len=$max_len -artifact_prefix=$work/$target/artifacts/"
if [ -n "$dict" ] && [ -f "$dict" ]; then
  options="$options -dict=$dict"
fi

inputs=
for dir in "$regressions" "$seeds"; do
  [ -d "$dir" ] && inputs="$inputs $dir"
done
echo "== $target: replaying saved inputs:$inputs"
# shellcheck disable=SC2086
if ! "$bin" $options -runs=0 $inputs; then
  echo "FAIL: a saved input crashes fuzz_$target" >&2
  exit 1
fi

echo "== $target: fuzzing for ${seconds}s"
# shellcheck disable=SC2086
if ! "$bin" $options -max_total_time="$seconds" -print_final_stats=1 "$work/$target/corpus" $inputs; then
  echo "FAIL: fuzz_$target found a crash; the input is in $work/$target/artifacts/." >&2
  echo "Fix it, then keep the input as tests/fuzz/regressions/$target/<name>." >&2
  ls -l "$work/$target/artifacts" >&2
  exit 1
fi
echo "== $target: clean"
