#!/usr/bin/env bash
# A one-node Slurm cluster on this machine for tests (Debian's slurm-wlm and
# munge): a munge key and munged, a slurm.conf naming this host, slurmctld and
# slurmd, all under DIR and on free ports. The node declares at least 8 CPUs
# (config_overrides: slurmd takes the declared count over the real one), so
# eight one-CPU array tasks run at once on a two-core machine, as they would
# on eight cores of a real node.
#   slurm-cluster.sh start DIR   prints the SLURM_CONF to export
#   slurm-cluster.sh stop DIR
# Runs as root (slurmd starts jobs as their users); no mock.
set -euo pipefail
cmd=$1 dir=$(realpath -m "$2")
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
case $cmd in
start)
  mkdir -p "$dir"/{state,spool,munge,log}
  chmod 700 "$dir/munge"
  dd if=/dev/urandom bs=1 count=1024 of="$dir/munge/munge.key" status=none
  chmod 400 "$dir/munge/munge.key"
  munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" \
    --pid-file="$dir/munge/munged.pid" --log-file="$dir/log/munged.log" --seed-file="$dir/munge/seed"
  host=$(hostname -s)
  cpus=$(( $(nproc) > 8 ? $(nproc) : 8 ))
  cat > "$dir/slurm.conf" <<CONF
ClusterName=ratioscope-test
SlurmctldHost=$host
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.socket
CredType=cred/munge
SlurmUser=root
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
SlurmdParameters=config_overrides
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF="$dir/slurm.conf"
  slurmctld -f "$SLURM_CONF"
  slurmd -f "$SLURM_CONF"
  for _ in $(seq 60); do
    if sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then echo "$SLURM_CONF"; exit 0; fi
    sleep 0.5
  done
  echo "slurm-cluster: the node did not come up; see $dir/log" >&2
  exit 1
  ;;
stop)
  # By pid file, then by the folder on their command lines (a daemon that had
  # not written its pid file yet), then by force.
  for pid in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munge/munged.pid"; do
    [[ -f $pid ]] && kill "$(cat "$pid")" 2>/dev/null || true
  done
  pkill -f -- "$dir/slurm.conf" 2>/dev/null || true
  pkill -f -- "$dir/munge/" 2>/dev/null || true
  for _ in $(seq 20); do
    pgrep -f -- "$dir/" >/dev/null || exit 0
    sleep 0.25
  done
  pkill -9 -f -- "$dir/" 2>/dev/null || true
  ;;
esac
