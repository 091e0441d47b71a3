"""Reference for HINT step 1 (METHOD.md section 1) written directly in numpy, for regions tests.

usage: regions_reference.py SALIENCY.npy MODE PERCENTILE THRESHOLD OUT_DIR
writes OUT_DIR/ref_masks.npy (int64 N,H*W), ref_maps.npy (float32 N,H*W), ref_normalized.npy (int64 N)
"""
import sys

import numpy as np


def aggregate(s, mode):
    if s.shape[1] == 1:
        return s[:, 0]
    if mode == "norm":
        return np.linalg.norm(s, axis=1)
    if mode == "sum":
        return s.sum(axis=1)
    if mode == "filter_norm":
        return np.linalg.norm(np.maximum(s, 0), axis=1)
    if mode == "max":
        return s.max(axis=1)
    if mode == "abs_sum":
        return np.abs(s).sum(axis=1)
    if mode == "abs_max":
        return np.abs(s).max(axis=1)
    raise SystemExit("unknown mode " + mode)


def main():
    path, mode, percentile, threshold, out = sys.argv[1:6]
    s = np.load(path)
    a = aggregate(s, mode)
    n = a.shape[0]
    maps, masks, normalized = [], [], []
    for i in range(n):
        ai = a[i].reshape(-1)
        low = ai.min()
        high = np.percentile(ai, float(percentile))
        if high <= low:
            m = ai
            normalized.append(0)
        else:
            m = np.clip((ai - low) / (high - low), 0, 1)
            normalized.append(1)
        maps.append(m.astype(np.float32))
        masks.append((m > float(threshold)).astype(np.int64))
    np.save(out + "/ref_masks.npy", np.stack(masks))
    np.save(out + "/ref_maps.npy", np.stack(maps))
    np.save(out + "/ref_normalized.npy", np.array(normalized, dtype=np.int64))


if __name__ == "__main__":
    main()
