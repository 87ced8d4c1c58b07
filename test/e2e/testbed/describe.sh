# shellcheck shell=bash
# describe.sh - the client side of a running testbed (sourced by up): known_hosts, an ssh
# config, a shell env file and testbed.json, all in $GT_DIR.

describe_ssh() {
  local n
  for n in $(gt_nodes); do
    echo "$(gt_ip "$n") $(cut -d' ' -f1,2 "$(gt_home "$n")/ssh_host_ed25519_key.pub")"
  done >"$GT_SSH/known_hosts"
  {
    echo "# ssh -F $GT_SSH/config h1 docker ps   (or root@$(gt_ip h1))"
    for n in $(gt_nodes); do printf 'Host %s\n  HostName %s\n' "$n" "$(gt_ip "$n")"; done
    cat <<CONF
Host $(for n in $(gt_nodes); do printf '%s %s ' "$n" "$(gt_ip "$n")"; done)
  User root
  IdentityFile $GT_KEY
  IdentitiesOnly yes
  UserKnownHostsFile $GT_SSH/known_hosts
  StrictHostKeyChecking yes
  BatchMode yes
  LogLevel ERROR
  # OpenSSH 9's default post-quantum kex costs ~80 ms of CPU per connection here
  KexAlgorithms curve25519-sha256,curve25519-sha256@libssh.org
CONF
  } >"$GT_SSH/config"
}

describe_env() {
  cat >"$GT_DIR/env" <<ENV
# source me: settings and addresses of the running gantry testbed
export GANTRY_TESTBED_DIR=$GT_DIR
export GANTRY_TESTBED_HOSTS=$GT_HOSTS
export GANTRY_TESTBED_NET=$GT_NET
export GANTRY_TESTBED_BRIDGE=$GT_BRIDGE
export GANTRY_TESTBED_PREFIX=$GT_PREFIX
export GANTRY_TESTBED_REGISTRY_PORT=$GT_REGISTRY_PORT
export GANTRY_TESTBED_REGISTRY=$GT_REGISTRY
export GANTRY_TESTBED_HOST_NAMES="$(gt_hosts | xargs)"
export GANTRY_TESTBED_HOST_IPS="$(for n in $(gt_hosts); do gt_ip "$n"; done | xargs)"
export GANTRY_TESTBED_DEV_IP=$(gt_ip dev)
export GANTRY_TESTBED_DEV_DOCKER_HOST=unix://$(gt_sock dev)
export GANTRY_TESTBED_SSH_KEY=$GT_KEY
export GANTRY_TESTBED_KNOWN_HOSTS=$GT_SSH/known_hosts
export GANTRY_TESTBED_SSH_CONFIG=$GT_SSH/config
export GANTRY_TESTBED_IMAGE_BUSYBOX=$GT_IMG_BUSYBOX
export GANTRY_TESTBED_IMAGE_APP=$GT_IMG_APP   # tags: $GT_APP_TAGS
export GANTRY_TESTBED_IMAGE_CADDY=$GT_IMG_CADDY
export GANTRY_TESTBED_IMAGE_REDIS=$GT_IMG_REDIS
ENV
}

describe_node() { printf '{ "name": "%s", "ip": "%s", "dockerHost": "unix://%s" }' "$1" "$(gt_ip "$1")" "$(gt_sock "$1")"; }

describe_json() {   # every value is a plain address, path or name: no JSON escaping needed
  local n t sep=
  {
    printf '{\n  "dir": "%s",\n  "network": "%s.0/24",\n  "registry": "%s",\n' "$GT_DIR" "$GT_NET" "$GT_REGISTRY"
    printf '  "dev": %s,\n  "hosts": [\n' "$(describe_node dev)"
    for n in $(gt_hosts); do printf '%s    %s' "$sep" "$(describe_node "$n")"; sep=$',\n'; done
    printf '\n  ],\n  "ssh": { "user": "root", "port": 22, "privateKey": "%s", "knownHosts": "%s", "config": "%s" },\n' \
      "$GT_KEY" "$GT_SSH/known_hosts" "$GT_SSH/config"
    printf '  "images": {\n    "busybox": "%s",\n    "caddy": "%s",\n    "redis": "%s",\n    "app": {' "$GT_IMG_BUSYBOX" "$GT_IMG_CADDY" "$GT_IMG_REDIS"
    sep=
    for t in $GT_APP_TAGS; do printf '%s "%s": "%s:%s"' "$sep" "$t" "$GT_IMG_APP" "$t"; sep=,; done
    printf ' }\n  },\n  "appServiceLabel": "%s"\n}\n' "$GT_APP_SERVICE_LABEL"
  } >"$GT_DIR/testbed.json.tmp"
  mv "$GT_DIR/testbed.json.tmp" "$GT_DIR/testbed.json"
}
