#!/usr/bin/env python3
"""Why the engine runs networks channels-last: batched no-grad forward time of each architecture in
NCHW and in channels-last (NHWC) memory format, in PyTorch (the same oneDNN kernels LibTorch uses),
best of 3 passes, on all cores. Prints one JSON line per architecture with the speed-up.

usage: bench/channels_last.py [--batch 16] [ARCH...]   (Debian python3-torch, python3-torchvision)
"""
import argparse
import json
import os
import time

import torch
import torchvision

DEFAULT = ["vgg19", "resnet50", "mobilenet_v2", "squeezenet1_1", "shufflenet_v2_x1_0", "alexnet", "inception_v3"]


def best_of(fn, repeats=3):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("archs", nargs="*", default=DEFAULT)
    parser.add_argument("--batch", type=int, default=16)
    args = parser.parse_args()
    torch.set_num_threads(os.cpu_count() or 1)
    for arch in args.archs:
        extra = {"init_weights": False, "aux_logits": False} if arch == "inception_v3" else {}
        size = 299 if arch == "inception_v3" else 224
        model = torchvision.models.__dict__[arch](weights=None, **extra).eval()
        x = torch.randn(args.batch, 3, size, size)
        with torch.no_grad():
            nchw = best_of(lambda: model(x))
            model = model.to(memory_format=torch.channels_last)
            x_cl = x.contiguous(memory_format=torch.channels_last)
            nhwc = best_of(lambda: model(x_cl))
        print(json.dumps({"arch": arch, "batch": args.batch, "nchw_seconds": round(nchw, 3),
                          "channels_last_seconds": round(nhwc, 3), "speedup": round(nchw / nhwc, 2)}), flush=True)


if __name__ == "__main__":
    main()
