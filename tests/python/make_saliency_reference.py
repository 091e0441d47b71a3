#!/usr/bin/env python3
"""Reference saliency at a hidden layer, computed the original HINT way in PyTorch: the full network
with weight gradients on, a forward hook on the tap module, one-hot backward on the target logit
(torch.autograd.grad), guided backprop by guided ReLU functions. Used by the C++ fidelity tests.
The model and its inputs are channels-last (NHWC), as the engine runs them: the same operations in the
same memory format, so the same float arithmetic. (In NCHW PyTorch's own saliency differs from its NHWC
saliency by up to 13% of the maximum on these random networks, e.g. vgg11 features.13 smoothgrad,
while the features agree to 1e-6: ReLU and max-pool decisions on near-ties flip.)

usage: make_saliency_reference.py ARCH OUTDIR --layers a,b --size S [--seed N] [--smoothgrad-samples N]
"""
import argparse
import json
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

METHODS = ["guided", "vanilla", "smoothgrad", "integrated-gradients", "gradient-x-input", "gradcam", "guided-gradcam"]
MASK64 = (1 << 64) - 1


class GuidedClamp(torch.autograd.Function):
    """ReLU / ReLU6 whose backward passes only positive gradients where the output is in the open range."""

    @staticmethod
    def forward(ctx, x, upper):
        out = x.clamp(min=0) if upper is None else x.clamp(0, upper)
        ctx.save_for_backward(out)
        ctx.upper = upper
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        mask = out > 0
        if ctx.upper is not None:
            mask = mask & (out < ctx.upper)
        return grad.clamp(min=0) * mask, None


GUIDED = {"on": False}


class SwitchableReLU(nn.Module):
    def __init__(self, upper=None):
        super().__init__()
        self.upper = upper

    def forward(self, x):
        if GUIDED["on"]:
            return GuidedClamp.apply(x, self.upper)
        # As nn.ReLU / nn.ReLU6: no gradient at the kinks (clamp would pass it at x == 0, which matters
        # for integrated gradients' alpha = 0 input with torchvision's zero biases).
        return torch.relu(x) if self.upper is None else F.hardtanh(x, 0.0, self.upper)


def swap_activations(module):
    for name, child in module.named_children():
        if isinstance(child, nn.ReLU6):
            setattr(module, name, SwitchableReLU(6.0))
        elif isinstance(child, nn.ReLU):
            setattr(module, name, SwitchableReLU())
        else:
            swap_activations(child)


def build(arch, seed):
    torch.manual_seed(seed)
    model = torchvision.models.__dict__[arch](weights=None)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.uniform_(-0.1, 0.1)
                m.running_var.uniform_(0.5, 1.5)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.1, 0.1)
    model.eval()
    return model


def forward_with_tap(model, layer, x):
    """Full forward (weights require grad, as the original); returns logits and the tap output."""
    captured = {}
    module = dict(model.named_modules())[layer]

    def hook(_m, _i, out):
        # Hand the rest of the network a copy, so in-place ops after the tap (ResNet's `out += identity`)
        # change neither the captured z nor its gradient.
        if "z" not in captured:
            captured["z"] = out
            return out.clone()
        return None
    handle = module.register_forward_hook(hook)
    logits = model(x.contiguous(memory_format=torch.channels_last))
    handle.remove()
    return logits, captured["z"]


def tap_gradient(model, layer, x, targets, guided):
    GUIDED["on"] = guided
    logits, z = forward_with_tap(model, layer, x)
    GUIDED["on"] = False
    selected = logits.gather(1, targets.view(-1, 1)).sum()
    (grad,) = torch.autograd.grad(selected, z)
    return z.detach(), grad.detach(), logits.detach()


def gradcam(z, grad):
    w = grad.mean(dim=(2, 3), keepdim=True)
    cam = torch.relu(1.0 + (w * z).sum(1, keepdim=True))
    flat = cam.flatten(1)
    lo = flat.min(1)[0].view(-1, 1, 1, 1)
    hi = flat.max(1)[0].view(-1, 1, 1, 1)
    rng = hi - lo
    return torch.where(rng > 0, (cam - lo) / rng.clamp(min=1e-12), torch.zeros_like(cam))


