#!/usr/bin/python3
"""Reference outputs of a torchvision 0.14 model for the engine's model fidelity test.

usage: make_model_reference.py ARCH OUTDIR [--input-size S] [--seed N] [--taps a,b,c] [--order forward|named]

Builds torchvision.models.ARCH(weights=None) with seeded random weights (BatchNorm running stats and
affine parameters randomized too, so batch norm is tested), in eval mode, and writes to OUTDIR:
  weights.pth      the state dict as a plain dict (torch.save, zip format)
  input.npy        a seeded random input, float32 2x3xSxS
  logits.npy       the model's output for it
  tap_<name>.npy   the output of each requested tap (first call of the module)
  taps.json        [{"name", "shape"}]: every module on the forward path (called at least once), in
                   the order of first calls (--order named: named_modules() order), with its first
                   call's output shape without the batch dimension
  saved_taps.json  the names of the tap_<name>.npy files written
--taps names modules; the word "auto" (the default) adds a few spread over the forward path.
Exits with status 3 when torchvision has no such model.
"""
import argparse
import json
import os

import numpy as np
import torch
import torch.nn.functional as F
import torchvision


# Exit status for an architecture torchvision does not have (the engine's own demo network).
NOT_IN_TORCHVISION = 3


def build(arch, num_classes):
    factory = getattr(torchvision.models, arch, None)
    if not callable(factory):
        print(f"torchvision {torchvision.__version__} has no model '{arch}'")
        raise SystemExit(NOT_IN_TORCHVISION)
    if arch == "inception_v3":
        return factory(weights=None, num_classes=num_classes, init_weights=True, aux_logits=True,
                       transform_input=True)
    return factory(weights=None, num_classes=num_classes)


def randomize_batch_norm(model, generator):
    """Random affine parameters, and running statistics near those of a random input, each layer's
    measured with the layers before it already set: random but well scaled (no exploding values)."""
    def calibrate(module, inputs):
        x = inputs[0]
        dims = [d for d in range(x.dim()) if d != 1]
        mean, var = x.mean(dims), x.var(dims, unbiased=False)
        n = module.num_features
        module.running_mean.copy_(mean + 0.1 * var.sqrt() * torch.randn(n, generator=generator))
        module.running_var.copy_(var * (0.7 + 0.7 * torch.rand(n, generator=generator)))

    handles = []
    for module in model.modules():
        if isinstance(module, torch.nn.modules.batchnorm._BatchNorm):
            n = module.num_features
            with torch.no_grad():
                module.weight.copy_(0.5 + torch.rand(n, generator=generator))
                module.bias.copy_(0.2 * torch.rand(n, generator=generator) - 0.1)
            handles.append(module.register_forward_pre_hook(calibrate))
    return handles


def without_inplace(model):
    """Hooks must see each module's own output, not one a later in-place op has overwritten."""
    for module in model.modules():
        if hasattr(module, "inplace"):
            module.inplace = False
    relu = F.relu
    # torchvision calls F.relu(x, inplace=True) in Inception's BasicConv2d and elsewhere.
    F.relu = lambda x, inplace=False: relu(x, inplace=False)


def forward_path(model, names, x, keep, order="forward"):
    """Runs the model with hooks. Returns the modules on the forward path (called at least once)
    with their first call's output shape (without the batch dimension), the logits, and the first
    call's output of every module in keep. The path is in the order of the modules' first calls
    (a container before its children, as the engine lists taps), or with order="named" in
    named_modules() order; they differ where a module is called again later (ResNet's Bottleneck
    relu runs after bn1 but is registered after bn3)."""
    first_calls, shapes, saved = [], {}, {}

    def pre_hook_for(name):
        def pre_hook(_module, _inputs):
            if name not in first_calls:
                first_calls.append(name)
        return pre_hook

    def hook_for(name):
        def hook(_module, _inputs, output):
            if name in shapes or not isinstance(output, torch.Tensor):
                return
            shapes[name] = list(output.shape[1:])
            if name in keep:  # cloned now: a later in-place op must not change it
                saved[name] = output.detach().clone()
        return hook

    modules = dict(model.named_modules())
    handles = [modules[n].register_forward_pre_hook(pre_hook_for(n)) for n in names]
    handles += [modules[n].register_forward_hook(hook_for(n)) for n in names]
    try:
        with torch.no_grad():
            logits = model(x.contiguous(memory_format=torch.channels_last))
    finally:
        for h in handles:
            h.remove()
    listed = names if order == "named" else first_calls
    return [(n, shapes[n]) for n in listed if n in shapes], logits, saved


def auto_taps(path):
    """A few modules spread over the forward path (not the last: the logits cover it), plus the
    first nested one that is called more than once (ResNet's block relu: its tap is its first call)."""
    names = [name for name, _ in path]
    picks = {names[round(f * (len(names) - 1))] for f in (0.1, 0.45, 0.8)}
    for name in names:
        if "." in name and name.rsplit(".", 1)[1] == "relu":
            picks.add(name)
            break
    return [n for n in names if n in picks]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("arch")
    parser.add_argument("outdir")
    parser.add_argument("--input-size", type=int, default=224)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--num-classes", type=int, default=1000)
    parser.add_argument("--taps", default="auto")
    parser.add_argument("--order", choices=["forward", "named"], default="forward")
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    model = build(args.arch, args.num_classes)
    model.eval()
    without_inplace(model)
    # Channels-last (NHWC), as the engine runs: the same float arithmetic (the weights are saved NCHW).
    model = model.to(memory_format=torch.channels_last)
    names = [n for n, _ in model.named_modules() if n]

    # A probe pass at a small input sets the batch-norm statistics and finds the forward path
    # (which does not depend on the input size).
    generator = torch.Generator().manual_seed(args.seed + 1)
    probe_size = max(75, min(args.input_size, 128))
    calibration = randomize_batch_norm(model, generator)
    probe = torch.randn(2, 3, probe_size, probe_size, generator=generator)
    probe_path = forward_path(model, names, probe, set())[0]
    for h in calibration:
        h.remove()

    taps = []
    for t in (t for t in args.taps.split(",") if t):
        taps += auto_taps(probe_path) if t == "auto" else [t]
    taps = list(dict.fromkeys(taps))
    x = torch.randn(2, 3, args.input_size, args.input_size, generator=generator)
    path, logits, saved = forward_path(model, names, x, set(taps), args.order)
    unknown = [t for t in taps if t not in saved]
    if unknown:
        raise SystemExit(f"not on {args.arch}'s forward path: {', '.join(unknown)}")

    os.makedirs(args.outdir, exist_ok=True)
    # A plain dict: LibTorch 1.13's unpickler reads a pickled OrderedDict (what state_dict() returns)
    # as None, so the engine cannot load such files yet.
    torch.save({k: v.contiguous() for k, v in model.state_dict().items()}, os.path.join(args.outdir, "weights.pth"))
    np.save(os.path.join(args.outdir, "input.npy"), x.numpy().astype(np.float32))
    np.save(os.path.join(args.outdir, "logits.npy"), logits.numpy().astype(np.float32))
    for t in taps:
        np.save(os.path.join(args.outdir, f"tap_{t}.npy"), saved[t].numpy().astype(np.float32))
    with open(os.path.join(args.outdir, "taps.json"), "w") as f:
        json.dump([{"name": n, "shape": shape} for n, shape in path], f)
    with open(os.path.join(args.outdir, "saved_taps.json"), "w") as f:
        json.dump(taps, f)


if __name__ == "__main__":
    main()
