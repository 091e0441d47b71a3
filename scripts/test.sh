#!/usr/bin/env bash
# The README's test command: installs what is needed, builds, and runs every test (ctest).
# Exits non-zero on any failure. Tests that need ../shared/assets skip cleanly without it.
# Prints the time of each phase ("phase NAME: N s"), which .ci/run sums up.
# With HINT_ENGINE_TESTS_UNDER_ASAN=1 (set by .ci/run, whose asan gate runs the engine tests under the
# sanitizers next) the engine's GoogleTest cases run here only if the asan gate leaves them out
# (tests/sanitizers/asan_skipped_tests.txt), so none runs twice.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
start=$(date +%s)
timed() {  # NAME COMMAND...: runs COMMAND and prints how long it took, whatever its status
    local name=$1 phase_start status=0
    shift
    phase_start=$(date +%s)
    "$@" || status=$?
    echo "phase $name: $(( $(date +%s) - phase_start )) s"
    return $status
}
timed install "$here/scripts/install-deps.sh"
export HINT_BUILD_DIR=${HINT_BUILD_DIR:-$here/build}
timed build "$here/scripts/build.sh"
cd "$HINT_BUILD_DIR"
# ctest runs two tests at once, each of which may use every core: OpenMP threads that spin while they
# wait would burn the other test's CPU (beside other work, 50 demo entries took 438 s on every core
# against 43 s on one thread), hence passive waiting.
export OMP_WAIT_POLICY=PASSIVE
run_ctest() { QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j "$(nproc)" --timeout 1200 "$@"; }
if [ "${HINT_ENGINE_TESTS_UNDER_ASAN:-0}" = 1 ]; then
    # gtest patterns to ctest regular expressions: "Suite.*/vgg11" -> "^Suite\..*/vgg11$|^Suite\..*/vgg11 ".
    # ctest names a parameterized case "Suite.Case/vgg11  # GetParam() = ...", hence the second form (no
    # groups: CMake's regular expressions allow only nine).
    asan_skipped=$(grep -v -E '^\s*(#|$)' "$here/tests/sanitizers/asan_skipped_tests.txt" |
        sed -e 's/\./\\./g' -e 's/\*/.*/g' -e 's/.*/^&$|^& /' | paste -sd'|')
    # Every case the asan gate leaves out must run here: the two selections must agree.
    listed=$(tests/engine_tests --gtest_list_tests --gtest_filter="$(grep -v -E '^\s*(#|$)' \
        "$here/tests/sanitizers/asan_skipped_tests.txt" | paste -sd:)" | grep -c '^  ' || true)
    selected=$(ctest -N -L engine_unit -R "$asan_skipped" | sed -n 's/^Total Tests: //p')
    if [ "$listed" != "$selected" ]; then
        echo "test.sh: asan_skipped_tests.txt names $listed engine test cases, ctest selects $selected" >&2
        exit 1
    fi
    status=0
    timed ctest run_ctest -LE engine_unit || status=$?
    timed ctest-engine-unsanitized run_ctest -L engine_unit -R "$asan_skipped" || status=$?
    [ $status -eq 0 ]
else
    timed ctest run_ctest
fi
echo "test.sh: total $(( $(date +%s) - start )) s"
