#!/usr/bin/env bash
# scripts/demo.sh --original: the demo with the seed's own dates (2020) loads in an empty folder,
# with its 13 problems, the round 2020-H1 and the previous one (2019-Y) published.
#   bash tests/web/demo_original.sh BUILD/engine/duban SOURCE_DIR
set -euo pipefail
duban=$1 source=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
DUBAN=$duban bash "$source/scripts/demo.sh" --original --config "$source/config/demo/duban.yaml" >demo.log 2>&1 ||
  { cat demo.log; exit 1; }
d() { DUBAN_LANG=en "$duban" "$@" --config "$source/config/demo/duban.yaml" --as office; }
items=$(d item list --json | grep -c '"id"')
[ "$items" = 13 ] || { echo "13 items expected, got $items"; exit 1; }
d round list | grep -q '^2020-H1' || { d round list; exit 1; }
d round ranking 2019-Y --published >/dev/null || { echo "2019-Y's ranking is not published"; exit 1; }
d item show 1 | grep -q "2020-05-15" || { d item show 1; exit 1; }
# Loaded once: a second run leaves the database alone.
DUBAN=$duban bash "$source/scripts/demo.sh" --original --config "$source/config/demo/duban.yaml" | grep -q "not loaded"
echo "demo --original: 13 items, 2020-H1, 2019-Y published"
