"""Reference for tests/engine/data/pil_resize_test.cpp: Pillow's own Image.resize, as the original HINT
code calls it (`Image.open(p).convert('RGB').resize((224, 224), Image.ANTIALIAS)`, ANTIALIAS = LANCZOS).

Usage: pil_resize_reference.py IN.json OUT.json
IN: {"resize": [{"in": RAW, "width": W, "height": H, "to": [w, h], "filter": "lanczos|bicubic|bilinear",
                 "out": RAW}],
     "photos": [{"path": JPEG, "size": S, "decoded": RAW, "resized": RAW, "tensor": F32}],
     "time": {"in": RAW, "width": W, "height": H, "to": [w, h], "repeat": n}}
RAW files are 8-bit RGB, row-major, no header; F32 is the 3xSxS float32 network input (ToTensor then
Normalize with ImageNet mean/std, in float32 as torchvision does).
OUT: {"pillow": "9.4.0", "seconds_per_resize": t}
"""
import json
import sys
import timeit

import numpy as np
import PIL
from PIL import Image

FILTERS = {"lanczos": Image.LANCZOS, "bicubic": Image.BICUBIC, "bilinear": Image.BILINEAR}
MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32).reshape(3, 1, 1)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32).reshape(3, 1, 1)


def read_raw(path, width, height):
    with open(path, "rb") as f:
        return Image.frombytes("RGB", (width, height), f.read())


def write_raw(path, image):
    with open(path, "wb") as f:
        f.write(image.tobytes())


def photo(case):
    size = case["size"]
    decoded = Image.open(case["path"]).convert("RGB")
    write_raw(case["decoded"], decoded)
    resized = decoded.resize((size, size), Image.LANCZOS)
    write_raw(case["resized"], resized)
    chw = np.asarray(resized, dtype=np.uint8).transpose(2, 0, 1).astype(np.float32) / np.float32(255)
    ((chw - MEAN) / STD).astype(np.float32).tofile(case["tensor"])


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    for case in spec.get("resize", []):
        image = read_raw(case["in"], case["width"], case["height"])
        write_raw(case["out"], image.resize(tuple(case["to"]), FILTERS[case["filter"]]))
    for case in spec.get("photos", []):
        photo(case)
    out = {"pillow": PIL.__version__}
    if "time" in spec:
        t = spec["time"]
        image = read_raw(t["in"], t["width"], t["height"])
        runs = timeit.repeat(lambda: image.resize(tuple(t["to"]), Image.LANCZOS), number=1, repeat=t["repeat"])
        out["seconds_per_resize"] = min(runs)
    with open(sys.argv[2], "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
