#!/usr/bin/env bash
# A real single-node SLURM cluster (Debian slurm-wlm + munge) in one folder, for tests:
#   slurm_cluster.sh start DIR   writes DIR/slurm.conf (one node = this host, its CPUs and memory), starts
#                                munged, slurmctld and slurmd, waits until the node is idle; prints
#                                "export SLURM_CONF=DIR/slurm.conf" for the shell that submits
#   slurm_cluster.sh stop DIR    stops the daemons started from DIR (by their pid files)
# Everything lives in DIR (config, munge key and socket, state, logs): /etc is not touched, and nothing
# already running on the host is used. Needs root (the daemons run as root). Exit 77 = cannot start here
# (no root, packages missing, a daemon refused): callers skip.
set -euo pipefail

skip() { echo "slurm_cluster: $*" >&2; exit 77; }

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

stop_daemons() {
  for name in slurmd slurmctld munged; do
    local pidfile="$dir/$name.pid"
    [ -f "$pidfile" ] || continue
    local pid
    pid=$(cat "$pidfile" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  done
}

if [ "$cmd" = stop ]; then
  stop_daemons
  exit 0
fi
[ "$cmd" = start ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

[ "$(id -u)" -eq 0 ] || skip "not root: a SLURM cluster cannot be started here"
for tool in munged slurmctld slurmd sbatch sinfo scontrol; do
  command -v "$tool" >/dev/null || skip "$tool not found (install slurm-wlm and munge: scripts/install-deps.sh)"
done

mkdir -p "$dir"/{state,spool,log}
dir=$(cd "$dir" && pwd)
host=$(hostname -s)
cpus=$(nproc)
# RealMemory in MB, a little under the total so slurmd's own check accepts the node.
memory=$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)
# Ports derived from the folder so that two clusters (or a system one on 6817/6818) do not collide.
base=$(( 20000 + $(printf '%s' "$dir" | cksum | cut -d' ' -f1) % 20000 ))

# munge: a private key and socket, so no system munged is needed or disturbed.
dd if=/dev/urandom of="$dir/munge.key" bs=1 count=1024 status=none
chmod 600 "$dir/munge.key"
munged --force --key-file="$dir/munge.key" --socket="$dir/munge.socket" --pid-file="$dir/munged.pid" \
  --log-file="$dir/log/munged.log" --seed-file="$dir/munge.seed" 2>"$dir/log/munged.err" ||
  skip "munged did not start: $(cat "$dir/log/munged.err")"

cat >"$dir/slurm.conf" <<EOF
# Written by tests/slurm/slurm_cluster.sh: one node, this host.
ClusterName=hinttest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$base
SlurmdPort=$((base + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
# No cgroups: containers often have none writable; processes are tracked by parent pid.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
# Scheduling reacts within a second, so short test jobs do not wait on timers.
SchedulerParameters=sched_interval=1
MinJobAge=300
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$dir/slurm.conf"

slurmctld -i -f "$SLURM_CONF" 2>"$dir/log/slurmctld.err" || { stop_daemons; skip "slurmctld did not start: $(tail -n 5 "$dir/log/slurmctld.log" 2>/dev/null)"; }
slurmd -f "$SLURM_CONF" 2>"$dir/log/slurmd.err" || { stop_daemons; skip "slurmd did not start: $(tail -n 5 "$dir/log/slurmd.log" 2>/dev/null)"; }

for _ in $(seq 60); do
  state=$(sinfo -h -n "$host" -o %T 2>/dev/null || true)
  if [ "$state" = idle ]; then
    echo "export SLURM_CONF=$SLURM_CONF"
    exit 0
  fi
  sleep 0.5
done
echo "slurm_cluster: node state '${state:-?}' after 30 s; slurmd log:" >&2
tail -n 20 "$dir/log/slurmd.log" >&2 || true
stop_daemons
skip "the node did not become idle"
