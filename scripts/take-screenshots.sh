#!/usr/bin/env bash
# Screenshots of HINT Explorer for the README (docs/images/*.png), taken from the real app in Xvfb.
# First runs a small real HINT study with the CLI (`hint run`): MobileNetV2 at features.13, guided
# saliency, the 'dog' concept (n02084071) against other classes, on the sample photos of
# ../shared/assets. Then starts hint-explorer on the study's project once per view in a 1600x1000 Xvfb
# screen and captures it with ImageMagick's `import`.
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
for f in "$hint" "$explorer" "$weights"; do [ -e "$f" ] || { echo "take-screenshots: $f is missing" >&2; exit 2; }; done

study=$work/study
project=$study/dogs.hintproj
if [ ! -f "$project" ]; then
  rm -rf "$work"
  mkdir -p "$study"
  # As tests/engine/pipeline/dog_mobilenet_test.cpp: one photo per class, dog against 120 other photos.
  cat > "$project" <<JSON
{"format_version": 1,
 "model": {"arch": "mobilenet_v2", "weights": "$weights", "preprocessing": {"mode": "hint", "size": 224}},
 "layers": ["features.13"], "datasets": [{"name": "sample", "kind": "folder", "path": "$sample"}],
 "concepts": ["n02084071"],
 "parameters": {"images_per_leaf": 1, "max_images": 120, "group": "rest", "batch": 8},
 "seed": 0, "cache_dir": "$work/cache"}
JSON
  "$hint" run "$project"
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
