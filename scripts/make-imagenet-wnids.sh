#!/usr/bin/env bash
# Regenerates resources/imagenet1k_wnids.txt from Debian's darknet package (not a build dependency).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get download darknet >/dev/null && dpkg-deb -x darknet_*.deb root)
head -1000 "$tmp/root/usr/share/darknet/data/imagenet.labels.list" | sort > "$here/resources/imagenet1k_wnids.txt"
echo "wrote $(wc -l < "$here/resources/imagenet1k_wnids.txt") wnids"
