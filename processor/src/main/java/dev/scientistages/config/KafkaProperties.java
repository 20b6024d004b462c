package dev.scientistages.config;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka side of the settings: which keys are Kafka properties, and each kind of client's share
 * of the values.
 */
final class KafkaProperties {
  /** Prefixes Kafka Streams passes to one kind of client; the rest must be that client's key. */
  private static final Map<String, Set<String>> CLIENT_PREFIXES =
      Map.of(
          StreamsConfig.MAIN_CONSUMER_PREFIX, ConsumerConfig.configNames(),
          StreamsConfig.RESTORE_CONSUMER_PREFIX, ConsumerConfig.configNames(),
          StreamsConfig.GLOBAL_CONSUMER_PREFIX, ConsumerConfig.configNames(),
          StreamsConfig.CONSUMER_PREFIX, ConsumerConfig.configNames(),
          StreamsConfig.PRODUCER_PREFIX, ProducerConfig.configNames(),
          StreamsConfig.ADMIN_CLIENT_PREFIX, AdminClientConfig.configNames());

  private KafkaProperties() {}

  /** True for a Kafka Streams or client property, also with a client's Streams prefix. */
  static boolean isKafkaKey(String key) {
    if (StreamsConfig.configDef().names().contains(key)
        || ProducerConfig.configNames().contains(key)
        || ConsumerConfig.configNames().contains(key)
        || AdminClientConfig.configNames().contains(key)) {
      return true;
    }
    if (key.startsWith(StreamsConfig.TOPIC_PREFIX)) {
      return key.length() > StreamsConfig.TOPIC_PREFIX.length();
    }
    for (Map.Entry<String, Set<String>> prefix : CLIENT_PREFIXES.entrySet()) {
      if (key.startsWith(prefix.getKey())
          && prefix.getValue().contains(key.substring(prefix.getKey().length()))) {
        return true;
      }
    }
    return false;
  }

  /** The Streams setting a message of Kafka's config checks names, or {@code kafka}. */
  static String settingNamedIn(ConfigException e) {
    for (String name : StreamsConfig.configDef().names()) {
      if (e.getMessage() != null && e.getMessage().contains("configuration " + name)) {
        return name;
      }
    }
    return "kafka";
  }

  /**
   * Properties for a plain client of one kind (admin, producer, consumer): the settings that kind
   * knows, including those given with its Streams prefix ({@code producer.linger.ms}).
   */
  static Properties clientProperties(
      Map<String, String> values,
      Set<String> clientConfigNames,
      String streamsPrefix,
      String bootstrapServers) {
    Properties p = new Properties();
    values.forEach(
        (k, v) -> {
          if (clientConfigNames.contains(k)) {
            p.put(k, v);
          }
        });
    values.forEach(
        (k, v) -> {
          if (k.startsWith(streamsPrefix)
              && clientConfigNames.contains(k.substring(streamsPrefix.length()))) {
            p.put(k.substring(streamsPrefix.length()), v);
          }
        });
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return p;
  }

  /** Every setting that is not one of the application's own {@code ages.*}. */
  static Properties kafkaProperties(Map<String, String> values) {
    Properties p = new Properties();
    values.forEach(
        (k, v) -> {
          if (!k.startsWith(Settings.OWN_PREFIX)) {
            p.put(k, v);
          }
        });
    return p;
  }
}
