#!/usr/bin/env bash
# The demo's whole `hint run` (issue 16: under 60 s on two cores): `hint demo` writes the demo folder
# (shipped weights), then `hint run` computes every step of its project (25 concepts x 3 ShapesNet
# layers, localization included) into an empty cache. Prints the wall and CPU seconds of the run and
# where the time goes (the run's per-step seconds; extract's "passes": image sets extracted, each for
# all three layers at once). HINT=path/to/hint compares another build.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${HINT_BUILD_DIR:-$here/build}
hint=${HINT:-$build/app/cli/hint}
threads=${THREADS:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$hint" demo --out "$work/demo" --quiet > /dev/null
HINT_CACHE_DIR="$work/cache" /usr/bin/time -f "%e %U %S %M" -o "$work/time" \
    "$hint" run "$work/demo/demo.hintproj" --threads "$threads" --quiet --json > "$work/run.json"
/usr/bin/python3 - "$work" "$threads" <<'PY'
import json, sys
work, threads = sys.argv[1], int(sys.argv[2])
run = json.load(open(f"{work}/run.json"))
wall, user, sys_, rss = open(f"{work}/time").read().split()
print(json.dumps({
    "threads": threads,
    "wall_seconds": float(wall),
    "cpu_seconds": round(float(user) + float(sys_), 1),
    "max_rss_mb": round(int(rss) / 1024),
    "computed": run["computed"],
    "under_60_seconds": float(wall) <= 60,
    "steps": run["steps"],
}, indent=2))
PY
