#!/usr/bin/env bash
# The README's test command: installs what is needed, builds, and runs every test (ctest).
# Exits non-zero on any failure. Tests that need ../shared/assets skip cleanly without it.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
start=$(date +%s)
"$here/scripts/install-deps.sh"
export HINT_BUILD_DIR=${HINT_BUILD_DIR:-$here/build}
"$here/scripts/build.sh"
cd "$HINT_BUILD_DIR"
QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j "$(nproc)" --timeout 1200
echo "test.sh: total $(( $(date +%s) - start )) s"
