#!/usr/bin/env bash
# Stand-in for Kafka's bin/kafka-configs.sh.
exec /opt/kafka/bin/kafka-run-class.sh org.apache.kafka.tools.ConfigCommand "$@"
