# shellcheck shell=bash
# nodes.sh - per-node files, start and readiness of each node's dockerd + sshd (sourced by up).

node_files() {
  local n=$1 H m
  H=$(gt_home "$n")
  mkdir -p "$H"/{run/sshd,root/.ssh,etc/docker,docker,log,tmp}
  chmod 755 "$H/run" "$H/run/sshd"
  chmod 1777 "$H/tmp"
  chmod 700 "$H/root" "$H/root/.ssh"   # sshd's StrictModes checks these
  install -m 600 "$GT_KEY.pub" "$H/root/.ssh/authorized_keys"
  [ -s "$H/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C "$n" -f "$H/ssh_host_ed25519_key"
  echo "$n" >"$H/etc/hostname"
  echo "nameserver $GT_GW" >"$H/etc/resolv.conf"   # nothing answers there: lookups fail fast
  {
    printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n%s\tregistry\n' "$GT_GW"
    for m in $(gt_nodes); do printf '%s\t%s\n' "$(gt_ip "$m")" "$m"; done
  } >"$H/etc/hosts"
  # sshd with UsePAM no refuses keys for a locked root ('!' in /etc/shadow), as on some fresh
  # installs; the node sees its own shadow with only root, not locked, no password.
  # Written in place, like the other bind-mounted files: a new inode would not reach a running node.
  echo 'root:*:19000:0:99999:7:::' >"$H/etc/shadow" && chmod 600 "$H/etc/shadow"
  # cgroupfs driver: the systemd driver (dockerd's default on cgroup v2) needs the host's D-Bus
  # under /run, which the node replaces with its own.
  cat >"$H/etc/docker/daemon.json" <<JSON
{
  "data-root": "$H/docker",
  "exec-opts": ["native.cgroupdriver=cgroupfs"],
  "cgroup-parent": "/$(gt_cgroup "$n")",
  "insecure-registries": ["$GT_REGISTRY", "registry:$GT_REGISTRY_PORT"],
  "log-opts": { "max-size": "10m", "max-file": "2" }
}
JSON
  cat >"$H/sshd_config" <<CONF
# sshd of gantry testbed node $n; runs inside the node's namespaces, where /run is $H/run.
# OpenSSH's defaults otherwise (MaxSessions 10, MaxStartups 10:30:100), as on a real server.
Port 22
ListenAddress 0.0.0.0
HostKey $H/ssh_host_ed25519_key
PidFile /run/sshd.pid
PermitRootLogin prohibit-password
AuthorizedKeysFile .ssh/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
UseDNS no
PrintMotd no
PrintLastLog no
AcceptEnv LANG LC_*
Subsystem sftp /usr/lib/openssh/sftp-server
CONF
}

# Start what is missing of node $1. 9>&-: the daemons must not inherit up's lock.
node_start() {
  local n=$1 H; H=$(gt_home "$n")
  if gt_alive "$H/run/docker.pid" dockerd; then
    gt_alive "$H/run/sshd.pid" sshd && return 0
    log "restarting sshd on $n"   # in dockerd's namespaces, where the node's mounts are
    nsenter --target "$(cat "$H/run/docker.pid")" --mount --uts --net -- \
      /usr/sbin/sshd -f "$H/sshd_config" -E "$H/log/sshd.log" 9>&-
    return 0
  fi
  # No dockerd: start the node afresh. A containerd that outlived its dockerd would be
  # "still running" for the new one, yet unreachable from its new mount namespace.
  [ ! -e "$H/run/docker.pid" ] || log "restarting $n"
  gt_node_kill "$n"
  rm -f "$H/run/docker.pid" "$H/run/sshd.pid" "$H/run/docker/containerd/containerd.pid"
  # Not `ip netns exec`: it remounts /sys, hiding the cgroup mounts dockerd needs.
  nsenter --net="/run/netns/$(gt_ns "$n")" unshare --mount --uts --propagation slave -- \
    bash "$GT_LIB/node-init" "$n" "$H" "$GT_DIR" 9>&-
}

node_wait() {
  local n=$1
  gt_wait "curl -sf --unix-socket '$(gt_sock "$n")' http://d/_ping" 60 ||
    die "dockerd on $n is not answering (see $(gt_home "$n")/log/dockerd.log)"
  gt_wait "timeout 1 bash -c '</dev/tcp/$(gt_ip "$n")/22'" 20 ||
    die "sshd on $n is not listening (see $(gt_home "$n")/log/sshd.log)"
}
