#!/usr/bin/env bash
# Demo benchmark (issue 6, acceptance 1): `hint demo --retrain` from nothing -- generating the Shapes
# world, training ShapesNet on the CPU, scoring the held-out images, writing the folder -- twice, on
# THREADS compute threads (default 2, CI's core count). Checks the test accuracy (>= 0.95), the wall time
# (<= 600 s) and that both runs wrote the same weights (sha256). Bits depend on the thread count (the
# order of LibTorch's parallel sums): the shipped weights were made with --threads 1 (their manifest,
# resources/demo/demo.json, records it); THREADS=1 reproduces them, and this script then also compares
# with the shipped hash.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${HINT_BUILD_DIR:-$here/build}
threads=${THREADS:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for run in 1 2; do
    /usr/bin/time -f "%e %U %S %M" -o "$work/time$run" \
        "$build/app/cli/hint" demo --retrain --threads "$threads" --out "$work/demo$run" --quiet --json > "$work/run$run.json"
done
/usr/bin/python3 - "$work" "$threads" "$here/resources/demo/demo.json" <<'PY'
import json, sys
work, threads, shipped_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
runs = [json.load(open(f"{work}/run{i}.json")) for i in (1, 2)]
times = [open(f"{work}/time{i}").read().split() for i in (1, 2)]
shipped = json.load(open(shipped_path))
result = {
    "threads": threads,
    "wall_seconds": [float(t[0]) for t in times],
    "cpu_seconds": [round(float(t[1]) + float(t[2]), 1) for t in times],
    "max_rss_mb": [round(int(t[3]) / 1024) for t in times],
    "test_accuracy": [r["test_accuracy"] for r in runs],
    "weights_sha256": [r["weights_sha256"] for r in runs],
    "same_weights_twice": runs[0]["weights_sha256"] == runs[1]["weights_sha256"],
    "within_10_minutes": all(float(t[0]) <= 600 for t in times),
    "accuracy_at_least_0_95": all(r["test_accuracy"] >= 0.95 for r in runs),
}
if threads == shipped.get("threads"):
    result["equals_shipped_weights"] = runs[0]["weights_sha256"] == shipped["weights_sha256"]
print(json.dumps(result, indent=2))
ok = result["same_weights_twice"] and result["within_10_minutes"] and result["accuracy_at_least_0_95"]
sys.exit(0 if ok and result.get("equals_shipped_weights", True) else 1)
PY
