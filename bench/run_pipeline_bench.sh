#!/usr/bin/env bash
# Pipeline benchmark (issue 4, acceptance 4): one concept end to end -- extraction of 233 images at VGG19
# features.30 with random weights (guided), responsible regions, SGD, XGBoost, TreeSHAP -- as `hint run`
# on a project (cold: empty cache; warm: the same run again, everything from the cache) against the
# original's way in Python (bench/original_pipeline.py), in one run. Images: the first 233 photos of
# imagenet-sample-400 (one per ImageNet class), as the concept "entity" (n00001740) with 1 image per leaf,
# so the plan samples exactly these 233; group "none" (concept vs background).
# Both sides are timed as whole processes (start-up, model construction with random weights included).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${HINT_BUILD_DIR:-$here/build}
n=${N:-233}
images=${IMAGES:-$here/../shared/assets/images/imagenet-sample-400}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/images"
find "$images" -maxdepth 1 -type f \( -iname '*.jpeg' -o -iname '*.jpg' -o -iname '*.png' \) | sort | head -n "$n" > "$work/list.txt"
while read -r f; do ln -s "$f" "$work/images/$(basename "$f")"; done < "$work/list.txt"
echo "images: $(wc -l < "$work/list.txt") from $images"
cat > "$work/bench.hintproj" <<JSON
{"format_version": 1,
 "model": {"arch": "vgg19", "weights": "", "preprocessing": {"mode": "hint", "size": 224}},
 "layers": ["features.30"],
 "datasets": [{"name": "sample", "kind": "folder", "path": "images"}],
 "concepts": ["n00001740"],
 "parameters": {"images_per_leaf": 1, "max_leaves": 1000, "max_images": $n, "group": "none"},
 "seed": 0, "cache_dir": "cache"}
JSON
now() { date +%s.%N; }
t0=$(now)
"$build/app/cli/hint" run "$work/bench.hintproj" --quiet --json > "$work/cold.json"
t1=$(now)
"$build/app/cli/hint" run "$work/bench.hintproj" --quiet --json > "$work/warm.json"
t2=$(now)
"$build/app/cli/hint" report "$work/bench.hintproj" --json > "$work/report.json"
t3=$(now)
/usr/bin/python3 "$here/bench/original_pipeline.py" --arch vgg19 --layer features.30 --images "$work/list.txt" > "$work/orig.json"
t4=$(now)
/usr/bin/python3 - "$t0" "$t1" "$t2" "$t3" "$t4" "$work" <<'PY'
import json, sys
t0, t1, t2, t3, t4 = map(float, sys.argv[1:6])
work = sys.argv[6]
cold, warm = json.load(open(work + "/cold.json")), json.load(open(work + "/warm.json"))
orig, report = json.load(open(work + "/orig.json")), json.load(open(work + "/report.json"))
unit = report["units"][0]
print(json.dumps({
    "hint_run_cold_seconds": round(t1 - t0, 2),
    "hint_run_cold_entries": cold["computed"],
    "hint_run_warm_seconds": round(t2 - t1, 2),
    "hint_run_warm_reused": warm["reused"], "hint_run_warm_computed": warm["computed"],
    "hint_report_seconds": round(t3 - t2, 2),
    "original_process_seconds": round(t4 - t3, 2),
    "original_inner": {k: round(v, 2) if isinstance(v, float) else v for k, v in orig.items()},
    "speedup_cold_vs_original": round((t4 - t3) / (t1 - t0), 2),
    "hint_heldout_f1_linear": unit["f1"], "hint_heldout_f1_xgboost": unit["xgboost_f1"],
    "hint_top10": [n["neuron"] for n in unit["top"]],
}, indent=2))
PY
