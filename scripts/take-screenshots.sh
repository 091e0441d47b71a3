#!/usr/bin/env bash
# Regenerates every image of README.md and docs/ (docs/images/*.png) from the built-in demo, with the
# product itself: a fresh `hint demo`, then `hint-explorer --export-view` for each of the seven views
# (no display needed; the first one runs HINT on the demo), then the main window and the welcome page
# captured in a real X server (Xvfb, ImageMagick's `import`), and the HTML report (`hint report --html`)
# in headless Chromium (skipped when chromium is absent).
# Usage: scripts/take-screenshots.sh   (after scripts/build.sh)
# Environment: HINT_BUILD_DIR (build), OUT (docs/images), WORK (a temporary folder, removed after),
# WAIT (seconds the window gets before a capture, 20), SCALE (Qt scale factor of the window captures, 1).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${HINT_BUILD_DIR:-$here/build}
out=${OUT:-$here/docs/images}
wait_s=${WAIT:-20}
scale=${SCALE:-1}
hint=$build/app/cli/hint
explorer=$build/app/gui/hint-explorer
for f in "$hint" "$explorer"; do [ -x "$f" ] || { echo "take-screenshots: $f is missing (scripts/build.sh)" >&2; exit 2; }; done
work=${WORK:-$(mktemp -d)}
[ -n "${WORK:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$out" "$work/runtime"
chmod 700 "$work/runtime"
# The screenshots' cache, settings and demo, never the user's.
export HINT_CACHE_DIR=$work/cache XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_RUNTIME_DIR=$work/runtime

"$hint" demo --out "$work/demo"
project=$work/demo/demo.hintproj
for view in contributions heatmaps concept-maps associations layers evaluation adversarial; do
  "$explorer" "$project" --export-view "$view" --out "$out/$view.png" --size 1600x1000 --dpi 120
  echo "take-screenshots: $out/$view.png"
done

# The HTML report: its index and one concept page, as a browser shows them.
"$hint" report "$project" --html "$work/report"
if command -v chromium > /dev/null; then
  shoot() {  # NAME PAGE WIDTHxHEIGHT
    chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$work/chromium" \
      --window-size="${3/x/,}" --screenshot="$out/$1.png" "file://$work/report/$2" 2> /dev/null
    echo "take-screenshots: $out/$1.png"
  }
  shoot report index.html 1400x1000
  shoot report-concept concepts/n13878634/features.16.html 1400x1700
else
  echo "take-screenshots: chromium is not installed: no screenshot of the HTML report" >&2
fi

capture() {  # NAME, app arguments...
  local name=$1
  shift
  QT_SCALE_FACTOR=$scale xvfb-run -a -s '-screen 0 1600x1000x24' bash -c '
    "$0" -geometry 1600x1000+0+0 "${@:3}" 2> "$2.log" & pid=$!
    sleep "$1"
    import -window root "$2"
    kill "$pid"; wait "$pid" || true' "$explorer" "$wait_s" "$out/$name.png" "$@"
  if grep -v -e '^$' -e propagateSizeHints "$out/$name.png.log" >&2; then echo "take-screenshots: the app printed the above for $name" >&2; fi
  rm -f "$out/$name.png.log"
  echo "take-screenshots: $out/$name.png"
}
capture main-window "$project" --view associations
capture welcome
