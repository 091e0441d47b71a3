#!/usr/bin/env bash
# Many layers in one pass (issue 17 part 4): VGG19 (random seeded weights) guided extraction of N images
# (default 32) at three taps together against each tap alone, as ratios measured in one run
# (bench/multi_tap_bench.cpp). TAPS (forward order) defaults to features.21,features.25,features.30;
# the acceptance is together <= 1.3x one tap (the costliest single tap: the earliest).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${HINT_BUILD_DIR:-$here/build}
n=${N:-32}
taps=${TAPS:-features.21,features.25,features.30}
images=${IMAGES:-$here/../shared/assets/images/imagenet-sample-400}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -d "$images" ]; then
    find "$images" -maxdepth 1 -type f \( -iname '*.jpeg' -o -iname '*.jpg' -o -iname '*.png' \) | sort | head -n "$n" > "$work/list.txt"
else  # no photos here: seeded noise images of the same size
    /usr/bin/python3 - "$work" "$n" <<'PY'
import sys, numpy as np
from PIL import Image
work, n = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(0)
with open(f"{work}/list.txt", "w") as out:
    for i in range(n):
        Image.fromarray(rng.integers(0, 256, (256, 256, 3), dtype=np.uint8)).save(f"{work}/img{i}.png")
        out.write(f"{work}/img{i}.png\n")
PY
fi
echo "images: $(wc -l < "$work/list.txt"), taps: $taps" >&2
"$build/bench/multi_tap_bench" vgg19 "$taps" "$work/list.txt" "$work/out" "${BATCH:-16}" "${REPEATS:-2}"
