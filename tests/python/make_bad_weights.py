#!/usr/bin/python3
"""Broken resnet18 state dicts for the engine's strict weight-loading test.

usage: make_bad_weights.py OUTDIR

Writes to OUTDIR (each a torch.save zip file, from torchvision 0.14's resnet18):
  misshaped.pth   layer2.0.conv1.weight is 128x64x1x1 instead of 128x64x3x3
  unexpected.pth  an extra key, fc.extra_weight (3x4)
  missing.pth     layer1.0.bn1.running_var removed
  truncated.pth   the first half of a complete file
"""
import os
import sys

import torch
import torchvision


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    torch.manual_seed(0)
    state = torchvision.models.resnet18(weights=None).state_dict()

    def save(name, changes):
        path = os.path.join(outdir, name)
        torch.save(changes(dict(state)), path)
        return path

    def misshape(s):
        s["layer2.0.conv1.weight"] = torch.zeros(128, 64, 1, 1)
        return s

    def extra(s):
        s["fc.extra_weight"] = torch.zeros(3, 4)
        return s

    def drop(s):
        del s["layer1.0.bn1.running_var"]
        return s

    save("misshaped.pth", misshape)
    save("unexpected.pth", extra)
    save("missing.pth", drop)
    complete = save("complete.pth", lambda s: s)
    with open(complete, "rb") as f:
        data = f.read()
    os.remove(complete)
    with open(os.path.join(outdir, "truncated.pth"), "wb") as f:
        f.write(data[: len(data) // 2])


if __name__ == "__main__":
    main()
