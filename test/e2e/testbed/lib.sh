# shellcheck shell=bash disable=SC2034
# lib.sh - settings and helpers shared by the testbed scripts (sourced, never run).
# Every setting can be overridden from the environment; use the same values for up and down.

GT_DIR=${GANTRY_TESTBED_DIR:-/var/tmp/gantry-testbed}   # all state: keys, configs, pids, docker data
GT_HOSTS=${GANTRY_TESTBED_HOSTS:-3}                     # deploy hosts h1..hN
GT_NET=${GANTRY_TESTBED_NET:-10.79.0}                   # private /24, lives only on the bridge
GT_BRIDGE=${GANTRY_TESTBED_BRIDGE:-gt0}
GT_PREFIX=${GANTRY_TESTBED_PREFIX:-gt-}                 # netns and root-side veth names
GT_REGISTRY_PORT=${GANTRY_TESTBED_REGISTRY_PORT:-5000}

GT_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
GT_GW=$GT_NET.1
GT_REGISTRY=$GT_GW:$GT_REGISTRY_PORT
GT_IMAGE_REPO=$GT_REGISTRY/gantry-testbed               # every testbed image lives under here
GT_SSH=$GT_DIR/ssh
GT_KEY=$GT_SSH/id_ed25519
export DOCKER_BUILDKIT=0                                # Debian 12 ships no buildx

log() { printf '[gantry-testbed %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

# Nodes: "dev" (the builder, .10) and the deploy hosts h1..hN (.11 ...).
gt_nodes() { echo dev; gt_hosts; }
gt_hosts() { local i; for ((i = 1; i <= GT_HOSTS; i++)); do echo "h$i"; done; }
gt_ip() { if [ "$1" = dev ]; then echo "$GT_NET.10"; else echo "$GT_NET.$((10 + ${1#h}))"; fi; }
gt_ns() { echo "$GT_PREFIX$1"; }                        # netns name == root-side veth name
gt_home() { echo "$GT_DIR/hosts/$1"; }
gt_sock() { echo "$GT_DIR/hosts/$1/run/docker.sock"; }  # the node's /var/run/docker.sock
gt_cgroup() { echo "gantry-$GT_PREFIX$1"; }             # dockerd's cgroup-parent for the node

# docker CLI against a node's daemon through its socket, from the root namespace.
gt_docker() { local n=$1; shift; docker -H "unix://$(gt_sock "$n")" "$@"; }

# True if pid $1 exists and is not a zombie (orphans may be reaped late; a zombie is gone).
gt_running() {
  local st
  st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null) && [ -n "$st" ] && [ "${st%% *}" != Z ]
}

# True if pid file $1 names a running process called $2 (guards against pid reuse).
gt_alive() {
  local pid
  [ -s "$1" ] && pid=$(cat "$1") && gt_running "$pid" && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ]
}

# Stop the process in pid file $1 (comm $2): TERM, wait up to $3 s, then KILL.
gt_stop_pid() {
  local f=$1 comm=$2 wait=${3:-20} pid i
  gt_alive "$f" "$comm" || { rm -f "$f"; return 0; }
  pid=$(cat "$f")
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < wait * 10; i++)); do gt_running "$pid" || break; sleep 0.1; done
  if gt_running "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$f"
}

# Kill every process of node $1: those in its netns (daemons, shims, ssh sessions) and in its
# cgroups (containers). Everything there was started by the testbed.
gt_node_kill() {
  local ns cg pids pid i
  ns=$(gt_ns "$1") cg=$(gt_cgroup "$1")
  pids=$({ [ -e "/run/netns/$ns" ] && ip netns pids "$ns"; cat /sys/fs/cgroup/{,*/}"$cg"/*/cgroup.procs; } 2>/dev/null | sort -u || true)
  [ -n "$pids" ] || return 0
  log "killing what is left of $1: $(echo $pids)"
  kill -KILL $pids 2>/dev/null
  for pid in $pids; do
    for ((i = 0; i < 50; i++)); do gt_running "$pid" || break; sleep 0.1; done
  done
}

# Retry command string $1 until it succeeds, for up to $2 seconds.
gt_wait() {
  local i
  for ((i = 0; i < ${2:-30} * 10; i++)); do eval "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done
  return 1
}

# Images `up` builds on dev and pushes (see images/).
GT_IMG_BUSYBOX=$GT_IMAGE_REPO/busybox:latest
GT_IMG_APP=$GT_IMAGE_REPO/app                           # tags: $GT_APP_TAGS
GT_APP_TAGS="v1 v2 broken unhealthy"
GT_IMG_CADDY=$GT_IMAGE_REPO/caddy:latest
GT_IMG_REDIS=$GT_IMAGE_REPO/redis:latest                # an accessory: Debian's redis-server
GT_APP_SERVICE_LABEL=testapp                            # LABEL service=... of the app images
gt_images() { local t; echo "$GT_IMG_BUSYBOX"; for t in $GT_APP_TAGS; do echo "$GT_IMG_APP:$t"; done; echo "$GT_IMG_CADDY"; echo "$GT_IMG_REDIS"; }
