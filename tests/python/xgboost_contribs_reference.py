#!/usr/bin/env python3
"""Python xgboost's TreeSHAP (pred_contribs) and margins for a saved model, for tests/engine/shapley.

Usage: xgboost_contribs_reference.py MODEL.json X.npy OUT_CONTRIBS.npy OUT_MARGIN.npy
Writes contributions float32 (N, K+1) (last column = bias) and output margins float32 (N).
"""
import sys

import numpy as np
import xgboost as xgb


def main():
    model, x_path, contribs_path, margin_path = sys.argv[1:5]
    booster = xgb.Booster()
    booster.load_model(model)
    data = xgb.DMatrix(np.load(x_path))
    np.save(contribs_path, booster.predict(data, pred_contribs=True).astype(np.float32))
    np.save(margin_path, booster.predict(data, output_margin=True).astype(np.float32))


if __name__ == "__main__":
    main()
