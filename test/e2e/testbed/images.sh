# shellcheck shell=bash
# images.sh - build the testbed images offline on dev and push them (sourced by up).
# Skipped when the sources are unchanged and the registry still has every tag.

images_stamp() {   # hash of everything the images are made from, this script included
  {
    echo "$GT_IMAGE_REPO"
    find "$GT_LIB/images" "$GT_LIB/images.sh" -type f | LC_ALL=C sort | xargs sha256sum
    sha256sum "$(command -v busybox)" "$(command -v caddy)" "$(readlink -f "$(command -v redis-server)")" "$(command -v redis-cli)"
  } | sha256sum | cut -d' ' -f1
}

images_in_registry() {
  local ref
  for ref in $(gt_images); do
    ref=${ref#"$GT_REGISTRY"/}
    curl -sfI -o /dev/null -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
      "http://$GT_REGISTRY/v2/${ref%:*}/manifests/${ref##*:}" || return 1
  done
}

# base: the busybox-static binary and its applet links, as a one-layer image
image_busybox() {
  local root=$1/busybox target
  rm -rf "$root" && mkdir -p "$root"/{bin,etc,tmp,root}
  busybox --install -s "$root/bin"   # links to busybox's own absolute path: put it there
  target=$(readlink "$root/bin/busybox")
  rm "$root/bin/busybox" && mkdir -p "$root${target%/*}" && cp "$(command -v busybox)" "$root$target"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
  echo 'hosts: files dns' >"$root/etc/nsswitch.conf"
  chmod 1777 "$root/tmp"
  tar -C "$root" --numeric-owner -c . |
    gt_docker dev import -c 'ENV PATH=/usr/local/bin:/usr/bin:/bin' -c 'CMD ["sh"]' - "$GT_IMG_BUSYBOX" >/dev/null
}

# proxy build context: the sources plus Debian's caddy binary and the libraries ldd lists
caddy_context() {
  local ctx=$1/caddy caddy f
  caddy=$(command -v caddy)
  rm -rf "$ctx" && cp -r "$GT_LIB/images/caddy" "$ctx" && mkdir -p "$ctx/rootfs/usr/bin"
  cp "$caddy" "$ctx/rootfs/usr/bin/caddy"
  for f in $(ldd "$caddy" | grep -o '/[^ ]*'); do cp -L --parents "$f" "$ctx/rootfs/"; done
}

# accessory build context: Debian's redis-server (a link to redis-check-rdb, which picks its mode
# from argv[0], so it is copied under the server's name) and redis-cli, plus what ldd lists
redis_context() {
  local ctx=$1/redis bin f
  rm -rf "$ctx" && cp -r "$GT_LIB/images/redis" "$ctx" && mkdir -p "$ctx/rootfs/usr/bin" "$ctx/rootfs/data"
  for bin in redis-server redis-cli; do
    cp -L "$(command -v "$bin")" "$ctx/rootfs/usr/bin/$bin"
    for f in $(ldd "$(command -v "$bin")" | grep -o '/[^ ]*'); do cp -L --parents "$f" "$ctx/rootfs/"; done
  done
}

images_up() {
  local work=$GT_DIR/images stamp tag p t t_base t_build pids=()
  stamp=$(images_stamp)
  if [ "$(cat "$work/stamp" 2>/dev/null)" = "$stamp" ] && images_in_registry; then
    return 0
  fi
  mkdir -p "$work" && rm -f "$work/stamp"
  : >"$work/build.log"
  t=$EPOCHREALTIME
  image_busybox "$work"
  caddy_context "$work"
  redis_context "$work"
  t_base=$(elapsed "$t") t=$EPOCHREALTIME
  for tag in $GT_APP_TAGS; do
    gt_docker dev build -q --build-arg "BASE=$GT_IMG_BUSYBOX" --build-arg "VERSION=$tag" \
      -t "$GT_IMG_APP:$tag" "$GT_LIB/images/app" >/dev/null 2>>"$work/build.log" &
    pids+=($!)
  done
  gt_docker dev build -q --build-arg "BASE=$GT_IMG_BUSYBOX" -t "$GT_IMG_CADDY" "$work/caddy" \
    >/dev/null 2>>"$work/build.log" &
  pids+=($!)
  gt_docker dev build -q --build-arg "BASE=$GT_IMG_BUSYBOX" -t "$GT_IMG_REDIS" "$work/redis" \
    >/dev/null 2>>"$work/build.log" &
  pids+=($!)
  for p in "${pids[@]}"; do wait "$p" || die "image build failed, see $work/build.log"; done
  t_build=$(elapsed "$t") t=$EPOCHREALTIME

  pids=()
  for tag in $(gt_images); do
    gt_docker dev push -q "$tag" >/dev/null 2>>"$work/build.log" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || die "image push failed, see $work/build.log"; done
  echo "$stamp" >"$work/stamp"
  log "images: base + caddy and redis contexts ${t_base}s, builds ${t_build}s, pushes $(elapsed "$t")s"
}
