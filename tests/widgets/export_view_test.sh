#!/usr/bin/env bash
# `hint-explorer PROJECT --export-view VIEW` (CLI.md) on a fresh `hint demo` output with no display at
# all: every view is written at the requested size and is not blank, SVG and PDF too, and bad
# arguments exit 2 naming them. The first export computes the demo's results (progress on stderr).
# Usage: export_view_test.sh HINT HINT_EXPLORER
set -uo pipefail
hint=$1
explorer=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HINT_CACHE_DIR=$work/cache XDG_CONFIG_HOME=$work/config XDG_RUNTIME_DIR=$work/runtime
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
unset DISPLAY WAYLAND_DISPLAY QT_QPA_PLATFORM  # the export must need no display
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok: $*"; }
bad() { failed=$((failed + 1)); echo "FAILED: $*"; }

"$hint" demo --out "$work/demo" --quiet || { echo "hint demo failed"; exit 1; }
project=$work/demo/demo.hintproj

# PNG size and the number of distinct colours (a blank or single-colour figure has 1).
png_facts() {
  /usr/bin/python3 - "$1" <<'PY'
import sys
from PIL import Image
im = Image.open(sys.argv[1]).convert("RGB")
colours = im.getcolors(maxcolors=1 << 24)
print(im.size[0], im.size[1], len(colours))
PY
}

for view in contributions heatmaps concept-maps associations layers evaluation adversarial; do
  out=$work/$view.png
  start=$(date +%s%N)
  if "$explorer" "$project" --export-view "$view" --out "$out" --size 900x560 --dpi 96 2> "$work/$view.log"; then
    read -r w h colours < <(png_facts "$out")
    seconds=$(( ($(date +%s%N) - start) / 1000000 ))
    if [ "$w" = 900 ] && [ "$h" = 560 ] && [ "$colours" -ge 16 ]; then
      ok "$view: ${w}x${h}, $colours colours, ${seconds} ms"
    else
      bad "$view: ${w}x${h} with $colours colours (want 900x560, >= 16 colours)"
    fi
  else
    bad "$view: exit $? — $(tail -3 "$work/$view.log")"
  fi
done

# The other formats, at another size.
if "$explorer" "$project" --export-view associations --out "$work/a.svg" --size 1200x700 2> "$work/svg.log" &&
   grep -q '<svg' "$work/a.svg" && grep -Eq 'width="1200(px)?"' "$work/a.svg"; then ok "svg"; else bad "svg: $(tail -2 "$work/svg.log")"; fi
if "$explorer" "$project" --export-view evaluation --out "$work/e.pdf" --size 1200x700 2> "$work/pdf.log" &&
   [ "$(head -c 5 "$work/e.pdf")" = "%PDF-" ] && [ "$(stat -c %s "$work/e.pdf")" -gt 2000 ]; then ok "pdf"; else bad "pdf: $(tail -2 "$work/pdf.log")"; fi

# Bad input exits 2 and names what was wrong; nothing is written.
expect_usage() {  # WHAT-THE-MESSAGE-NAMES ARGS...
  local named=$1
  shift
  "$explorer" "$@" 2> "$work/usage.log"
  local code=$?
  if [ $code -eq 2 ] && grep -q -- "$named" "$work/usage.log" && [ ! -e "$work/never.png" ]; then
    ok "exit 2 naming '$named'"
  else
    bad "'$*': exit $code, stderr: $(cat "$work/usage.log")"
  fi
}
expect_usage "sankey" "$project" --export-view sankey --out "$work/never.png"
expect_usage "n99999999" "$project" --export-view contributions --concept n99999999 --out "$work/never.png"
expect_usage "features.99" "$project" --export-view layers --layer features.99 --out "$work/never.png"
expect_usage "never.bmp" "$project" --export-view layers --out "$work/never.bmp"
expect_usage "12x" "$project" --export-view layers --size 12x --out "$work/never.png"

echo "export_view_test: $passed passed, $failed failed"
[ $failed -eq 0 ]
