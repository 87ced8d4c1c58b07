# shellcheck shell=bash
# network.sh - the bridge, one netns + veth per node, and the FORWARD rule (sourced by up).

# quickack on the /24 routes: without it, 40 ms delayed-ACK stalls tripled the SSH handshake.
GT_QUICKACK=(quickack 1)

net_up() {
  # `ip netns add` mounts /run/netns if it is missing; remember whether we did, for down.
  [ -e "$GT_DIR/run-netns-preexisting" ] || [ -e "$GT_DIR/run-netns-ours" ] ||
    if [ -d /run/netns ]; then touch "$GT_DIR/run-netns-preexisting"; else touch "$GT_DIR/run-netns-ours"; fi

  ip link show "$GT_BRIDGE" >/dev/null 2>&1 || ip link add "$GT_BRIDGE" type bridge
  ip addr replace "$GT_GW/24" dev "$GT_BRIDGE"
  ip link set "$GT_BRIDGE" up
  ip route replace "$GT_NET.0/24" dev "$GT_BRIDGE" proto kernel scope link src "$GT_GW" "${GT_QUICKACK[@]}"
  # With br_netfilter loaded, bridged frames traverse the root FORWARD chain, whose policy
  # Docker sets to DROP: let node<->node traffic on our bridge through. Without a filter
  # table nothing filters, and creating one would outlive down (iptables cannot delete it).
  if iptables-save | grep -q '^\*filter'; then
    iptables -C FORWARD -i "$GT_BRIDGE" -o "$GT_BRIDGE" -m comment --comment gantry-testbed -j ACCEPT 2>/dev/null ||
      iptables -I FORWARD -i "$GT_BRIDGE" -o "$GT_BRIDGE" -m comment --comment gantry-testbed -j ACCEPT
  fi

  local n ns ip
  for n in $(gt_nodes); do
    ns=$(gt_ns "$n") ip=$(gt_ip "$n")
    [ -e "/run/netns/$ns" ] || ip netns add "$ns"
    if ! ip link show "$ns" >/dev/null 2>&1; then
      ip -n "$ns" link del eth0 2>/dev/null || true
      ip link add "$ns" type veth peer name eth0 netns "$ns"
    fi
    ip link set "$ns" master "$GT_BRIDGE" up
    ip -n "$ns" addr replace "$ip/24" dev eth0
    ip -n "$ns" link set lo up
    ip -n "$ns" link set eth0 up
    # No default route on purpose: nodes and their containers reach only the /24.
    ip -n "$ns" route replace "$GT_NET.0/24" dev eth0 proto kernel scope link src "$ip" "${GT_QUICKACK[@]}"
  done
}
