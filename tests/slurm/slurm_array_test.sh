#!/usr/bin/env bash
# The demo project as a 4-task SLURM job array on a real single-node cluster (slurm_cluster.sh), submitted
# by `hint slurm --submit`: the merge job's report of the shared cache must equal a single-process run's,
# every task must have logged, and no temp folder may stay behind. Prints both wall times.
# Usage: slurm_array_test.sh HINT_BINARY [WORK_DIR]. Exit 77 (skip) where SLURM cannot start (no root,
# packages missing).
set -euo pipefail

hint=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
work=${2:-$(mktemp -d /tmp/hint-slurm-test.XXXXXX)}
mkdir -p "$work"
work=$(realpath "$work")
tasks=4

set +e
exports=$("$here/slurm_cluster.sh" start "$work/cluster")
started=$?
set -e
if [ $started -ne 0 ]; then
  echo "slurm_array_test: SKIP: no SLURM cluster could be started here (exit $started)"
  exit 77
fi
cleanup() {
  "$here/slurm_cluster.sh" stop "$work/cluster" || true
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
eval "$exports"

"$hint" demo --out "$work/demo" --quiet >/dev/null
# The demo project cut to one layer and its last 8 concepts (shape classes and their parents), so the
# test takes a minute or two on two cores, not the whole demo's several minutes.
project="$work/demo/slurm-test.hintproj"
/usr/bin/python3 - "$work/demo/demo.hintproj" "$project" <<'PY'
import json, sys
project = json.load(open(sys.argv[1]))
project["layers"] = ["features.13"]
project["concepts"] = project["concepts"][-8:]
json.dump(project, open(sys.argv[2], "w"), indent=1)
PY

start=$(date +%s%N)
# One thread, as each array task gets (--cpus-per-task 1): on a busy machine a run with every core's
# threads (the default) can be several times slower than this from oversubscription alone.
"$hint" run "$project" --cache-dir "$work/cache-single" --threads 1 --quiet --json >"$work/single-run.json"
single=$(( ($(date +%s%N) - start) / 1000000 ))

start=$(date +%s%N)
"$hint" slurm "$project" --tasks $tasks --cache-dir "$work/cache-slurm" --out "$work/run.slurm.sh" --submit --json \
  >"$work/submitted.json"
merge=$(sed -n 's/.*"merge_job":"\([0-9]*\)".*/\1/p' "$work/submitted.json")
array=$(sed -n 's/.*"array_job":"\([0-9]*\)".*/\1/p' "$work/submitted.json")
[ -n "$merge" ] && [ -n "$array" ] || { echo "FAIL: no job ids in $(cat "$work/submitted.json")"; exit 1; }

state=""
for _ in $(seq 600); do
  state=$(scontrol show job "$merge" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p')
  case "$state" in COMPLETED | FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY) break ;; esac
  sleep 0.5
done
slurm=$(( ($(date +%s%N) - start) / 1000000 ))
if [ "$state" != COMPLETED ]; then
  echo "FAIL: merge job $merge ended $state"
  tail -n 20 "$work"/run.slurm-logs/* 2>/dev/null || true
  exit 1
fi

fail=0
logs=$(ls "$work"/run.slurm-logs/task-"${array}"_*.log 2>/dev/null | wc -l)
[ "$logs" -eq $tasks ] || { echo "FAIL: $logs task logs, expected $tasks"; fail=1; }
for i in $(seq 0 $((tasks - 1))); do
  grep -q "task $i/$tasks" "$work/run.slurm-logs/task-${array}_$i.log" || { echo "FAIL: task $i did not log its shard"; fail=1; }
done
if find "$work/cache-slurm" -maxdepth 1 -name '.tmp-*' | grep -q .; then echo "FAIL: temp folders left in the cache"; fail=1; fi

# The merged cache's report equals the single process's, once each cache's own folder is taken out of its
# paths (entry folders are named by their keys, so equal keys give equal paths below the root).
"$hint" report "$project" --cache-dir "$work/cache-single" --json >"$work/single-report.json"
/usr/bin/python3 - "$work/single-report.json" "$work/cache-single" "$work/run.slurm-summary.json" "$work/cache-slurm" <<'EOF' || fail=1
import json, sys
def load(path, cache):
    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items()}
        if isinstance(value, list):
            return [strip(v) for v in value]
        if isinstance(value, str):
            return value.replace(cache, "CACHE")
        return value
    return strip(json.load(open(path)))
single, merged = load(sys.argv[1], sys.argv[2]), load(sys.argv[3], sys.argv[4])
if single != merged:
    print("FAIL: the merged cache's report differs from the single-process run's")
    sys.exit(1)
print(f"reports equal: {single['entries_stored']} of {single['entries_total']} entries stored in both")
EOF
computed=$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["computed"])' "$work/single-run.json")
printf 'demo project cut to 8 concepts x 1 layer: one process (1 thread) %d.%03d s (%s entries); %d-task SLURM array + merge %d.%03d s (submit to merge done)\n' \
  $((single / 1000)) $((single % 1000)) "$computed" $tasks $((slurm / 1000)) $((slurm % 1000))
[ $fail -eq 0 ] && echo "PASS" || exit 1
