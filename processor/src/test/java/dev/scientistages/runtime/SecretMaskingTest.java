package dev.scientistages.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretMaskingTest {
  @Test
  void shouldHideEverySecretAndKeepTheRest() {
    Map<String, String> masked =
        SecretMasking.masked(
            Map.of(
                "sasl.jaas.config", "ScramLoginModule required username=\"u\" password=\"p\";",
                "ssl.truststore.password", "tp",
                "ssl.key.password", "kp",
                "ssl.keystore.key", "-----BEGIN PRIVATE KEY-----",
                "producer.ssl.keystore.password", "pp",
                "main.consumer.sasl.jaas.config", "x",
                "sasl.oauthbearer.client.credentials.client.secret", "s",
                "bootstrap.servers", "broker:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512"));
    assertThat(masked)
        .containsEntry("sasl.jaas.config", SecretMasking.MASK)
        .containsEntry("ssl.truststore.password", SecretMasking.MASK)
        .containsEntry("ssl.key.password", SecretMasking.MASK)
        .containsEntry("ssl.keystore.key", SecretMasking.MASK)
        .containsEntry("producer.ssl.keystore.password", SecretMasking.MASK)
        .containsEntry("main.consumer.sasl.jaas.config", SecretMasking.MASK)
        .containsEntry("sasl.oauthbearer.client.credentials.client.secret", SecretMasking.MASK)
        .containsEntry("bootstrap.servers", "broker:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    assertThat(masked.toString()).doesNotContain("password=\"p\"", "tp", "kp", "PRIVATE");
  }
}
