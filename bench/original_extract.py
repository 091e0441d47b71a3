#!/usr/bin/env python3
"""The original HINT's way of extracting a layer's features and saliency: PyTorch, one image at a time,
full forward and backward with weight gradients on, a forward hook on the tap, guided ReLU modules.
Prints JSON {"seconds", "images"}. Used by bench/run_extract_bench.sh as the baseline.

usage: original_extract.py --arch vgg19 --layer features.30 --images LIST [--size 224]
"""
import argparse
import json
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torchvision
from PIL import Image


class GuidedReLU(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        out = x.clamp(min=0)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad.clamp(min=0) * (out > 0)


class GuidedReLUModule(nn.Module):
    def forward(self, x):
        return GuidedReLU.apply(x)


def swap(module):
    for name, child in module.named_children():
        if isinstance(child, nn.ReLU):
            setattr(module, name, GuidedReLUModule())
        else:
            swap(child)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--arch", default="vgg19")
    p.add_argument("--layer", default="features.30")
    p.add_argument("--images", required=True)
    p.add_argument("--size", type=int, default=224)
    args = p.parse_args()
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
    start = time.time()
    features, saliency = [], []
    for path in paths:
        x = transform(Image.open(path).convert("RGB")).unsqueeze(0)
        model.zero_grad()
        logits = model(x)
        z = captured["z"]
        z.retain_grad()
        onehot = torch.zeros_like(logits)
        onehot[0, int(logits.argmax())] = 1.0
        logits.backward(onehot)
        features.append(z.detach().numpy().copy())
        saliency.append(z.grad.detach().numpy().copy())
    np.stack(features)
    np.stack(saliency)
    print(json.dumps({"seconds": time.time() - start, "images": len(paths)}))


if __name__ == "__main__":
    main()
