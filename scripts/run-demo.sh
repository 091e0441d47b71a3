#!/usr/bin/env bash
# The README's first command: installs what is needed, builds, and starts the desktop explorer.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/install-deps.sh"
export HINT_BUILD_DIR=${HINT_BUILD_DIR:-$here/build}
"$here/scripts/build.sh"
exec "$HINT_BUILD_DIR/app/gui/hint-explorer" --demo "$@"
