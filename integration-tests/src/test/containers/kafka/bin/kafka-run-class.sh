#!/usr/bin/env bash
# Stand-in for Kafka's bin/kafka-run-class.sh: runs CLASS on every jar of /opt/kafka/libs, with
# the same variables (KAFKA_HEAP_OPTS, KAFKA_JVM_PERFORMANCE_OPTS, KAFKA_OPTS, KAFKA_LOG4J_OPTS).
set -euo pipefail
[ $# -ge 1 ] || { echo "USAGE: $0 CLASS [ARGS]" >&2; exit 1; }
class=$1
shift
heap=${KAFKA_HEAP_OPTS:--Xmx256M}
log4j=${KAFKA_LOG4J_OPTS:--Dlog4j2.configurationFile=/opt/kafka/config/tools-log4j2.yaml}
# shellcheck disable=SC2086 # the options are word lists, as in Kafka's script
exec java $heap ${KAFKA_JVM_PERFORMANCE_OPTS:-} ${KAFKA_OPTS:-} $log4j -cp '/opt/kafka/libs/*' "$class" "$@"
