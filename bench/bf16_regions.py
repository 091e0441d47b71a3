#!/usr/bin/env python3
"""Agreement of two extractions of the same images (fp32 and bf16): the responsible-region masks of
METHOD.md step 1 (L2 over channels, normalised by the minimum and the 99th percentile, > 0.5), their
IoU per image, and the relative difference of the saliency and feature arrays. Used by
bench/run_bf16_bench.sh. Prints JSON.

usage: bf16_regions.py FP32_DIR BF16_DIR
"""
import json
import sys

import numpy as np


def masks(saliency):
    agg = np.sqrt((saliency.astype(np.float64) ** 2).sum(axis=1)).reshape(saliency.shape[0], -1)
    out = []
    for a in agg:
        lo, hi = a.min(), np.percentile(a, 99.0)
        a = np.clip((a - lo) / (hi - lo), 0, 1) if hi > lo else a
        out.append(a > 0.5)
    return out


def main():
    fp32, bf16 = sys.argv[1], sys.argv[2]
    s32, s16 = np.load(fp32 + "/saliency.npy"), np.load(bf16 + "/saliency.npy")
    f32, f16 = np.load(fp32 + "/features.npy"), np.load(bf16 + "/features.npy")
    assert s16.dtype == np.float32 and f16.dtype == np.float32, "bf16 outputs must stay float32 on disk"
    ious = []
    for a, b in zip(masks(s32), masks(s16)):
        union = np.logical_or(a, b).sum()
        ious.append(np.logical_and(a, b).sum() / union if union else 1.0)
    rel = lambda x, y: float(np.abs(x - y).max() / max(np.abs(x).max(), 1e-30))
    print(json.dumps({
        "images": int(s32.shape[0]),
        "mean_region_iou": round(float(np.mean(ious)), 4),
        "min_region_iou": round(float(np.min(ious)), 4),
        "saliency_max_relative_difference": round(rel(s32, s16), 4),
        "features_max_relative_difference": round(rel(f32, f16), 4),
    }))


if __name__ == "__main__":
    main()
