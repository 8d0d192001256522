#!/usr/bin/env bash
# Build the container image (deploy/Containerfile) with buildah: no daemon, no registry. For a
# machine that reaches Debian's packages and PyPI but no container registry (this project's
# test machines): the base is Debian bookworm made from Debian's own packages (mmdebstrap,
# minbase variant), standing in for the registry's debian:bookworm-slim. Where the registry is
# reachable, `podman build -f deploy/Containerfile .` is all it takes.
#
#   bash deploy/build_image.sh            # IMAGE=localhost/haiti-mission-tracker:latest
#
# Docker format, so the image keeps its HEALTHCHECK (the OCI format has no place for it). The
# building machine's CA bundle is mounted for the build's downloads (a network that inspects
# TLS needs it); it is not part of the image. Needs buildah and mmdebstrap (scripts/setup.sh --dev).
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGE=${IMAGE:-localhost/haiti-mission-tracker:latest}
BASE=${BASE:-localhost/debian-bookworm-minbase:latest}
export STORAGE_DRIVER=${STORAGE_DRIVER:-vfs} BUILDAH_ISOLATION=${BUILDAH_ISOLATION:-chroot}

if ! buildah inspect --type image "$BASE" >/dev/null 2>&1; then
  rootfs=$(mktemp --suffix=.tar)
  trap 'rm -f "$rootfs"' EXIT
  mmdebstrap --quiet --variant=minbase --include=ca-certificates bookworm "$rootfs"
  container=$(buildah from scratch)
  tar -C "$(buildah mount "$container")" -xf "$rootfs"
  buildah umount "$container" >/dev/null
  buildah config --cmd /bin/bash "$container"
  buildah commit --quiet --rm "$container" "$BASE" >/dev/null
fi
buildah bud --quiet --format docker --pull=never --from "$BASE" --network host \
  --volume /etc/ssl/certs/ca-certificates.crt:/etc/ssl/certs/ca-certificates.crt:ro \
  -f deploy/Containerfile -t "$IMAGE" . >/dev/null
echo "$IMAGE"
