package dev.scientistages.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scientistages.config.Settings;
import dev.scientistages.topics.TopicSetupException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class ClusterAccessExceptionTest {
  private static final String SECRET = "hunter2-never-shown";
  private static final String SERVERS = "kafka1:9093";

  private static Settings scram() {
    return Settings.of(
        Map.of(
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"ages\" password=\""
                    + SECRET
                    + "\";",
            "application.id", "my-ages"));
  }

  private static String explained(Throwable failure, Settings settings) {
    Optional<ClusterAccessException> e = ClusterAccessException.of(failure, settings, SERVERS);
    assertThat(e).isPresent();
    return e.get().getMessage();
  }

  @Test
  void shouldNameTheUserAndMechanismWhenAuthenticationFailsDeepInTheCauseChain() {
    Throwable failure =
        new TopicSetupException(
            "Cannot describe topic scientists",
            new SaslAuthenticationException(
                "Authentication failed during authentication due to invalid credentials with SASL"
                    + " mechanism SCRAM-SHA-512"));

    assertThat(explained(failure, scram()))
        .startsWith("Authentication failed at kafka1:9093 for user 'ages'")
        .contains("security.protocol=SASL_SSL, sasl.mechanism=SCRAM-SHA-512")
        .contains(
            "Cannot describe topic scientists: SaslAuthenticationException: Authentication failed"
                + " during authentication")
        .endsWith("Check the user name and password in sasl.jaas.config and sasl.mechanism")
        .doesNotContain(SECRET);
  }

  @Test
  void shouldPointAtTheTruststoreWhenTheTlsHandshakeFails() {
    Settings tls = Settings.of(Map.of("security.protocol", "SSL"));
    assertThat(explained(new SslAuthenticationException("SSL handshake failed"), tls))
        .startsWith("TLS handshake with the cluster at kafka1:9093 failed (security.protocol=SSL)")
        .contains("ssl.truststore.*");
  }

  @Test
  void shouldNameTheTopicsAndTheApplicationWhenAnAclIsMissing() {
    assertThat(
            explained(
                new TopicAuthorizationException(
                    "Topic authorization failed.", Set.of("scientists", "ages")),
                scram()))
        .isEqualTo(
            "Not authorized at kafka1:9093 as user 'ages': TopicAuthorizationException: Topic"
                + " authorization failed (topics [ages, scientists]). Grant the ACLs the"
                + " application needs (docs/configuration.md, Secured clusters) for"
                + " application.id 'my-ages'");
    // A message that names the topics already says it once; a client verb says what it needs.
    TopicAuthorizationException named =
        new TopicAuthorizationException("Not authorized to access topics: [ages]", Set.of("ages"));
    assertThat(
            ClusterAccessException.of(named, scram(), SERVERS, "consume needs READ on topic 'ages'")
                .orElseThrow()
                .getMessage())
        .isEqualTo(
            "Not authorized at kafka1:9093 as user 'ages': TopicAuthorizationException: Not"
                + " authorized to access topics: [ages]. consume needs READ on topic 'ages'");
    // A name inside another topic's name does not count.
    assertThat(
            explained(
                new TopicAuthorizationException(
                    "Not authorized to access topics: [ages.dlq]", Set.of("ages")),
                scram()))
        .contains("[ages.dlq] (topics [ages])");
    assertThat(
            explained(
                new GroupAuthorizationException("Not authorized to access group: my-ages"),
                Settings.of(
                    Map.of("security.protocol", "SSL", "ssl.keystore.location", "/etc/ages.p12"))))
        .contains("as the client certificate's principal")
        .contains("GroupAuthorizationException: Not authorized to access group: my-ages");
    assertThat(
            explained(
                new GroupAuthorizationException("Not authorized to access group: my-ages"),
                Settings.of(Map.of("security.protocol", "SSL"))))
        .contains("as User:ANONYMOUS (TLS without a client certificate): ");
    assertThat(
            explained(
                new GroupAuthorizationException("Not authorized to access group: my-ages"),
                Settings.of(
                    Map.of(
                        "security.protocol",
                        "SSL",
                        "ssl.keystore.type",
                        "PEM",
                        "ssl.keystore.certificate.chain",
                        "-----BEGIN CERTIFICATE-----"))))
        .contains("as the client certificate's principal");
  }

  @Test
  void shouldSayWhatWasBeingDoneWithoutRepeatingKafkasWords() {
    assertThat(
            explained(
                new TopicSetupException(
                    "Cannot describe topic ages.in: Topic authorization failed.",
                    new TopicAuthorizationException("Topic authorization failed.")),
                scram()))
        .contains(
            "as user 'ages': Cannot describe topic ages.in: TopicAuthorizationException: Topic"
                + " authorization failed. Grant");
  }

  @Test
  void shouldNotRepeatACauseThatAWrapperOnlyRestates() {
    GroupAuthorizationException cause =
        new GroupAuthorizationException("Not authorized to access group: my-ages");
    assertThat(explained(new RuntimeException(cause.toString(), cause), scram()))
        .contains(
            "as user 'ages': GroupAuthorizationException: Not authorized to access group: my-ages."
                + " Grant");
  }

  @Test
  void shouldLeaveOtherFailuresAlone() {
    assertThat(
            ClusterAccessException.of(
                new TopicSetupException("Cannot describe", new TimeoutException("slow")),
                scram(),
                SERVERS))
        .isEmpty();
  }
}
