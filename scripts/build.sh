#!/usr/bin/env bash
# Configures and builds HINT Explorer into build/ (or $HINT_BUILD_DIR) with every core.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${HINT_BUILD_DIR:-$here/build}
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
ninja -C "$build"
