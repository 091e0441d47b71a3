#!/usr/bin/env bash
# bf16 benchmark (issue 17, part 3), one run:
# 1. speed: VGG19 features.30 guided extraction of N images (default 32) in bf16 vs the float32 plain
#    forward-pass floor of the same images (bench/extract_bench, random weights), and fp32's own ratio;
# 2. agreement: the real MobileNetV2 at features.13 on N sample photos, `hint extract` in fp32 and in
#    bf16: mean IoU of the responsible-region masks (bench/bf16_regions.py). Skipped without the assets.
# 3. Shapley agreement: the top-10 neurons of 'dog' by TreeSHAP through the whole pipeline in both (below).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${HINT_BUILD_DIR:-$here/build}
n=${N:-32}
assets=${ASSETS:-$here/../shared/assets}
images=${IMAGES:-$assets/images/imagenet-sample-400}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
find "$images" -maxdepth 1 -type f \( -iname '*.jpeg' -o -iname '*.jpg' -o -iname '*.png' \) | sort | awk -v n="$n" 'NR <= n' > "$work/list.txt"
echo "images: $(wc -l < "$work/list.txt") from $images"
echo "bf16 units the kernel reports: $(grep -o -w 'avx512_bf16\|amx_bf16' /proc/cpuinfo | sort -u | tr '\n' ' ')"

fp32=$("$build/bench/extract_bench" vgg19 features.30 "$work/list.txt" "$work/fp32" 16 fp32)
bf16=$("$build/bench/extract_bench" vgg19 features.30 "$work/list.txt" "$work/bf16" 16 bf16)
/usr/bin/python3 - "$fp32" "$bf16" <<'PY'
import json, sys
a, b = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(json.dumps({
    "vgg19_images": a["images"],
    "fp32_forward_floor_seconds": round(a["forward_seconds"], 2),
    "fp32_extract_seconds": round(a["extract_seconds"], 2),
    "bf16_extract_seconds": round(b["extract_seconds"], 2),
    "fp32_extract_ratio_to_fp32_floor": round(a["extract_seconds"] / a["forward_seconds"], 3),
    "bf16_extract_ratio_to_fp32_floor": round(b["extract_seconds"] / b["forward_seconds"], 3),
    "second_floor_seconds": round(b["forward_seconds"], 2),
}, indent=2))
PY

weights=$assets/models/mobilenet_v2.pth
if [ ! -f "$weights" ]; then echo "no $weights: agreement skipped"; exit 0; fi
for p in fp32 bf16; do
  "$build/app/cli/hint" extract --arch mobilenet_v2 --weights "$weights" --layer features.13 --method guided \
    --images "$work/list.txt" --preprocess hint --target label --precision "$p" --out "$work/mobilenet_$p" --quiet
done
/usr/bin/python3 "$here/bench/bf16_regions.py" "$work/mobilenet_fp32" "$work/mobilenet_bf16"

# 3. Shapley: 'dog' (n02084071) against 120 other sample photos at MobileNetV2 features.13, the whole
#    pipeline (extract, regions, train, TreeSHAP) once in fp32 and once in bf16 (parameters.precision):
#    how many of the top-10 neurons by mean |phi| the two share (bench/bf16_shapley_overlap.py).
for p in fp32 bf16; do
  /usr/bin/python3 - "$work/dog_$p.hintproj" "$weights" "$images" "$p" "$work/cache_$p" <<'PY'
import json, sys
out, weights, images, precision, cache = sys.argv[1:]
json.dump({"format_version": 1, "concepts": ["n02084071"], "layers": ["features.13"],
           "model": {"arch": "mobilenet_v2", "weights": weights, "preprocessing": {"mode": "hint", "size": 224}},
           "datasets": [{"name": "sample", "kind": "folder", "path": images}],
           "parameters": {"images_per_leaf": 1, "max_images": 120, "group": "rest", "batch": 8,
                          "precision": precision},
           "cache_dir": cache, "seed": 0}, open(out, "w"), indent=1)
PY
  "$build/app/cli/hint" run "$work/dog_$p.hintproj" --quiet > /dev/null
done
/usr/bin/python3 "$here/bench/bf16_shapley_overlap.py" "$work/cache_fp32" "$work/cache_bf16"
