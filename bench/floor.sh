#!/bin/bash
# floor.sh VERSION HOST... - the hand-written floor a deploy tool is measured against
# (../shared reference: performance.md): per host in parallel, over one multiplexed OpenSSH
# connection: pull; find the old container; run the new one; poll `docker inspect` every
# 0.1 s until healthy; stop the old one; tag latest. Env: FLOOR_SSH_CONFIG, FLOOR_IMAGE.
set -euo pipefail
version=$1; shift
mux=(-F "$FLOOR_SSH_CONFIG" -o ControlMaster=auto -o "ControlPath=/tmp/gantry-floor-%C" -o ControlPersist=60)
deploy_host() {
  ssh "${mux[@]}" "root@$1" bash -s -- "$FLOOR_IMAGE" "$version" <<'REMOTE'
set -e
image=$1 version=$2
docker pull -q "$image:$version" >/dev/null
old=$(docker ps -q --filter label=floor=1 --filter status=running)
new=$(docker run -d --label floor=1 "$image:$version")
for _ in $(seq 300); do
  [ "$(docker inspect -f '{{.State.Health.Status}}' "$new")" = healthy ] && break
  sleep 0.1
done
[ -z "$old" ] || docker stop $old >/dev/null
docker tag "$image:$version" "$image:latest"
REMOTE
}
pids=()
for host in "$@"; do deploy_host "$host" & pids+=($!); done
for p in "${pids[@]}"; do wait "$p"; done
