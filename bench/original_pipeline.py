#!/usr/bin/env python3
"""One HINT concept end to end the original's way, as the baseline of bench/run_pipeline_bench.sh:
PyTorch extraction one image at a time with a full backward and weight gradients on (original_extract.py),
responsible regions in numpy (L2 over channels, min/P99 normalization, threshold 0.5), the background
sample, scikit-learn's SGDClassifier(loss='modified_huber', alpha=0.01) on a 75/25 split, python xgboost
(binary:logistic, depth 10, eta 1, 50 rounds, hist) and its TreeSHAP (pred_contribs) on all rows.
Prints JSON {"seconds", per-step seconds, "rows", "f1"}.

usage: original_pipeline.py --arch vgg19 --layer features.30 --images LIST [--size 224]
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torchvision
import xgboost
from PIL import Image
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from original_extract import swap  # noqa: E402  (guided ReLU modules, as the original)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--arch", default="vgg19")
    p.add_argument("--layer", default="features.30")
    p.add_argument("--images", required=True)
    p.add_argument("--size", type=int, default=224)
    args = p.parse_args()
    start = time.time()
    torch.set_num_threads(os.cpu_count() or 1)
    torch.manual_seed(0)
    model = torchvision.models.__dict__[args.arch](weights=None).eval()
    swap(model)
    paths = [line.strip() for line in open(args.images) if line.strip()]
    transform = torchvision.transforms.Compose([
        torchvision.transforms.Resize((args.size, args.size)),
        torchvision.transforms.ToTensor(),
        torchvision.transforms.Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225)),
    ])
    captured = {}
    dict(model.named_modules())[args.layer].register_forward_hook(lambda m, i, o: captured.__setitem__("z", o))
    t0 = time.time()
    positives, background = [], []
    for path in paths:
        x = transform(Image.open(path).convert("RGB")).unsqueeze(0)
        model.zero_grad()
        logits = model(x)
        z = captured["z"]
        z.retain_grad()
        onehot = torch.zeros_like(logits)
        onehot[0, int(logits.argmax())] = 1.0
        logits.backward(onehot)
        feat = z.detach().numpy()[0]
        sal = z.grad.detach().numpy()[0]
        # Step 1 per image (the original does this right after the backward).
        a = np.linalg.norm(sal, axis=0)
        lo, hi = a.min(), np.percentile(a, 99)
        if hi > lo:
            a = np.clip((a - lo) / (hi - lo), 0, 1)
        mask = a > 0.5
        vectors = feat.reshape(feat.shape[0], -1).T
        positives.append(vectors[mask.reshape(-1)])
        background.append(vectors[~mask.reshape(-1)])
    t1 = time.time()
    pos = np.concatenate(positives)
    bg = np.concatenate(background)
    rng = np.random.default_rng(0)
    bg = bg[rng.choice(len(bg), size=min(len(bg), len(pos)), replace=False)]
    X = np.concatenate([pos, bg]).astype(np.float32)
    y = np.concatenate([np.ones(len(pos)), np.zeros(len(bg))]).astype(np.int64)
    X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.25, random_state=0)
    sgd = SGDClassifier(loss="modified_huber", alpha=0.01, random_state=0).fit(X_train, y_train)
    t2 = time.time()
    booster = xgboost.train({"objective": "binary:logistic", "max_depth": 10, "eta": 1, "tree_method": "hist"},
                            xgboost.DMatrix(X_train, label=y_train), num_boost_round=50)
    t3 = time.time()
    phi = booster.predict(xgboost.DMatrix(X), pred_contribs=True)
    np.abs(phi[:, :-1]).mean(axis=0).argsort()[::-1]
    t4 = time.time()
    print(json.dumps({"seconds": t4 - start, "setup_seconds": t0 - start, "extract_regions_seconds": t1 - t0,
                      "sgd_seconds": t2 - t1, "xgboost_seconds": t3 - t2, "treeshap_seconds": t4 - t3,
                      "images": len(paths), "rows": int(len(X)), "f1": float(f1_score(y_val, sgd.predict(X_val)))}))


if __name__ == "__main__":
    main()
