#!/usr/bin/env bash
# Quality gates that CI runs after the tests (.ci/run), each timed:
#   layering   no Qt in engine/, no Torch/OpenCV/XGBoost in public engine headers, widgets/ or app/
#   werror     the main build compiled the project's own code with -Werror
#   package    the .deb: built with cpack, unpacked into a temporary root, its programs run from there,
#              its desktop file and AppStream metainfo validated
#   asan       AddressSanitizer + UndefinedBehaviorSanitizer build (build-asan/: engine_tests,
#              engine_jobs_tests and the hint CLI the tests run) running the engine tests except the slow
#              ones listed in tests/sanitizers/asan_skipped_tests.txt, plus every engine_jobs test; any
#              ASan, UBSan or LeakSanitizer report fails it. In CI the unsanitized ctest run leaves these
#              engine tests to this gate (scripts/test.sh, HINT_ENGINE_TESTS_UNDER_ASAN=1).
#   tsan       ThreadSanitizer build (build-tsan/: job_runner_test, engine_jobs_tests) running
#              job_runner_test three times and engine_jobs_tests once; any report fails it. Debian's Qt is
#              not built with TSan: JobRunner annotates its hand-over through QThreadPool
#              (widgets/bridge/tsan_annotations.h) and tests/sanitizers/tsan.supp ignores only the calls
#              made inside libQt6Core and libQt6Test.
# Each gate prints "phase GATE: N s" (the sanitizer builds also their compile time); docs/development.md
# has the measured figures.
# The fuzz targets run for a fixed budget as the `fuzz` test of the main build (tests/fuzz/run_fuzz.sh).
# Usage: scripts/ci-quality.sh [GATE...] (default: all five, in this order). Expects the main build in $HINT_BUILD_DIR (build/).
# Sanitizer builds go to build-asan/ and build-tsan/ and compile only the targets their tests need.
# Exits non-zero if any gate fails; every gate runs regardless.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${HINT_BUILD_DIR:-$here/build}
jobs=$(nproc)
gates=("$@")
[ ${#gates[@]} -gt 0 ] || gates=(layering werror package asan tsan)

gate_layering() { "$here/tests/layering_test.sh" "$here"; }

gate_werror() {
    grep -q '^HINT_WERROR:BOOL=ON$' "$build/CMakeCache.txt" && grep -q -- '-Werror' "$build/build.ninja" &&
        echo "werror: the main build compiles the project's targets with -Werror"
}

gate_package() {
    local deb root status
    (cd "$build" && rm -f ./*.deb && cpack -G DEB) > "$build/cpack.log" 2>&1 ||
        { tail -30 "$build/cpack.log"; return 1; }
    deb=$(ls "$build"/hint-explorer_*.deb) || return 1
    root=$(mktemp -d)
    check_package "$deb" "$root"
    status=$?
    rm -rf "$root"
    return $status
}

check_package() {  # DEB ROOT
    local deb=$1 root=$2
    dpkg-deb -x "$deb" "$root" || return 1
    echo "package: $(basename "$deb"), $(du -k "$deb" | cut -f1) KiB"
    echo "Depends: $(dpkg-deb -f "$deb" Depends)"
    dpkg-deb -f "$deb" Depends | grep -q wordnet-base || { echo "Depends lacks wordnet-base"; return 1; }
    local version
    version=$("$root/usr/bin/hint" --version) || return 1
    echo "$version"
    [ "$version" = "hint $(dpkg-deb -f "$deb" Version)" ] || { echo "hint --version differs from the package version"; return 1; }
    "$root/usr/bin/hint" models > "$root/models.txt" || return 1
    grep -q '^vgg19' "$root/models.txt" || { echo "hint models lists no vgg19"; return 1; }
    echo "hint models: $(wc -l < "$root/models.txt") architectures"
    if [ -x "$root/usr/bin/hint-explorer" ]; then
        QT_QPA_PLATFORM=offscreen "$root/usr/bin/hint-explorer" --version || return 1
    fi
    local app=io.github.hintexplorer.HintExplorer share=$root/usr/share f
    for f in "$share/man/man1/hint.1.gz" "$share/icons/hicolor/scalable/apps/$app.svg" \
             "$share/icons/hicolor/256x256/apps/$app.png" "$share/mime/packages/$app.xml" \
             "$share/hint-explorer/imagenet1k_wnids.txt" "$share/doc/hint-explorer/docs/cli-reference.md"; do
        [ -s "$f" ] || { echo "missing in the package: ${f#"$root"}"; return 1; }
    done
    desktop-file-validate "$share/applications/$app.desktop" || return 1
    appstreamcli validate --no-net "$share/metainfo/$app.metainfo.xml" || return 1
}

# A checking build in its own folder: configure once, build only the named targets.
sanitizer_build() {  # DIR SANITIZERS GUI TARGET...
    local dir=$1 sanitize=$2 gui=$3 build_start
    shift 3
    build_start=$(date +%s)
    mkdir -p "$dir"
    # -O1 -g1: sanitizer-friendly code with line tables for the reports, and much faster to compile than
    # -O2 -g; assertions stay on.
    cmake -S "$here" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
        -DHINT_SANITIZE="$sanitize" -DHINT_BUILD_GUI="$gui" -DHINT_BUILD_TESTS=ON > "$dir/ci-configure.log" 2>&1 ||
        { tail -30 "$dir/ci-configure.log"; return 1; }
    ninja -C "$dir" -j "$jobs" "$@" > "$dir/ci-build.log" 2>&1 || { tail -60 "$dir/ci-build.log"; return 1; }
    echo "phase $(basename "$dir") (compiling): $(( $(date +%s) - build_start )) s"
}

# Engine tests the asan gate leaves out (gtest patterns, with the reason for each): CI's unsanitized
# ctest run takes exactly these (scripts/test.sh with HINT_ENGINE_TESTS_UNDER_ASAN=1).
asan_skipped_tests() { grep -v -E '^\s*(#|$)' "$here/tests/sanitizers/asan_skipped_tests.txt"; }

gate_asan() {
    local dir=$here/build-asan filter
    sanitizer_build "$dir" address,undefined OFF engine_tests engine_jobs_tests hint || return 1
    filter=-$(asan_skipped_tests | paste -sd:)
    # halt_on_error turns UBSan reports into failures. Leaks are checked (LeakSanitizer is on by default);
    # the CLI runs the tests start are ASan builds too and inherit these options.
    local -x LSAN_OPTIONS="suppressions=$here/tests/sanitizers/lsan.supp"
    local -x ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=0
    local -x UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
    local status=0 test
    for test in engine_jobs_tests engine_tests; do
        "$dir/tests/$test" --gtest_brief=1 --gtest_filter="$filter" > "$dir/$test.log" 2>&1 || status=1
        echo "$test: $(summarize_gtest "$dir/$test.log")"
    done
    if grep -q -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$dir"/engine*_tests.log; then
        echo "sanitizer reports found"; status=1
    fi
    [ $status -eq 0 ] || grep -h -m5 -A30 -E 'ERROR: (Address|Leak)Sanitizer|runtime error:|\[  FAILED  \]' "$dir"/engine*_tests.log
    return $status
}

# "N run, N passed, N skipped" from a gtest log.
summarize_gtest() {  # LOG
    local ran passed skipped
    ran=$(grep -oE '^\[==========\] [0-9]+ tests? from' "$1" | grep -oE '[0-9]+' | head -1)
    passed=$(grep -oE '^\[  PASSED  \] [0-9]+' "$1" | grep -oE '[0-9]+$')
    skipped=$(grep -oE '^\[  SKIPPED \] [0-9]+ tests?[.,]' "$1" | grep -oE '[0-9]+' | head -1)
    echo "${ran:-?} run, ${passed:-0} passed, ${skipped:-0} skipped"
}

gate_tsan() {
    local dir=$here/build-tsan status=0 run
    sanitizer_build "$dir" thread ON job_runner_test engine_jobs_tests || return 1
    local -x TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$here/tests/sanitizers/tsan.supp"
    # Races depend on timing: the job tests run several times.
    for run in 1 2 3; do
        QT_QPA_PLATFORM=offscreen "$dir/tests/widgets/job_runner_test" > "$dir/job_runner_test.$run.log" 2>&1 || status=1
        grep -h '^Totals:' "$dir/job_runner_test.$run.log"
    done
    "$dir/tests/engine_jobs_tests" --gtest_brief=1 > "$dir/engine_jobs_tests.log" 2>&1 || status=1
    echo "engine_jobs_tests: $(summarize_gtest "$dir/engine_jobs_tests.log")"
    if grep -q 'WARNING: ThreadSanitizer' "$dir"/job_runner_test.*.log "$dir/engine_jobs_tests.log"; then
        echo "ThreadSanitizer reports found"; status=1
    fi
    [ $status -eq 0 ] || grep -h -m3 -A40 -E 'WARNING: ThreadSanitizer|^FAIL!|\[  FAILED  \]' "$dir"/job_runner_test.*.log "$dir/engine_jobs_tests.log"
    return $status
}

failed=()
summary=()
total_start=$(date +%s)
for gate in "${gates[@]}"; do
    echo "=== ci-quality: $gate"
    start=$(date +%s)
    if "gate_$gate"; then result=passed; else result=FAILED; failed+=("$gate"); fi
    seconds=$(( $(date +%s) - start ))
    summary+=("$(printf '%-9s %-7s %5d s' "$gate" "$result" "$seconds")")
    echo "=== ci-quality: $gate $result in $seconds s"
    echo "phase $gate: $seconds s"
done
echo "=== ci-quality summary (total $(( $(date +%s) - total_start )) s)"
printf '  %s\n' "${summary[@]}"
[ ${#failed[@]} -eq 0 ]
