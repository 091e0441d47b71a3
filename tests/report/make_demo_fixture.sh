#!/usr/bin/env bash
# ctest fixture of the report tests: a fresh `hint demo` in WORK/demo with every HINT result of it
# computed (`hint run`) into WORK/cache, and its HTML report written once by `hint report --html` into
# WORK/site (its time in WORK/report_seconds). The report tests check that site; nothing is computed twice.
# Usage: make_demo_fixture.sh HINT WORK
set -euo pipefail
hint=$1
work=$2
rm -rf "$work"
mkdir -p "$work/runtime"
chmod 700 "$work/runtime"
export HINT_CACHE_DIR=$work/cache XDG_CONFIG_HOME=$work/config XDG_RUNTIME_DIR=$work/runtime
unset DISPLAY WAYLAND_DISPLAY QT_QPA_PLATFORM  # the report needs no display
"$hint" demo --out "$work/demo" --quiet
start=$(date +%s)
"$hint" run "$work/demo/demo.hintproj" --json --quiet > "$work/run.json"
echo "report fixture: the demo's HINT results computed in $(( $(date +%s) - start )) s"
start=$(date +%s%N)
"$hint" report "$work/demo/demo.hintproj" --html "$work/site" 2> "$work/report.log" || { cat "$work/report.log"; exit 1; }
awk -v ns=$(( $(date +%s%N) - start )) 'BEGIN { printf "%.1f\n", ns / 1e9 }' > "$work/report_seconds"
echo "report fixture: the demo's report written in $(cat "$work/report_seconds") s, $(du -sh "$work/site" | cut -f1)"
