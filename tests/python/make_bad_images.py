#!/usr/bin/python3
"""Writes a folder of awkward image files and a manifest.json saying what decoding each should give.

Usage: make_bad_images.py OUTDIR

Files that must decode (converted to 8-bit RGB): grayscale, CMYK, 16-bit grey PNG, RGBA PNG,
grey+alpha PNG, palette PNG, EXIF-rotated JPEG (orientation 6). Files that must be skipped with a
reason: truncated JPEG, truncated PNG, empty file, a text file named .jpg. Not listed as images:
readme.txt and a hidden file. Expected colours come from PIL (an independent decoder), checked at
a few points with a tolerance for JPEG loss.

manifest.json: {"images": [{"file", "ok", "width", "height", "reason", "checks": [[x, y, r, g, b, tol]]}],
                "not_listed": [...]}
"""
import io
import json
import os
import sys

import numpy as np
from PIL import Image, ImageOps


def main():
    out = sys.argv[1]
    os.makedirs(os.path.join(out, "n01440764"), exist_ok=True)
    cases = []

    def expect_ok(name, image_for_checks, points, tol):
        rgb = image_for_checks.convert("RGB")
        checks = [[x, y, *rgb.getpixel((x, y)), tol] for x, y in points]
        cases.append({"file": name, "ok": True, "width": rgb.width, "height": rgb.height, "reason": "", "checks": checks})

    def expect_error(name, reason):
        cases.append({"file": name, "ok": False, "width": 0, "height": 0, "reason": reason, "checks": []})

    # Plain RGB, inside a wnid folder (the label comes from the folder name).
    plain = Image.new("RGB", (40, 30), (200, 30, 60))
    plain.save(os.path.join(out, "n01440764", "plain.jpg"), quality=95)
    expect_ok("n01440764/plain.jpg", plain, [(20, 15)], 8)

    gray = Image.new("L", (32, 24), 100)
    gray.save(os.path.join(out, "gray.jpg"), quality=95)
    expect_ok("gray.jpg", Image.open(os.path.join(out, "gray.jpg")), [(5, 5), (30, 20)], 3)

    # A real CMYK JPEG (Adobe marker, inverted channels as PIL writes them): left red, right green.
    cmyk = Image.new("CMYK", (40, 20), (0, 255, 255, 0))
    cmyk.paste((255, 0, 255, 0), (20, 0, 40, 20))
    cmyk.save(os.path.join(out, "cmyk.jpg"), quality=95)
    expect_ok("cmyk.jpg", Image.open(os.path.join(out, "cmyk.jpg")), [(5, 10), (35, 10)], 12)

    # 16-bit grey: 0x8080 = 32896 -> 128 after scaling by 257; a ramp checks the scale.
    ramp = np.zeros((16, 64), dtype=np.uint16)
    ramp[:, :32] = 32896
    ramp[:, 32:] = 65535
    Image.fromarray(ramp).save(os.path.join(out, "gray16.png"))
    cases.append({"file": "gray16.png", "ok": True, "width": 64, "height": 16, "reason": "",
                  "checks": [[5, 5, 128, 128, 128, 1], [40, 5, 255, 255, 255, 0]]})

    # RGBA: left half fully transparent red (composited over white), right half opaque blue,
    # a middle column half-transparent black (-> about 128 grey).
    rgba = Image.new("RGBA", (40, 10), (255, 0, 0, 0))
    rgba.paste((0, 0, 255, 255), (20, 0, 40, 10))
    rgba.paste((0, 0, 0, 128), (18, 0, 20, 10))
    rgba.save(os.path.join(out, "rgba.png"))
    cases.append({"file": "rgba.png", "ok": True, "width": 40, "height": 10, "reason": "",
                  "checks": [[5, 5, 255, 255, 255, 0], [30, 5, 0, 0, 255, 0], [19, 5, 127, 127, 127, 1]]})

    la = Image.new("LA", (10, 10), (50, 255))
    la.paste((0, 0), (0, 0, 5, 10))
    la.save(os.path.join(out, "gray_alpha.png"))
    cases.append({"file": "gray_alpha.png", "ok": True, "width": 10, "height": 10, "reason": "",
                  "checks": [[2, 5, 255, 255, 255, 0], [8, 5, 50, 50, 50, 0]]})

    palette = Image.new("RGB", (12, 12), (10, 200, 30)).convert("P", palette=Image.ADAPTIVE, colors=4)
    palette.save(os.path.join(out, "palette.png"))
    expect_ok("palette.png", Image.open(os.path.join(out, "palette.png")), [(6, 6)], 0)

    # EXIF orientation 6: stored 40x20 with the left half red and the right half blue; shown
    # rotated 90 degrees clockwise, 20x40, red on top.
    stored = Image.new("RGB", (40, 20), (255, 0, 0))
    stored.paste((0, 0, 255), (20, 0, 40, 20))
    exif = Image.Exif()
    exif[0x0112] = 6
    stored.save(os.path.join(out, "exif_rot6.jpg"), quality=95, exif=exif.tobytes())
    shown = ImageOps.exif_transpose(Image.open(os.path.join(out, "exif_rot6.jpg")))
    assert shown.size == (20, 40)
    expect_ok("exif_rot6.jpg", shown, [(10, 5), (10, 35)], 12)

    # Broken files.
    rng = np.random.default_rng(0)
    noise = Image.fromarray(rng.integers(0, 256, (64, 64, 3), dtype=np.uint8))
    buffer = io.BytesIO()
    noise.save(buffer, format="JPEG", quality=95)
    data = buffer.getvalue()
    open(os.path.join(out, "truncated.jpg"), "wb").write(data[: len(data) * 6 // 10])
    expect_error("truncated.jpg", "truncated")
    buffer = io.BytesIO()
    noise.save(buffer, format="PNG")
    data = buffer.getvalue()
    open(os.path.join(out, "truncated.png"), "wb").write(data[: len(data) * 6 // 10])
    expect_error("truncated.png", "truncated")
    open(os.path.join(out, "empty.jpg"), "wb").close()
    expect_error("empty.jpg", "empty")
    with open(os.path.join(out, "text.jpg"), "w") as f:
        f.write("This is a text file with an image's name.\n" * 20)
    expect_error("text.jpg", "not an image")

    # Not images: never listed.
    with open(os.path.join(out, "readme.txt"), "w") as f:
        f.write("not an image\n")
    plain.save(os.path.join(out, ".hidden.jpg"))

    cases.sort(key=lambda c: c["file"])
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump({"images": cases, "not_listed": ["readme.txt", ".hidden.jpg", "manifest.json"]}, f, indent=1)


if __name__ == "__main__":
    main()
