#!/usr/bin/env bash
# Screenshots of HINT Explorer for the README (docs/images/*.png), taken from the real app in Xvfb.
# First builds a small real HINT study with the CLI: MobileNetV2 at features.13, guided saliency, the
# 'dog' concept (n02084071) against other classes, on the sample photos of ../shared/assets (the
# ImageNet validation photos bring ground-truth boxes). Then starts hint-explorer on the study's
# project once per view in a 1600x1000 Xvfb screen and captures it with ImageMagick's `import`.
# Usage: scripts/take-screenshots.sh [ASSETS_DIR]
# Environment: HINT_BUILD_DIR (build), OUT (docs/images), WORK (/tmp/hint-screenshots; the study is
# kept there and reused), WAIT (seconds the app gets to load before a capture, 15).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${HINT_BUILD_DIR:-$here/build}
assets=$(cd "${1:-$here/../shared/assets}" && pwd)
work=${WORK:-/tmp/hint-screenshots}
out=${OUT:-$here/docs/images}
wait_s=${WAIT:-15}
hint=$build/app/cli/hint
explorer=$build/app/gui/hint-explorer
weights=$assets/models/mobilenet_v2.pth
sample=$assets/images/imagenet-sample-400
val=$assets/images/imagenet-val-100
for f in "$hint" "$explorer" "$weights"; do [ -e "$f" ] || { echo "take-screenshots: $f is missing" >&2; exit 2; }; done

study=$work/study
set_dir=$study/n02084071/features.13
project=$study/dogs.hintproj
if [ ! -f "$project" ]; then
  rm -rf "$work"
  mkdir -p "$work" "$set_dir"
  # Dogs are ILSVRC classes 151..268 (lines 152..269 of the sorted wnid list).
  sed -n 152,269p "$assets/labels/imagenet1k_wnids.txt" > "$work/dog_wnids.txt"
  { find "$val" -name '*.JPEG' | sort | while read -r f; do
      idx=$(awk -F, -v n="$(basename "$f")" '$1 == n {print $2; exit}' "$val/boxes.csv")
      [ -n "$idx" ] && [ "$idx" -ge 151 ] && [ "$idx" -le 268 ] && echo "$f"
    done
    find "$sample" -name '*.JPEG' | sort | grep -F -f "$work/dog_wnids.txt"; } > "$work/dogs.txt"
  find "$sample" -name '*.JPEG' | sort | grep -v -F -f "$work/dog_wnids.txt" | awk 'NR % 6 == 0' > "$work/others.txt"
  echo "take-screenshots: $(wc -l < "$work/dogs.txt") dog and $(wc -l < "$work/others.txt") other photos"
  common=(--arch mobilenet_v2 --weights "$weights" --layer features.13 --method guided --target predicted)
  "$hint" extract "${common[@]}" --images "$work/dogs.txt" --out "$set_dir/extract"
  "$hint" extract "${common[@]}" --images "$work/others.txt" --out "$work/others/extract"
  "$hint" regions --extract "$set_dir/extract" --out "$work/regions/dog"
  "$hint" regions --extract "$work/others/extract" --out "$work/regions/others"
  "$hint" train --concepts "$work/regions/dog,$work/regions/others" --target 0 --xgboost --seed 0 --out "$set_dir/classifier"
  "$hint" shapley --model "$set_dir/classifier" --method tree --out "$set_dir/shapley.csv"
  cp "$val/boxes.csv" "$study/boxes.csv"
  cat > "$project" <<JSON
{"format_version": 1, "model": {"arch": "mobilenet_v2", "weights": "$weights"}, "layers": ["features.13"],
 "datasets": [], "concepts": ["n02084071"], "parameters": {"saliency": "guided"}, "seed": 0}
JSON
fi

mkdir -p "$out"
export XDG_CONFIG_HOME=$work/config  # the screenshots' settings, never the user's
export XDG_RUNTIME_DIR=$work/runtime  # Qt warns without one
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
capture() {  # name, app arguments...
  local name=$1
  shift
  xvfb-run -a -s '-screen 0 1600x1000x24' bash -c '
    "$0" -geometry 1600x1000+0+0 "${@:3}" 2> "$2.log" & pid=$!
    sleep "$1"
    import -window root "$2"
    kill "$pid"; wait "$pid" || true' "$explorer" "$wait_s" "$out/$name.png" "$@"
  if grep -v '^$' "$out/$name.png.log" >&2; then echo "take-screenshots: the app printed the above for $name" >&2; fi
  rm -f "$out/$name.png.log"
  echo "take-screenshots: $out/$name.png"
}
capture contributions "$project" --view contributions
capture heatmaps "$project" --view heatmaps
capture concept_maps "$project" --view concept-maps
capture welcome
