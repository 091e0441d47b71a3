#!/usr/bin/env python3
"""The `hint` launcher (app/cli/launcher) against hint-engine, the program it fronts.

- It loads no LibTorch (its listing is what lets `hint layers` answer without it).
- `hint models` and `hint layers --arch A` print byte for byte what hint-engine prints: every
  architecture as --json at 224; VGG19 and Inception v3 (299 px) also as text, at both sizes, with --arch=A.
- Everything else reaches hint-engine with the same arguments, output and exit status: a size the listing
  lacks, an unknown architecture, an unknown option, --version, a command's bad input.
- Alone in a folder (no hint-engine beside it) it still lists, and says what it cannot run otherwise.
Usage: launcher_test.py HINT HINT_ENGINE
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

hint, engine = sys.argv[1], sys.argv[2]
failures = []


def run(program, *args):
    done = subprocess.run([program, *args], capture_output=True, text=True, timeout=300)
    return done.returncode, done.stdout, done.stderr


def check(condition, message):
    if not condition:
        failures.append(message)


def same(args, expect_status=None):
    """`hint ARGS` and `hint-engine ARGS` agree on status, stdout and stderr."""
    ours, theirs = run(hint, *args), run(engine, *args)
    check(ours == theirs, f"hint {' '.join(args)}: {ours!r} != hint-engine's {theirs!r}")
    if expect_status is not None:
        check(ours[0] == expect_status, f"hint {' '.join(args)}: exit {ours[0]}, expected {expect_status}")
    return ours


needed = subprocess.run(["readelf", "-d", hint], capture_output=True, text=True, check=True).stdout
check("libtorch" not in needed and "libc10" not in needed, "the launcher links LibTorch:\n" + needed)

listings = 0
same(["models"], 0)
models = json.loads(same(["models", "--json"], 0)[1])
check(len(models) >= 20, f"only {len(models)} architectures")
# Every architecture as JSON at the default size; text, --arch=A and an architecture's own input size on
# a few (each hint-engine run loads LibTorch: about 0.6 s).
for model in models:
    taps = json.loads(same(["layers", "--arch", model["arch"], "--json"], 0)[1])
    check(len(taps) > 3, f"{model['arch']}: too few taps")
    listings += 1
for model in [m for m in models if m["arch"] in ("vgg19", "inception_v3")]:
    for size in sorted({224, model["input_size"]}):
        same(["layers", f"--arch={model['arch']}", "--input-size", str(size)], 0)
        same(["layers", "--json", "--input-size", str(size), "--arch", model["arch"]], 0)
        listings += 2
check(listings == len(models) + 6, f"{listings} listings compared: inception_v3 or vgg19 missing")
print(f"launcher: {listings} layer listings equal hint-engine's")

same(["layers", "--arch", "vgg19", "--input-size", "320"], 0)  # not in the listing: answered by the engine
same(["layers", "--arch", "no_such_net"], 2)
same(["layers", "--arch", "vgg19", "--bogus"], 2)
same(["layers"], 2)
same(["--version"], 0)
same(["predict", "--arch", "vgg19", "/nonexistent/image.jpg"], 2)

with tempfile.TemporaryDirectory() as folder:
    alone = os.path.join(folder, "hint")
    shutil.copy(hint, alone)
    status, out, _ = run(alone, "layers", "--arch", "vgg19")
    check(status == 0 and out == run(engine, "layers", "--arch", "vgg19")[1], "alone: no listing of vgg19")
    status, _, err = run(alone, "--version")
    check(status == 1 and "cannot run " + os.path.join(folder, "hint-engine") in err,
          f"alone: --version gave {status} {err!r}")

for failure in failures:
    print("FAIL:", failure)
print(f"launcher: {'0 failed' if not failures else str(len(failures)) + ' failed'}")
sys.exit(1 if failures else 0)
