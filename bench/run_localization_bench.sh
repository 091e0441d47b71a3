#!/usr/bin/env bash
# Localization on real photos (issue 5, acceptance 2): a class-agnostic "whole" (objectness) concept
# classifier trained on the sample photos' responsible regions vs their background, with MobileNetV2 at
# features.13 (96x14x14), localizes the 100 ILSVRC-2012 val photos; prints the HINT-protocol accuracy,
# MaxBoxAcc, MaxBoxAccV2, the pointing game and the same figures for the baselines on the same images
# (whole-image and centred boxes, Grad-CAM at the same layer and at the last conv layer, CAM), the
# 20-neuron ablation (linear SHAP vs |w| vs random) and an FGSM comparison. Needs ../shared/assets.
# WORK=DIR keeps the intermediate folders (default: a temp folder removed at exit).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${HINT_BUILD_DIR:-$here/build}
hint="$build/app/cli/hint"
assets=${ASSETS:-$here/../shared/assets}
weights="$assets/models/mobilenet_v2.pth"
train_images="$assets/images/imagenet-sample-400"
val="$assets/images/imagenet-val-100"
layer=${LAYER:-features.13}
if [[ ! -f "$weights" || ! -d "$val" ]]; then
  echo "shared assets not found at $assets: skipping" >&2
  exit 0
fi
if [[ -n "${WORK:-}" ]]; then
  work=$WORK
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
common=(--arch mobilenet_v2 --weights "$weights" --quiet)

[[ -f "$work/extract/manifest.json" ]] ||
  "$hint" extract "${common[@]}" --layer "$layer" --method guided --images "$train_images" --out "$work/extract"
[[ -f "$work/regions/regions.json" ]] || "$hint" regions --extract "$work/extract" --out "$work/regions" --quiet
# One concept in the group: its responsible vectors (label 1) against as many background vectors.
[[ -f "$work/whole/linear.json" ]] ||
  "$hint" train --concepts "$work/regions" --target 0 --out "$work/whole" --seed 0 --json
[[ -f "$work/shap.csv" ]] || "$hint" shapley --model "$work/whole" --method linear --out "$work/shap.csv" --quiet

loc=(localize "${common[@]}" --layer "$layer" --classifier "$work/whole" --images "$val" --boxes "$val/boxes.csv")
"$hint" "${loc[@]}" --out "$work/loc" --baselines whole,centre,gradcam,cam --ablation "$work/shap.csv" --ablation-k 20
"$hint" "${loc[@]}" --out "$work/loc_last" --baselines gradcam --baseline-layer features.18 > /dev/null
"$hint" attack "${common[@]}" --layer "$layer" --classifier "$work/whole" --images "$val" --labels <(
  awk -F, 'NR > 1 && !seen[$1]++ {print $1 "," $2}' "$val/boxes.csv" | sed '1i file,class_index') \
  --out "$work/attack" --attack fgsm --epsilon 2 --shapley "$work/shap.csv" --top 10 > /dev/null

/usr/bin/python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
s = json.load(open(f"{work}/loc/summary.json"))
last = json.load(open(f"{work}/loc_last/summary.json"))
attack = json.load(open(f"{work}/attack/summary.json"))
def row(name, m):
    v2 = m["maxboxacc_v2_by_iou"]
    print(f"{name:24s} {m['hint_iou50_accuracy']:.3f} {m['hint_mean_iou']:.3f}  {m['maxboxacc']:.3f} "
          f"(t={m['best_threshold']:.2f})  {m['maxboxacc_v2']:.3f} [{v2['30']:.2f} {v2['50']:.2f} {v2['70']:.2f}]  "
          f"{m['pointing_game']:.3f}  {m['empty_maps']}")
print(f"{s['n']} images, layer {s['layer']}, score {s['score']}, upsampling {s['upsampling']}")
print("method                   hint@.5 hintIoU maxboxacc         v2 [30 50 70]             pointing empty")
row("concept (whole)", s)
for name, m in s["baselines"].items():
    row(name + "@" + s["layer"] if name in ("gradcam",) else name, m)
row("gradcam@features.18", last["baselines"]["gradcam"])
for name, m in s["extra_classifiers"].items():
    row(name, m)
print(f"top1 cls {s['top1_cls']}, top1 loc (hint) {s['top1_loc_hint']}, top1 loc (maxboxacc) {s['top1_loc_maxboxacc']}")
print(f"FGSM eps 2/255: prediction changed {attack['prediction_changed']:.2f}, accuracy {attack['clean_accuracy']} -> "
      f"{attack['adversarial_accuracy']}, concept map IoU clean/attacked {attack['mean_map_iou']:.3f}, "
      f"positive cells {attack['mean_clean_positive_cells']:.1f} -> {attack['mean_adversarial_positive_cells']:.1f}")
PY
