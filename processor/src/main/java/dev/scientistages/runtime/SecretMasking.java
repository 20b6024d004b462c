package dev.scientistages.runtime;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Hides secrets in settings before they are logged or shown: every value Kafka declares as a
 * password, {@code sasl.jaas.config}, and any key that names a password, secret, credential, token
 * or key material (with or without a client prefix such as {@code producer.}).
 */
public final class SecretMasking {
  public static final String MASK = "[hidden]";

  private static final String[] SECRET_WORDS = {
    "password",
    "secret",
    "jaas",
    "credential",
    "token",
    "user.info",
    "keystore.key",
    "truststore.certificates",
    "keystore.certificate.chain",
    "private"
  };

  private SecretMasking() {}

  /** A copy of the settings, sorted by key, with every secret value replaced by {@link #MASK}. */
  public static Map<String, String> masked(Map<String, String> settings) {
    Map<String, String> out = new TreeMap<>();
    settings.forEach((k, v) -> out.put(k, isSecret(k) ? MASK : v));
    return out;
  }

  public static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    for (String word : SECRET_WORDS) {
      if (k.contains(word)) {
        return true;
      }
    }
    String bare = k.substring(k.lastIndexOf("consumer.") >= 0 ? k.lastIndexOf("consumer.") + 9 : 0);
    bare = bare.startsWith("producer.") ? bare.substring(9) : bare;
    bare = bare.startsWith("admin.") ? bare.substring(6) : bare;
    return isPassword(StreamsConfig.configDef(), bare)
        || isPassword(ProducerConfig.configDef(), bare)
        || isPassword(ConsumerConfig.configDef(), bare)
        || isPassword(AdminClientConfig.configDef(), bare);
  }

  private static boolean isPassword(ConfigDef def, String key) {
    ConfigDef.ConfigKey c = def.configKeys().get(key);
    return c != null && c.type == ConfigDef.Type.PASSWORD;
  }
}
