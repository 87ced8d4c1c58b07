# shellcheck shell=bash
# registry.sh - Debian's docker-registry, plain HTTP, on the bridge address (sourced by up).

registry_up() {
  local R=$GT_DIR/registry
  mkdir -p "$R/data"
  cat >"$R/config.yml" <<YAML
version: 0.1
log: { level: info, accesslog: { disabled: true } }
storage:
  filesystem: { rootdirectory: $R/data }
  delete: { enabled: true }
  cache: { blobdescriptor: inmemory }
http:
  addr: $GT_REGISTRY
YAML
  if ! gt_alive "$R/registry.pid" docker-registry; then
    setsid bash -c "echo \$\$ >'$R/registry.pid'; exec docker-registry serve '$R/config.yml'" \
      >>"$R/registry.log" 2>&1 </dev/null 9>&- &
  fi
  gt_wait "curl -sf http://$GT_REGISTRY/v2/" 20 && gt_alive "$R/registry.pid" docker-registry ||
    die "registry not running: $(tail -2 "$R/registry.log") (is something else on $GT_REGISTRY? a system docker-registry listens on *:$GT_REGISTRY_PORT)"
}
