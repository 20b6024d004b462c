#!/usr/bin/env bash
# Test scaffolding: removes what a ComposeIT run may have left when its JVM died before its own
# cleanup (containers, networks and volumes of its compose project, and the podman API service
# it started, by the pid it wrote). .ci/run calls it on exit; harmless when nothing is left.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
project=sagescomposeit
state=${1:-$here/../../../target/compose}
command -v podman >/dev/null || exit 0
podman ps -a -q --filter "label=com.docker.compose.project=$project" | xargs -r podman rm -f -v >/dev/null
podman network ls -q --filter "label=com.docker.compose.project=$project" | xargs -r podman network rm -f >/dev/null
podman volume ls -q --filter "label=com.docker.compose.project=$project" | xargs -r podman volume rm -f >/dev/null
if [ -f "$state/podman-service.pid" ]; then
  pid=$(cat "$state/podman-service.pid")
  if [ -n "$pid" ] && ps -p "$pid" -o args= 2>/dev/null | grep -q '^podman system service'; then
    kill "$pid" 2>/dev/null || true
  fi
  rm -f "$state/podman-service.pid" "$state/podman.sock"
fi
exit 0
