#!/usr/bin/env bash
# Runs one libFuzzer target for a while: bash scripts/fuzz.sh TARGET SECONDS
#   TARGET: csv | config | journal | dates | http | sheet      SECONDS: how long (default 60)
# Builds build-fuzz/ with clang 14, libFuzzer, AddressSanitizer and UBSan (DUBAN_FUZZ=ON), seeds
# a working corpus from tests/fuzz/corpus/TARGET and prints executions per second and the total.
# A crash leaves its input as build-fuzz/crash-*: add it to tests/fuzz/corpus/TARGET and fix.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-}"
seconds="${2:-60}"
case "$target" in
  csv|config|journal|dates|http|sheet) ;;
  -h|--help|"")
    sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
    [ -n "$target" ] && exit 0 || exit 2 ;;
  *) echo "fuzz.sh: unknown target '$target' (csv, config, journal, dates, http, sheet)" >&2; exit 2 ;;
esac
if [ ! -f build-fuzz/build.ninja ]; then
  cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
    -DDUBAN_FUZZ=ON -DDUBAN_BUILD_BENCH=OFF >/dev/null
fi
cmake --build build-fuzz --target "${target}_fuzzer" -j"$(nproc)"
work="build-fuzz/corpus/$target"
mkdir -p "$work"
cp -n tests/fuzz/corpus/"$target"/* "$work"/ 2>/dev/null || true
cd build-fuzz
log="fuzz-$target.log"
# Leaks in yaml-cpp's and Beast's own test of bad input are not duban's: ASan still reports them.
./tests/fuzz/"${target}_fuzzer" "corpus/$target" -max_total_time="$seconds" -print_final_stats=1 \
  -timeout=10 -rss_limit_mb=2048 2>&1 | tee "$log" | grep -E "^#[0-9]+.*(DONE|pulse)|ERROR|SUMMARY" || true
runs=$(grep -Eo "stat::number_of_executed_units: *[0-9]+" "$log" | grep -Eo "[0-9]+$" || echo 0)
rate=$(grep -Eo "stat::average_exec_per_sec: *[0-9]+" "$log" | grep -Eo "[0-9]+$" || echo 0)
echo "fuzz $target: $runs runs in ${seconds} s, $rate exec/s; corpus $(ls "corpus/$target" | wc -l) inputs"
if grep -q "ERROR: libFuzzer\|ERROR: AddressSanitizer\|runtime error" "$log"; then
  echo "fuzz $target: FOUND A CRASH (see build-fuzz/$log and build-fuzz/crash-*)" >&2
  exit 1
fi
