#!/usr/bin/env bash
# Stand-in for Kafka's bin/kafka-topics.sh.
exec /opt/kafka/bin/kafka-run-class.sh org.apache.kafka.tools.TopicCommand "$@"
