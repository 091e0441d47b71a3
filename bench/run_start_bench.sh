#!/usr/bin/env bash
# Start-up benchmark (issue 17, part 2): `hint predict` of one image with VGG19 weights vs PyTorch's
# torch.load of the same file plus one forward pass (bench/pytorch_load_predict.py, timed inside
# Python: interpreter start, `import torch` and building the model are not counted), and `hint layers
# --arch vgg19` (time and max RSS; the launcher answers it without LibTorch) beside `hint-engine layers`
# (the shapes-only pass in a process that loads LibTorch), with `hint-engine models` as the floor of any
# process that loads LibTorch. The weights file is read once first, so every run finds it in the page cache.
# WEIGHTS=FILE (default: /tmp VGG19 .pth of random weights, written once with torchvision).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${HINT_BUILD_DIR:-$here/build}
hint=$build/app/cli/hint
engine=$build/app/cli/hint-engine
image=${IMAGE:-$(find "$here/../shared/assets/images" -type f -iname '*.jpeg' 2>/dev/null | sort | awk 'NR == 1')}
[ -n "$image" ] || { echo "no photo found: set IMAGE" >&2; exit 2; }
weights=${WEIGHTS:-${TMPDIR:-/tmp}/hint_bench_vgg19.pth}
if [ ! -f "$weights" ]; then
  /usr/bin/python3 -c "import sys, torch, torchvision; torch.manual_seed(0); torch.save(torchvision.models.vgg19().state_dict(), sys.argv[1])" "$weights"
fi
cat "$weights" > /dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

seconds() {  # COMMAND...: wall seconds of one run, output discarded
  local t0 t1
  t0=$(date +%s.%N)
  "$@" > /dev/null 2>&1
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l
}
max_rss_kb() {  # COMMAND...
  /usr/bin/time -v "$@" > /dev/null 2> "$work/time.txt"
  awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt"
}

pytorch=$(/usr/bin/python3 "$here/bench/pytorch_load_predict.py" --arch vgg19 --weights "$weights")
predict=$(seconds "$hint" predict --arch vgg19 --weights "$weights" "$image" --quiet)
predict_again=$(seconds "$hint" predict --arch vgg19 --weights "$weights" "$image" --quiet)
predict_rss=$(max_rss_kb "$hint" predict --arch vgg19 --weights "$weights" "$image" --quiet)
layers=$(seconds "$hint" layers --arch vgg19)
layers_rss=$(max_rss_kb "$hint" layers --arch vgg19)
engine_layers=$(seconds "$engine" layers --arch vgg19)
models=$(seconds "$engine" models)
models_rss=$(max_rss_kb "$engine" models)
/usr/bin/python3 - "$pytorch" "$predict" "$predict_again" "$predict_rss" "$layers" "$layers_rss" "$engine_layers" "$models" "$models_rss" \
  "$(stat -c %s "$weights")" <<'PY'
import json, sys
py = json.loads(sys.argv[1])
predict, again, predict_rss, layers, layers_rss, engine_layers, models, models_rss, size = map(float, sys.argv[2:])
print(json.dumps({
    "weights_mb": round(size / 2**20, 1),
    "pytorch_load_and_forward_seconds": round(py["seconds"], 2),
    "pytorch_load_seconds": round(py["load_seconds"], 2),
    "hint_predict_seconds": round(predict, 2),
    "hint_predict_again_seconds": round(again, 2),
    "predict_ratio_to_pytorch": round(predict / py["seconds"], 2),
    "predict_again_ratio_to_pytorch": round(again / py["seconds"], 2),
    "hint_predict_max_rss_mb": round(predict_rss / 1024, 1),
    "hint_layers_vgg19_seconds": round(layers, 2),
    "hint_layers_vgg19_max_rss_mb": round(layers_rss / 1024, 1),
    "hint_engine_layers_vgg19_seconds": round(engine_layers, 2),
    "hint_engine_models_seconds_libtorch_floor": round(models, 2),
    "hint_engine_models_max_rss_mb": round(models_rss / 1024, 1),
}, indent=2))
PY
