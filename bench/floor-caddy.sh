#!/bin/bash
# floor-caddy.sh up|deploy VERSION|down HOST... - the hand-written floor for a deploy behind Caddy,
# benchmark (b). Per host in parallel, over one multiplexed OpenSSH connection:
#   web hosts (FLOOR_CADDY_WEB, space-separated): pull; find the old container; run the new one
#     on the floor's Caddy network; poll its health path over HTTP every 0.1 s; switch Caddy's
#     upstream to it with one admin API request (PATCH from the host to the admin port, published
#     on the host's loopback only); stop the old one; tag latest;
#   other hosts: as floor.sh (pull, run, poll `docker inspect` health every 0.1 s, stop, tag).
# `up` starts the floor's own Caddy (container and network floor-caddy, HTTP on FLOOR_CADDY_PORT,
# admin API on 127.0.0.1:FLOOR_CADDY_ADMIN_PORT) on the web hosts; `down` removes it and every
# container the floor started. Neither is timed. Everything the floor runs carries a floor-caddy
# label (1 for its Caddy, web or worker for the app), so it never touches another stack's
# containers.
# Env: FLOOR_SSH_CONFIG, FLOOR_IMAGE (app repository), FLOOR_CADDY_IMAGE, FLOOR_CADDY_WEB,
# FLOOR_CADDY_PORT (default 8080), FLOOR_CADDY_ADMIN_PORT (default 2119), FLOOR_APP_PORT
# (default 80), FLOOR_HEALTH_PATH (default /up). FLOOR_BARRIER=1: Kamal's barrier, as Gantry
# boots: the other hosts pull at once but run their new container only once a web host's new
# container answered its health path.
set -euo pipefail
action=$1; shift
version=
if [ "$action" = deploy ]; then version=$1; shift; fi
port=${FLOOR_CADDY_PORT:-8080} admin=${FLOOR_CADDY_ADMIN_PORT:-2119}
app_port=${FLOOR_APP_PORT:-80} health=${FLOOR_HEALTH_PATH:-/up}
mux=(-F "$FLOOR_SSH_CONFIG" -o ControlMaster=auto -o "ControlPath=/tmp/gantry-floor-%C" -o ControlPersist=60)
# ssh joins its words into one remote command line: quote each argument for the remote shell.
remote() { local host=$1; shift; ssh "${mux[@]}" "root@$host" "bash -s -- $(printf '%q ' "$@")"; }
is_web() { case " $FLOOR_CADDY_WEB " in *" $1 "*) return 0 ;; esac; return 1; }

# Caddy's config: one route whose reverse_proxy (@id floor) gets the upstream at each switch.
# The admin API listens on every interface inside the container; only the host's loopback
# publishes it. `origins` lets the host's requests (Host: 127.0.0.1:<admin port>) in.
caddy_config='{"admin":{"listen":"0.0.0.0:2019","origins":["127.0.0.1:'$admin'"]},"apps":{"http":{"servers":{"floor":{'
caddy_config+='"listen":[":80"],"automatic_https":{"disable":true},"routes":[{"handle":[{"@id":"floor",'
caddy_config+='"handler":"reverse_proxy","upstreams":[{"dial":"127.0.0.1:1"}]}]}]}}}}}'

host_up() {
  remote "$1" "$FLOOR_CADDY_IMAGE" "$port" "$admin" "$caddy_config" <<'REMOTE'
set -e
image=$1 port=$2 admin=$3 config=$4
docker network inspect floor-caddy >/dev/null 2>&1 || docker network create --label floor-caddy=1 floor-caddy >/dev/null
docker rm -f floor-caddy >/dev/null 2>&1 || true
docker run -d --name floor-caddy --label floor-caddy=1 --network floor-caddy --init \
  -p "$port:80" -p "127.0.0.1:$admin:2019" -e "FLOOR_CONFIG=$config" \
  "$image" sh -c 'printf %s "$FLOOR_CONFIG" > /tmp/floor.json && exec caddy run --config /tmp/floor.json' >/dev/null
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$admin/config/" && exit 0; sleep 0.1; done
echo "floor-caddy: admin API on 127.0.0.1:$admin never answered" >&2; docker logs floor-caddy >&2; exit 1
REMOTE
}

host_down() {
  remote "$1" <<'REMOTE'
ids=$(docker ps -aq --filter label=floor-caddy)
[ -z "$ids" ] || docker rm -f $ids >/dev/null
docker network rm floor-caddy >/dev/null 2>&1 || true
REMOTE
}

web_deploy() {
  remote "$1" "$FLOOR_IMAGE" "$version" "$admin" "$app_port" "$health" <<'REMOTE'
set -e
image=$1 version=$2 admin=$3 app_port=$4 health=$5
docker pull -q "$image:$version" >/dev/null
old=$(docker ps -q --filter label=floor-caddy=web --filter status=running)
new=$(docker run -d --label floor-caddy=web --network floor-caddy "$image:$version")
ip=$(docker inspect -f '{{(index .NetworkSettings.Networks "floor-caddy").IPAddress}}' "$new")
for _ in $(seq 300); do
  curl -sf -o /dev/null --max-time 2 "http://$ip:$app_port$health" && break
  sleep 0.1
done
echo healthy
curl -sf -o /dev/null -X PATCH -H 'Content-Type: application/json' -d "[{\"dial\":\"$ip:$app_port\"}]" \
  "http://127.0.0.1:$admin/id/floor/upstreams"
[ -z "$old" ] || docker stop $old >/dev/null
docker tag "$image:$version" "$image:latest"
REMOTE
}

# With FLOOR_BARRIER=1 the other hosts pull, then wait for the barrier file, then boot.
other_deploy() {
  [ -z "$barrier" ] || remote "$1" "$FLOOR_IMAGE" "$version" <<<'docker pull -q "$1:$2" >/dev/null'
  [ -z "$barrier" ] || until [ -e "$barrier" ]; do sleep 0.01; done
  remote "$1" "$FLOOR_IMAGE" "$version" "${barrier:+pulled}" <<'REMOTE'
set -e
image=$1 version=$2 pulled=$3
[ -n "$pulled" ] || docker pull -q "$image:$version" >/dev/null
old=$(docker ps -q --filter label=floor-caddy=worker --filter status=running)
new=$(docker run -d --label floor-caddy=worker "$image:$version")
for _ in $(seq 300); do
  [ "$(docker inspect -f '{{.State.Health.Status}}' "$new")" = healthy ] && break
  sleep 0.1
done
[ -z "$old" ] || docker stop $old >/dev/null
docker tag "$image:$version" "$image:latest"
REMOTE
}

# The barrier opens (its file appears) once a web host printed `healthy`.
barrier=
if [ "$action" = deploy ] && [ "${FLOOR_BARRIER:-}" = 1 ]; then
  barrier=$(mktemp -u /tmp/gantry-floor-caddy-barrier.XXXXXX)
  trap 'rm -f "$barrier"' EXIT
fi
web_deploy_at_barrier() {
  web_deploy "$1" | while read -r line; do [ "$line" != healthy ] || [ -z "$barrier" ] || touch "$barrier"; done
}

pids=()
for host in "$@"; do
  case $action in
    up) if is_web "$host"; then host_up "$host" & pids+=($!); fi ;;
    down) host_down "$host" & pids+=($!) ;;
    deploy) if is_web "$host"; then web_deploy_at_barrier "$host" & else other_deploy "$host" & fi; pids+=($!) ;;
    *) echo "usage: floor-caddy.sh up|deploy VERSION|down HOST..." >&2; exit 2 ;;
  esac
done
for p in "${pids[@]}"; do wait "$p"; done