def smoothgrad_noise(x_row, seed, image_id, sample):
    """The original's noise (std = sigma^2, sigma = 4 / (max x - min x)), drawn as the engine draws it."""
    rng = float(x_row.max() - x_row.min())
    sigma = 4.0 / rng if rng > 0 else 0.0
    mixed = ((seed * 0x9E3779B97F4A7C15) & MASK64) ^ (((image_id + 1) * 0xBF58476D1CE4E5B9) & MASK64) ^ sample
    gen = torch.Generator().manual_seed(mixed & MASK64)
    return torch.randn(x_row.shape, generator=gen) * (sigma * sigma)


def saliency(model, layer, method, x, requested, seed, samples, steps):
    targets = requested.clone()
    z, grad, logits = tap_gradient(model, layer, x, torch.where(targets < 0, torch.zeros_like(targets), targets), False)
    targets = torch.where(requested < 0, logits.argmax(1), requested)
    z, grad, _ = tap_gradient(model, layer, x, targets, method == "guided")
    if method in ("guided", "vanilla"):
        return z, grad, targets
    if method == "gradient-x-input":
        return z, grad * z, targets
    if method == "gradcam":
        return z, gradcam(z, grad), targets
    if method == "guided-gradcam":
        _, g, _ = tap_gradient(model, layer, x, targets, True)
        return z, g * gradcam(z, grad), targets
    if method == "integrated-gradients":
        total = torch.zeros_like(grad)
        for alpha in np.linspace(0.0, 1.0, steps):
            total += tap_gradient(model, layer, x * float(alpha), targets, False)[1]
        return z, total / steps * z, targets
    if method == "smoothgrad":
        gsum, zsum = torch.zeros_like(grad), torch.zeros_like(z)
        for s in range(samples):
            noise = torch.stack([smoothgrad_noise(x[i], seed, i, s) for i in range(x.shape[0])])
            zn, gn, _ = tap_gradient(model, layer, x + noise, targets, False)
            gsum += gn
            zsum += zn
        return zsum / samples, gsum / samples, targets
    raise ValueError(method)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("arch")
    p.add_argument("out")
    p.add_argument("--layers", required=True)
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--smoothgrad-samples", type=int, default=3)
    p.add_argument("--ig-steps", type=int, default=25)
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    torch.set_num_threads(os.cpu_count() or 1)
    model = build(args.arch, args.seed)
    torch.save(model.state_dict(), os.path.join(args.out, "weights.pth"))
    for m in model.modules():
        if hasattr(m, "inplace"):
            m.inplace = False
    swap_activations(model)
    model = model.to(memory_format=torch.channels_last)
    gen = torch.Generator().manual_seed(args.seed + 1)
    x = torch.randn(3, 3, args.size, args.size, generator=gen)
    requested = torch.tensor([3, -1, 7], dtype=torch.int64)
    np.save(os.path.join(args.out, "input.npy"), x.numpy())
    np.save(os.path.join(args.out, "requested.npy"), requested.numpy())
    index = []
    for layer in args.layers.split(","):
        for method in METHODS:
            z, s, t = saliency(model, layer, method, x, requested, args.seed, args.smoothgrad_samples, args.ig_steps)
            stem = f"{layer}_{method}"
            np.save(os.path.join(args.out, f"features_{stem}.npy"), z.numpy().astype(np.float32))
            np.save(os.path.join(args.out, f"saliency_{stem}.npy"), s.numpy().astype(np.float32))
            np.save(os.path.join(args.out, f"targets_{stem}.npy"), t.numpy().astype(np.int64))
            index.append({"layer": layer, "method": method, "stem": stem})
    with open(os.path.join(args.out, "index.json"), "w") as f:
        json.dump(index, f)


if __name__ == "__main__":
    main()
