"""Reference for the localization tests: a numpy/skimage transcription of the original HINT notebooks'
localization (Object_localization_using_concept_classifier_*.ipynb: get_the_box_of_localization,
cal_iou_of_gt_and_pred_box with skimage.transform.resize defaults, the inclusive int-truncated ground
truth mask) and of clovaai/wsolevaluation's PxAP (MaskEvaluator.compute).

Usage: hint_localization_reference.py IN.json OUT.json
IN: {"resize": [{"map": [[...]], "size": [H, W]}],
     "hint": [{"cells": [[0/1...]], "boxes": [[x0, y0, x1, y1], ...], "width": W, "height": H, "size": 224}],
     "pxap": {"interval": 0.01, "images": [{"map": [[...]], "mask": [[0/1/255...]]}]}}
OUT: {"resize": [[[...]]], "hint": [{"iou": x, "pred_mask_sum": n, "gt_mask_sum": n}], "pxap": x}
"""
import json
import sys

import numpy as np
from skimage.transform import resize


def get_the_box_of_localization(mask):
    locs = np.where(mask > 0)
    max_y = np.max(locs[0])
    max_x = np.max(locs[1])
    min_y = np.min(locs[0])
    min_x = np.min(locs[1])
    mask_box = np.zeros(mask.shape)
    mask_box[min_y:max_y + 1, min_x:max_x + 1] = 1
    return mask_box


def get_iou(gt, pred):
    return np.sum(np.multiply(pred, gt)) / np.sum(np.array(gt + pred > 0, dtype=int))


def resized_pred_box(gt_box, pred_box):
    return np.array(resize(np.array(pred_box, dtype=float), (gt_box.shape[0], gt_box.shape[1])) > 0, dtype=int)


def gt_mask(boxes, width, height, size):
    mask = np.zeros((size, size))
    for x0, y0, x1, y1 in boxes:
        x = int(x0 * size / width)
        y = int(y0 * size / height)
        w = int((x1 - x0) * size / width)
        h = int((y1 - y0) * size / height)
        mask[y:y + h + 1, x:x + w + 1] = 1
    return mask


def hint_case(case):
    cells = np.array(case["cells"], dtype=float)
    size = case["size"]
    gt = gt_mask(case["boxes"], case["width"], case["height"], size)
    if not (cells > 0).any():
        return {"iou": 0.0, "pred_mask_sum": 0, "gt_mask_sum": int(gt.sum())}
    pred = resized_pred_box(gt, get_the_box_of_localization(cells))
    return {"iou": float(get_iou(gt, pred)), "pred_mask_sum": int(pred.sum()), "gt_mask_sum": int(gt.sum())}


def pxap(spec):
    thresholds = list(np.arange(0, 1, spec["interval"]))
    edges = np.append(thresholds, [1.0, 2.0, 3.0])
    true_hist = np.zeros(len(thresholds) + 2)
    false_hist = np.zeros(len(thresholds) + 2)
    for image in spec["images"]:
        scoremap = np.array(image["map"], dtype=float)
        mask = np.array(image["mask"])
        true_hist += np.histogram(scoremap[mask == 1], bins=edges)[0]
        false_hist += np.histogram(scoremap[mask == 0], bins=edges)[0]
    tp = true_hist[::-1].cumsum()
    fn = true_hist.sum() - tp
    fp = false_hist[::-1].cumsum()
    non_zero = (tp + fp) != 0
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = tp / (tp + fp)
        recall = tp / (tp + fn)
    return float((precision[1:] * np.diff(recall))[non_zero[1:]].sum())


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    out = {
        "resize": [resize(np.array(r["map"], dtype=float), tuple(r["size"]), order=1).tolist() for r in spec.get("resize", [])],
        "hint": [hint_case(c) for c in spec.get("hint", [])],
    }
    if "pxap" in spec:
        out["pxap"] = pxap(spec["pxap"])
    with open(sys.argv[2], "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
