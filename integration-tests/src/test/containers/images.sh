#!/usr/bin/env bash
# Test scaffolding for ComposeIT: the stand-in images the compose suite runs, made locally from
# Debian packages and Maven Central (no image registry is used). Each image carries the hash of
# its inputs as a label and is rebuilt only when that hash changes (bump the version word in a
# hash below when the way an image is made changes).
#
#   images.sh STAGING_DIR KAFKA_VERSION [base|kafka|prometheus]...
#
# Images (never in the README's user path):
#   localhost/scientist-ages-test/jdk-maven:17   the Dockerfile's BUILD_IMAGE
#   localhost/scientist-ages-test/jre:17         the Dockerfile's RUNTIME_IMAGE; the others' base
#   localhost/scientist-ages-test/kafka:VERSION  stands in for apache/kafka:VERSION
#   localhost/scientist-ages-test/prometheus:debian  stands in for prom/prometheus
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
staging=$1
kafka_version=$2
shift 2
[ $# -gt 0 ] || set -- base kafka prometheus
mkdir -p "$staging"

prefix=localhost/scientist-ages-test
label=dev.scientistages.test.inputs
sources=/etc/apt/sources.list.d/debian.sources
[ -f "$sources" ] || sources=/etc/apt/sources.list
cas=(/usr/local/share/ca-certificates/*.crt)
[ -e "${cas[0]}" ] || cas=()

# The hash of files and words; a changed input gives a new hash, and so a rebuild.
inputs_hash() {
  { for a in "$@"; do
      if [ -d "$a" ]; then (cd "$a" && find . -type f | LC_ALL=C sort | xargs sha256sum)
      elif [ -f "$a" ]; then sha256sum < "$a"
      else printf '%s\n' "$a"; fi
    done; } | sha256sum | cut -c1-16
}

current() { # IMAGE HASH: whether IMAGE exists with HASH
  [ "$(podman image inspect --format "{{index .Labels \"$label\"}}" "$1" 2>/dev/null)" = "$2" ]
}

# A Debian bookworm root file system with PACKAGES and the machine's extra CA certificates (so
# Maven and apt inside the image reach their registries as the host does), imported as IMAGE.
debian_image() { # IMAGE PACKAGES
  local image=$1 packages=$2 hash
  hash=$(inputs_hash debian-image-1 "$sources" "$packages" "${cas[@]}")
  if current "$image" "$hash"; then echo "$image: up to date ($hash)"; return; fi
  echo "$image: building ($hash)"
  local tar="$staging/$(basename "${image%%:*}").tar"
  mkdir -p "$staging/ca"
  rm -f "$staging"/ca/*
  [ ${#cas[@]} -eq 0 ] || cp "${cas[@]}" "$staging/ca/"
  mmdebstrap --variant=apt --include="ca-certificates,$packages" \
    --customize-hook="mkdir -p \"\$1/usr/local/share/ca-certificates\"" \
    --customize-hook="cp -r $staging/ca/. \"\$1/usr/local/share/ca-certificates/\"" \
    --customize-hook='chroot "$1" update-ca-certificates' \
    bookworm "$tar" "$sources"
  podman import --quiet --change "LABEL $label=$hash" --change 'CMD ["/bin/bash"]' "$tar" "$image" >/dev/null
  rm -f "$tar"
}

build_kafka() {
  local image=$prefix/kafka:$kafka_version base=$prefix/jre:17 hash
  local libs=$staging/kafka-libs
  # Kafka's jars as Maven resolves them (kafka_2.13 and kafka-tools at the build's version).
  if [ ! -f "$libs/.done-$kafka_version" ]; then
    rm -rf "$libs"
    mvn -B -q -ntp -f "$here/kafka/pom.xml" -Dkafka.version="$kafka_version" \
      -DoutputDirectory="$libs" dependency:copy-dependencies
    touch "$libs/.done-$kafka_version"
  fi
  hash=$(inputs_hash kafka-image-1 "$here/kafka" "$kafka_version" \
    "$(podman image inspect --format '{{.Id}}' "$base")")
  if current "$image" "$hash"; then echo "$image: up to date ($hash)"; return; fi
  echo "$image: building ($hash)"
  local ctx=$staging/kafka-context
  rm -rf "$ctx" && mkdir -p "$ctx"
  cp -r "$here/kafka/." "$ctx/"
  cp -r "$libs" "$ctx/libs"
  podman build --quiet --build-arg BASE="$base" --label "$label=$hash" -t "$image" \
    -f "$ctx/Containerfile" "$ctx" >/dev/null
}

build_prometheus() {
  local image=$prefix/prometheus:debian base=$prefix/jre:17 hash
  hash=$(inputs_hash prometheus-image-1 "$here/prometheus" \
    "$(podman image inspect --format '{{.Id}}' "$base")")
  if current "$image" "$hash"; then echo "$image: up to date ($hash)"; return; fi
  echo "$image: building ($hash)"
  podman build --quiet --build-arg BASE="$base" --label "$label=$hash" -t "$image" \
    -f "$here/prometheus/Containerfile" "$here/prometheus" >/dev/null
}

for what in "$@"; do
  case $what in
    base)
      debian_image "$prefix/jdk-maven:17" openjdk-17-jdk-headless,maven
      debian_image "$prefix/jre:17" openjdk-17-jre-headless
      ;;
    kafka) build_kafka ;;
    prometheus) build_prometheus ;;
    *) echo "unknown image set: $what" >&2; exit 2 ;;
  esac
done
