#!/usr/bin/python3
"""The worked example of docs/cluster.md: `hint run --dry-run` of the full ImageNet tree (every concept of
`hint concepts`, 1860 synsets over the 1000 classes) at one architecture and tap, with the default
parameters (20 images per leaf, at most 233 per concept, siblings as the group) and ILSVRC-2012
validation boxes for the localize step.

The plan needs only the data set's listing and the images' bytes (hashed for the keys), so the data set
is a stand-in with the real one's shape: 20 training images per class (all the plan samples of a class)
and 50 validation images per class with one box each, as symlinks to the photos of imagenet-sample-400.
Counts and estimates are those of the real data set; only the hashes differ.

  /usr/bin/python3 bench/full_tree_estimate.py --hint build/app/cli/hint --arch vgg19 --tap features.30 [--tasks 100]

Prints the dry-run JSON of the whole tree and, with --tasks N, the largest shard's estimate of N.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def hint_json(hint, args):
    return json.loads(subprocess.run([hint] + args, check=True, capture_output=True, text=True).stdout)


def build_data(work, photos, wnids):
    train = os.path.join(work, "train")
    val = os.path.join(work, "val")
    os.makedirs(val)
    n = 0
    rows = ["file,class_index,x0,y0,x1,y1"]
    for index, wnid in enumerate(wnids):
        os.makedirs(os.path.join(train, wnid))
        for i in range(20):
            os.symlink(photos[n % len(photos)], os.path.join(train, wnid, f"{wnid}_{i}.JPEG"))
            n += 1
        for i in range(50):
            name = f"ILSVRC2012_val_{index * 50 + i + 1:08d}.JPEG"
            os.symlink(photos[n % len(photos)], os.path.join(val, name))
            rows.append(f"{name},{index},10,10,200,200")
            n += 1
    with open(os.path.join(val, "boxes.csv"), "w") as f:
        f.write("\n".join(rows) + "\n")
    return train, val


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hint", required=True)
    parser.add_argument("--arch", default="vgg19")
    parser.add_argument("--tap", default="features.30")
    parser.add_argument("--tasks", type=int, default=0, help="also estimate each of N shards; print the largest")
    parser.add_argument("--sample-shards", type=int, default=0, help="plan only the first K shards (0 = all)")
    parser.add_argument("--assets", default=os.path.join(ROOT, "..", "shared", "assets"))
    parser.add_argument("--no-localize", action="store_true", help="leave the validation boxes out")
    args = parser.parse_args()
    hint = os.path.abspath(args.hint)
    sample = os.path.join(args.assets, "images", "imagenet-sample-400")
    photos = sorted(os.path.join(sample, f) for f in os.listdir(sample) if f.endswith(".JPEG"))
    wnids = [line.strip() for line in open(os.path.join(ROOT, "resources", "imagenet1k_wnids.txt")) if line.strip()]
    concepts = [c["wnid"] for c in hint_json(hint, ["concepts", "--json"])]

    with tempfile.TemporaryDirectory() as work:
        train, val = build_data(work, photos, wnids)
        datasets = [{"name": "train", "kind": "folder", "path": train}]
        if not args.no_localize:
            datasets.append({"name": "val", "kind": "imagenet-val", "path": val, "boxes": os.path.join(val, "boxes.csv")})
        project = {"format_version": 1, "model": {"arch": args.arch, "weights": ""}, "layers": [args.tap],
                   "datasets": datasets, "concepts": concepts, "seed": 0, "cache_dir": os.path.join(work, "cache")}
        os.makedirs(os.path.join(work, "cache"))  # so the images' hashes are remembered between the dry runs
        project_file = os.path.join(work, "tree.hintproj")
        with open(project_file, "w") as f:
            json.dump(project, f)
        start = time.monotonic()
        whole = hint_json(hint, ["run", project_file, "--dry-run", "--json"])
        print(f"{len(concepts)} concepts, plan in {time.monotonic() - start:.0f} s", file=sys.stderr)
        result = {"arch": args.arch, "tap": args.tap, "concepts": len(concepts), "whole": whole}
        if args.tasks > 0:
            # Shards share the group members' extractions: their sum exceeds the whole when run at once.
            indices = range(args.tasks) if args.sample_shards <= 0 else range(min(args.sample_shards, args.tasks))
            shards = [hint_json(hint, ["run", project_file, "--dry-run", "--json", "--shard", f"{i}/{args.tasks}"])
                      for i in indices]
            largest = max(shards, key=lambda s: s["estimate_cpu_seconds"])
            result["tasks"] = args.tasks
            result["shards_planned"] = len(shards)
            result["largest_shard"] = {k: largest[k] for k in ("entries", "to_compute", "images_to_extract",
                                                               "estimate_cpu_seconds", "estimate_disk_bytes")}
            result["shard_cpu_seconds"] = sorted(s["estimate_cpu_seconds"] for s in shards)
        print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
