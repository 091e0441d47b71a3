#!/usr/bin/env bash
# Quality gates that CI runs after the tests (.ci/run), each timed:
#   layering   no Qt in engine/, no Torch/OpenCV/XGBoost in public engine headers, widgets/ or app/
#   werror     the main build compiled the project's own code with -Werror
#   package    the .deb: built with cpack, unpacked into a temporary root, its programs run from there,
#              its desktop file and AppStream metainfo validated
#   asan       AddressSanitizer + UndefinedBehaviorSanitizer build running every engine test. NOT in the
#              default list yet: it has not been run to the end on this 2-core machine, so its time (and
#              whether LibTorch/OpenMP need LeakSanitizer suppressions) is unknown; adding an untimed gate
#              could push CI past its limit. Run it on demand: scripts/ci-quality.sh asan
#   tsan       ThreadSanitizer build running the job/bridge tests. NOT in the default list yet: Debian's
#              Qt is not built with TSan, so the hand-over of a job through QThreadPool (whose QMutex is a
#              futex inside libQt6Core, invisible to TSan) is reported as ~15 races on the job's own
#              objects (std::function, shared_ptr, QPromise) in job_runner_test; suppressing those would
#              hide real races too. Run it on demand: scripts/ci-quality.sh tsan
# The fuzz targets run for a fixed budget as the `fuzz` test of the main build (tests/fuzz/run_fuzz.sh).
# Usage: scripts/ci-quality.sh [GATE...] (default: layering werror package). Expects the main build in $HINT_BUILD_DIR (build/).
# Sanitizer builds go to build-asan/ and build-tsan/ and compile only the targets their tests need.
# Exits non-zero if any gate fails; every gate runs regardless.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${HINT_BUILD_DIR:-$here/build}
jobs=$(nproc)
gates=("$@")
[ ${#gates[@]} -gt 0 ] || gates=(layering werror package)

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
    "$root/usr/bin/hint" --version || return 1
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
    local dir=$1 sanitize=$2 gui=$3
    shift 3
    mkdir -p "$dir"
    # -O1 -g1: sanitizer-friendly code with line tables for the reports, and much faster to compile than
    # -O2 -g; assertions stay on.
    cmake -S "$here" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
        -DHINT_SANITIZE="$sanitize" -DHINT_BUILD_GUI="$gui" -DHINT_BUILD_TESTS=ON > "$dir/ci-configure.log" 2>&1 ||
        { tail -30 "$dir/ci-configure.log"; return 1; }
    ninja -C "$dir" -j "$jobs" "$@" > "$dir/ci-build.log" 2>&1 || { tail -60 "$dir/ci-build.log"; return 1; }
}

gate_asan() {
    local dir=$here/build-asan
    sanitizer_build "$dir" address,undefined OFF engine_tests hint || return 1
    # halt_on_error turns UBSan reports into failures. Leaks are checked (LeakSanitizer is on by default).
    LSAN_OPTIONS="suppressions=$here/tests/sanitizers/lsan.supp" \
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=0 \
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        "$dir/tests/engine_tests" --gtest_brief=1 > "$dir/engine_tests.log" 2>&1
    local status=$?
    tail -5 "$dir/engine_tests.log"
    [ $status -eq 0 ] || { grep -m5 -A30 -E 'ERROR: (Address|Leak)Sanitizer|runtime error:|\[  FAILED  \]' "$dir/engine_tests.log"; }
    return $status
}

gate_tsan() {
    local dir=$here/build-tsan
    sanitizer_build "$dir" thread ON job_runner_test || return 1
    TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$here/tests/sanitizers/tsan.supp" \
    QT_QPA_PLATFORM=offscreen \
        "$dir/tests/widgets/job_runner_test" > "$dir/job_runner_test.log" 2>&1
    local status=$?
    tail -3 "$dir/job_runner_test.log"
    [ $status -eq 0 ] || grep -m3 -A40 'WARNING: ThreadSanitizer' "$dir/job_runner_test.log"
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
done
echo "=== ci-quality summary (total $(( $(date +%s) - total_start )) s)"
printf '  %s\n' "${summary[@]}"
[ ${#failed[@]} -eq 0 ]
