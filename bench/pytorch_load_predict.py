#!/usr/bin/env python3
"""PyTorch's own start for one image: torch.load of a state dict into a torchvision model and one
forward pass (batch of one, 224x224), on every core. The model is built before the clock starts
(torchvision initialises every weight randomly, which a loader need not do), so the time is the load
and the forward pass only. The baseline of bench/run_start_bench.sh. Prints JSON {"seconds", "load_seconds"}.

usage: pytorch_load_predict.py --arch vgg19 --weights FILE
"""
import argparse
import json
import os
import time

import torch
import torchvision


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--arch", required=True)
    parser.add_argument("--weights", required=True)
    args = parser.parse_args()
    torch.set_num_threads(os.cpu_count())  # every core, as hint uses
    model = getattr(torchvision.models, args.arch)()
    start = time.perf_counter()
    state = torch.load(args.weights, map_location="cpu")
    model.load_state_dict(state)
    loaded = time.perf_counter()
    model.eval()
    with torch.no_grad():
        logits = model(torch.rand(1, 3, 224, 224))
    seconds = time.perf_counter() - start
    assert logits.shape[1] > 0
    print(json.dumps({"seconds": seconds, "load_seconds": loaded - start}))


if __name__ == "__main__":
    main()
