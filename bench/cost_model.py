#!/usr/bin/python3
"""Measures the cost model of `hint run --dry-run` (resources/cost_model.json) on this machine.

For each architecture and tap it runs a small real project with one thread into an empty cache and
records, per pipeline step, CPU seconds and bytes per image (the model's unit: extract and regions read
their sampled images, train and shapley their group's images, localize its images with boxes):
  - images per step: `hint run --dry-run --json` before the run (steps.STEP.images);
  - seconds per step: `hint run --threads 1 --json` (steps.STEP.seconds, wall time of the step's entries),
    scaled by the process's CPU time / wall time so that a busy machine does not inflate them;
  - bytes per step: the sizes of the published cache entries, by the step their manifest names.
Measured with seeded random weights (cost does not depend on the weights' values), on ImageNet photos
(imagenet-sample-400 for the concepts, imagenet-val-100 with boxes for localize) and, for shapesnet,
on the demo project. Existing entries of other architectures or taps in --out are kept.

  /usr/bin/python3 bench/cost_model.py --hint build/app/cli/hint [--only vgg19:features.30] [--images 6]
"""
import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
STEPS = ["extract", "regions", "train", "shapley", "localize"]
# (architecture, tap): the worked example's two (docs/cluster.md) and the small models of the tests.
IMAGENET_CONFIGS = [("vgg19", "features.30"), ("resnet50", "layer3.5"), ("mobilenet_v2", "features.18"),
                    ("squeezenet1_0", "features.12")]
# Concepts with several leaf classes among imagenet-sample-400: dog, bird.
CONCEPTS = ["n02084071", "n01503061"]


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def run_hint(hint, args):
    """Runs hint; returns (parsed JSON stdout, wall seconds, CPU seconds, peak resident bytes)."""
    with tempfile.TemporaryFile(mode="w+") as out:
        start = time.monotonic()
        child = subprocess.Popen([hint] + args, stdout=out)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.monotonic() - start
        if status != 0:  # wait4 status: exit code << 8
            sys.exit(f"cost_model: {' '.join([hint] + args)} failed ({status})")
        out.seek(0)
        return json.load(out), wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def folder_bytes(path):
    total = 0
    for dirpath, _, files in os.walk(path):
        for name in files:
            total += os.path.getsize(os.path.join(dirpath, name))
    return total


def entry_bytes_by_step(cache):
    by_step = {}
    for name in os.listdir(cache):
        manifest = os.path.join(cache, name, "manifest.json")
        if len(name) != 64 or not os.path.isfile(manifest):
            continue
        with open(manifest) as f:
            step = json.load(f).get("step")
        by_step[step] = by_step.get(step, 0) + folder_bytes(os.path.join(cache, name))
    return by_step


def measure(hint, project, work):
    """Per-step costs of one project run from an empty cache."""
    cache = os.path.join(work, "cache")
    common = ["run", project, "--cache-dir", cache, "--threads", "1", "--json"]
    os.makedirs(cache, exist_ok=True)
    plan, _, _, _ = run_hint(hint, common + ["--dry-run"])
    run, wall, cpu, rss = run_hint(hint, common + ["--quiet"])
    if run["reused"] != 0:
        sys.exit("cost_model: the measuring run reused entries; the cache was not empty")
    ratio = cpu / wall if wall > 0 else 1.0
    sizes = entry_bytes_by_step(cache)
    steps = {}
    for step in STEPS:
        images = plan["steps"].get(step, {}).get("images", 0)
        seconds = run["steps"].get(step, {}).get("seconds", 0.0) * ratio
        if images == 0 or run["steps"].get(step, {}).get("computed", 0) == 0:
            continue
        steps[step] = {
            "seconds_per_image": round(seconds / images, 6),
            "bytes_per_image": round(sizes.get(step, 0) / images, 1),
            "images": images,
            "entries": run["steps"][step]["computed"],
        }
    print(f"  {run['computed']} entries in {wall:.1f} s wall, {cpu:.1f} s CPU, peak {rss / 1e6:.0f} MB",
          file=sys.stderr)
    return {"peak_rss_bytes": rss, **steps}


def imagenet_project(work, arch, tap, assets, images):
    sample = os.path.join(assets, "images", "imagenet-sample-400")
    val = os.path.join(assets, "images", "imagenet-val-100")
    project = {
        "format_version": 1,
        "model": {"arch": arch, "weights": "", "preprocessing": {"mode": "hint", "size": 224}},
        "layers": [tap],
        "datasets": [{"name": "sample", "kind": "folder", "path": sample},
                     {"name": "val", "kind": "imagenet-val", "path": val, "boxes": os.path.join(val, "boxes.csv")}],
        "concepts": CONCEPTS,
        # One image per leaf, `images` per concept and as many of the rest (group "rest"): small, all steps.
        "parameters": {"images_per_leaf": 1, "max_leaves": images, "max_images": images, "group": "rest",
                       "localize_images": images},
        "seed": 0,
    }
    path = os.path.join(work, "bench.hintproj")
    with open(path, "w") as f:
        json.dump(project, f)
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hint", required=True, help="the hint executable")
    parser.add_argument("--assets", default=os.path.join(ROOT, "..", "shared", "assets"),
                        help="folder with images/imagenet-sample-400 and images/imagenet-val-100")
    parser.add_argument("--out", default=os.path.join(ROOT, "resources", "cost_model.json"))
    parser.add_argument("--only", action="append", default=[], help="ARCH:TAP (repeatable; shapesnet = the demo)")
    parser.add_argument("--images", type=int, default=6, help="images per concept and per contrast (default 6)")
    args = parser.parse_args()
    hint = os.path.abspath(args.hint)

    try:
        with open(args.out) as f:
            model = json.load(f)
    except (OSError, ValueError):
        model = {}
    model["format_version"] = 1
    models = model.setdefault("models", {})

    wanted = [tuple(item.split(":", 1)) for item in args.only]
    configs = [c for c in IMAGENET_CONFIGS if not wanted or c in wanted]
    with_demo = not wanted or any(arch == "shapesnet" for arch, _ in wanted)
    if configs and not os.path.isdir(os.path.join(args.assets, "images", "imagenet-sample-400")):
        sys.exit(f"cost_model: no ImageNet photos under {args.assets} (give --assets)")

    for arch, tap in configs:
        print(f"{arch} {tap}", file=sys.stderr)
        with tempfile.TemporaryDirectory() as work:
            project = imagenet_project(work, arch, tap, os.path.abspath(args.assets), args.images)
            models.setdefault(arch, {}).setdefault("taps", {})[tap] = measure(hint, project, work)

    if with_demo:
        with tempfile.TemporaryDirectory() as work:
            subprocess.run([hint, "demo", "--out", os.path.join(work, "demo"), "--quiet"], check=True,
                           capture_output=True)
            project_file = os.path.join(work, "demo", "demo.hintproj")
            with open(project_file) as f:
                layers = json.load(f)["layers"]
            print(f"shapesnet {','.join(layers)} (the demo project)", file=sys.stderr)
            # One run covers the demo's taps; its per-step costs are shared by them (ShapesNet is tiny).
            steps = measure(hint, project_file, work)
            for tap in layers:
                models.setdefault("shapesnet", {}).setdefault("taps", {})[tap] = steps

    model["measured"] = (f"{cpu_model()}, 1 thread, {datetime.date.today().isoformat()}, by bench/cost_model.py "
                         f"(random weights; ImageNet photos 224 px; shapesnet: the demo project)")
    tmp = args.out + ".tmp"
    with open(tmp, "w") as f:
        json.dump(model, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(tmp, args.out)
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
