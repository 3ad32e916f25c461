#!/usr/bin/env bash
# Builds duban with -Werror in every supported combination of compiler and build type, so that a
# warning only one of them reports (GCC's -Wrestrict at -O3, a GCC-only flag under clang) fails
# here rather than on a user's machine. The main build (GCC, RelWithDebInfo) is scripts/test.sh's.
#   bash scripts/build-matrix.sh            # all five other combinations
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

combos=(
  "gcc Debug" "gcc Release"
  "clang Debug" "clang RelWithDebInfo" "clang Release"
)
for combo in "${combos[@]}"; do
  read -r compiler type <<<"$combo"
  if [ "$compiler" = clang ]; then cc=clang-14 cxx=clang++-14; else cc=gcc cxx=g++; fi
  dir="build-matrix/$compiler-$type"
  echo "duban: 构建 / building $compiler $type ($dir)"
  # clang Debug builds everything, tests and benchmark included; the others the engine and duban.
  targets=(--target duban)
  if [ "$compiler $type" = "clang Debug" ]; then targets=(); fi
  CC=$cc CXX=$cxx cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" -DDUBAN_WERROR=ON \
    >/dev/null
  cmake --build "$dir" -j"$jobs" "${targets[@]}"
done
echo "duban: 全部组合构建通过 / every combination builds"
