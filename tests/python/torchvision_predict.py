"""Top-1 predictions of a torchvision model over a folder of photos, with torchvision's own pipeline
(PIL decoding + torchvision.transforms), for comparison with the C++ engine's predictions.

Writes one line per image, in sorted file-name order: `<file name> <top-1 class index>`.

  torchvision_predict.py --arch mobilenet_v2 --weights W.pth --preprocess classify --size 224 \
      --images DIR --out predictions.txt
Preprocessing: classify = RGB, Resize(S*256/224), CenterCrop(S), ToTensor, ImageNet mean/std;
caffe = Resize((S*256/227, S*256/227)), CenterCrop(S), 0..255, BGR, minus (104, 117, 123).
"""
import argparse
import os

import torch
import torchvision
from PIL import Image
from torchvision import transforms

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".bmp")


def make_transform(mode, size):
    if mode == "classify":
        return transforms.Compose([
            transforms.Resize(round(size * 256 / 224)),
            transforms.CenterCrop(size),
            transforms.ToTensor(),
            transforms.Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225)),
        ])
    if mode == "caffe":
        side = round(size * 256 / 227)
        mean = torch.tensor([104.0, 117.0, 123.0]).view(3, 1, 1)
        return transforms.Compose([
            transforms.Resize((side, side)),
            transforms.CenterCrop(size),
            transforms.PILToTensor(),
            transforms.Lambda(lambda x: x.float().flip(0) - mean),
        ])
    raise SystemExit("unknown preprocessing " + mode)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--arch", required=True)
    parser.add_argument("--weights", required=True)
    parser.add_argument("--preprocess", required=True, choices=["classify", "caffe"])
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--images", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--batch", type=int, default=32)
    args = parser.parse_args()

    model = getattr(torchvision.models, args.arch)(weights=None)
    model.load_state_dict(torch.load(args.weights, map_location="cpu"), strict=True)
    model.eval()
    transform = make_transform(args.preprocess, args.size)
    names = sorted(n for n in os.listdir(args.images) if n.lower().endswith(IMAGE_EXTENSIONS))

    lines = []
    with torch.no_grad():
        for start in range(0, len(names), args.batch):
            chunk = names[start:start + args.batch]
            batch = torch.stack([transform(Image.open(os.path.join(args.images, n)).convert("RGB")) for n in chunk])
            top1 = model(batch).argmax(1).tolist()
            lines += [f"{n} {c}\n" for n, c in zip(chunk, top1)]
    with open(args.out, "w") as f:
        f.writelines(lines)


if __name__ == "__main__":
    main()
