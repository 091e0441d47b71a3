#!/usr/bin/env bash
# Extraction benchmark (issue: engine foundation, acceptance 4): VGG19 features.30 guided on N images
# (default 233), ours vs the original's way (PyTorch per image, full backward with weight gradients)
# vs the floor (plain batched forward pass), as ratios measured in one run. Also reports the peak
# memory (max RSS) of `hint extract` on the same images.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${HINT_BUILD_DIR:-$here/build}
n=${N:-233}
images=${IMAGES:-$here/../shared/assets/images/imagenet-sample-400}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
find "$images" -maxdepth 1 -type f \( -iname '*.jpeg' -o -iname '*.jpg' -o -iname '*.png' \) | sort | head -n "$n" > "$work/list.txt"
count=$(wc -l < "$work/list.txt")
echo "images: $count from $images"

ours=$("$build/bench/extract_bench" vgg19 features.30 "$work/list.txt" "$work/ours")
echo "ours+floor: $ours"
orig=$(/usr/bin/python3 "$here/bench/original_extract.py" --arch vgg19 --layer features.30 --images "$work/list.txt")
echo "original: $orig"
# Peak memory of the CLI on a fifth of the images and on all of them: streaming keeps it flat.
peak_rss_kb() {  # LIST OUT
  /usr/bin/time -v "$build/app/cli/hint" extract --arch vgg19 --random-weights --layer features.30 --method guided \
    --images "$1" --target predicted --out "$2" --quiet 2> "$work/time.txt"
  awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt"
}
head -n $((count / 5)) "$work/list.txt" > "$work/fifth.txt"
rss_fifth=$(peak_rss_kb "$work/fifth.txt" "$work/cli_fifth")
rss=$(peak_rss_kb "$work/list.txt" "$work/cli")
/usr/bin/python3 - "$ours" "$orig" "$rss" "$rss_fifth" "$((count / 5))" <<'PY'
import json, sys
ours, orig, rss, rss_fifth, n_fifth = json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
print(json.dumps({
    "images": ours["images"],
    "extract_seconds": round(ours["extract_seconds"], 2),
    "forward_seconds": round(ours["forward_seconds"], 2),
    "original_seconds": round(orig["seconds"], 2),
    "speedup_vs_original": round(orig["seconds"] / ours["extract_seconds"], 2),
    "ratio_to_forward_floor": round(ours["extract_seconds"] / ours["forward_seconds"], 3),
    "hint_extract_max_rss_mb": round(rss / 1024, 1),
    "hint_extract_max_rss_mb_on_%d_images" % n_fifth: round(rss_fifth / 1024, 1),
}, indent=2))
PY
