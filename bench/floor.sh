#!/bin/bash
# floor.sh VERSION HOST... - the hand-written floor a deploy tool is measured against
# (../shared reference: performance.md): per host in parallel, over one multiplexed OpenSSH
# connection: pull; find the old container; run the new one; poll `docker inspect` every
# 0.1 s until healthy; stop the old one; tag latest. Env: FLOOR_SSH_CONFIG, FLOOR_IMAGE.
#
# FLOOR_BARRIER=1: the same steps with Kamal's barrier, as the bench's Gantry config has it (web
# on every host but the last, the worker role on the last): the last host pulls and finds its old
# container at once, but runs its new one only once a web host's new container is healthy.
set -euo pipefail
version=$1; shift
mux=(-F "$FLOOR_SSH_CONFIG" -o ControlMaster=auto -o "ControlPath=/tmp/gantry-floor-%C" -o ControlPersist=60)
on_host() { ssh "${mux[@]}" "root@$1" bash -s -- "$FLOOR_IMAGE" "$version" "${@:2}"; }

# The steps, each written once. $1 image, $2 version, $3 (in the barrier's last session) the old
# container's id.
HEAD='set -e
image=$1 version=$2 old=${3:-}'
PULL='docker pull -q "$image:$version" >/dev/null'
OLD='docker ps -q --filter label=floor=1 --filter status=running'
RUN_AND_WAIT='new=$(docker run -d --label floor=1 "$image:$version")
for _ in $(seq 300); do
  [ "$(docker inspect -f "{{.State.Health.Status}}" "$new")" = healthy ] && break
  sleep 0.1
done'
STOP_AND_TAG='[ -z "$old" ] || docker stop $old >/dev/null
docker tag "$image:$version" "$image:latest"'
# The whole deploy of one host, in one session.
DEPLOY="$HEAD
$PULL
old=\$($OLD)
$RUN_AND_WAIT
$STOP_AND_TAG"
# With the barrier, three sessions per host: pull and print the old container's id; run the new
# container and wait until it is healthy; stop the old one and tag latest.
PREPARE="$HEAD
$PULL
$OLD"
BOOT="$HEAD
$RUN_AND_WAIT"
FINISH="$HEAD
$STOP_AND_TAG"

deploy_host() {
  on_host "$1" <<<"$DEPLOY" >/dev/null
}

# With the barrier: web hosts boot, then mark the barrier open; the last host waits for the mark.
deploy_host_at_barrier() {
  local host=$1 open=$2 waits=$3 old
  old=$(on_host "$host" <<<"$PREPARE")
  if [ "$waits" = 1 ]; then
    until [ -e "$open" ]; do sleep 0.01; done
  fi
  on_host "$host" <<<"$BOOT"
  touch "$open"
  on_host "$host" "$old" <<<"$FINISH"
}

pids=()
if [ "${FLOOR_BARRIER:-}" = 1 ]; then
  open=$(mktemp -u /tmp/gantry-floor-barrier.XXXXXX)
  trap 'rm -f "$open"' EXIT
  last=${*: -1}
  for host in "$@"; do deploy_host_at_barrier "$host" "$open" "$([ "$host" = "$last" ] && echo 1 || echo 0)" & pids+=($!); done
else
  for host in "$@"; do deploy_host "$host" & pids+=($!); done
fi
for p in "${pids[@]}"; do wait "$p"; done
