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

# The whole deploy of one host, in one session.
DEPLOY='set -e
image=$1 version=$2
docker pull -q "$image:$version" >/dev/null
old=$(docker ps -q --filter label=floor=1 --filter status=running)
new=$(docker run -d --label floor=1 "$image:$version")
for _ in $(seq 300); do
  [ "$(docker inspect -f "{{.State.Health.Status}}" "$new")" = healthy ] && break
  sleep 0.1
done
[ -z "$old" ] || docker stop $old >/dev/null
docker tag "$image:$version" "$image:latest"'
# With the barrier, three sessions per host. Pull and print the old container's id:
PREPARE='set -e
image=$1 version=$2
docker pull -q "$image:$version" >/dev/null
docker ps -q --filter label=floor=1 --filter status=running'
# run the new container and wait until it is healthy:
BOOT='set -e
image=$1 version=$2
new=$(docker run -d --label floor=1 "$image:$version")
for _ in $(seq 300); do
  [ "$(docker inspect -f "{{.State.Health.Status}}" "$new")" = healthy ] && break
  sleep 0.1
done'
# stop the old container ($3, may be empty) and tag latest.
FINISH='set -e
image=$1 version=$2
[ -z "$3" ] || docker stop $3 >/dev/null
docker tag "$image:$version" "$image:latest"'

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
