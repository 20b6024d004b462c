package dev.scientistages.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scientistages.config.Settings;
import dev.scientistages.support.Await;
import dev.scientistages.toolkit.EmbeddedKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Topic creation and checks against a real broker. */
class TopicEnsurerIT {
  private static EmbeddedKafka broker;
  private static Admin admin;

  @BeforeAll
  static void start() {
    broker = EmbeddedKafka.start(0, null);
    admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
  }

  @AfterAll
  static void stop() {
    admin.close();
    broker.close();
  }

  private static List<TopicSpec> specs(String prefix) {
    return TopicEnsurer.resolve(
        Settings.of(
            Map.of(
                Settings.INPUT_TOPIC, prefix + ".in",
                Settings.OUTPUT_TOPIC, prefix + ".out",
                Settings.DEAD_LETTER_TOPIC, prefix + ".dlq")));
  }

  @Test
  void shouldCreateMissingTopicsAsTheirFilesDeclareThenLeaveThemAlone() throws Exception {
    TopicEnsurer ensurer = new TopicEnsurer(admin, Duration.ofSeconds(30));
    List<TopicSpec> specs = specs("create");

    TopicEnsurer.Outcome first = ensurer.ensure(specs, true);
    TopicEnsurer.Outcome second = ensurer.ensure(specs, true);

    assertThat(first.created()).containsExactly("create.in", "create.out", "create.dlq");
    assertThat(second.created()).isEmpty();
    assertThat(second.underPartitioned()).isEmpty();
    Map<String, TopicDescription> d =
        admin
            .describeTopics(List.of("create.in", "create.out", "create.dlq"))
            .allTopicNames()
            .get();
    assertThat(d.values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(12));
    ConfigResource dlq = new ConfigResource(ConfigResource.Type.TOPIC, "create.dlq");
    assertThat(admin.describeConfigs(List.of(dlq)).all().get().get(dlq).get("retention.ms").value())
        .isEqualTo("2592000000");
  }

  @Test
  void shouldDescribeTheReplicationOfItsTopicsAndWarnAboutNothingOnOneBroker() {
    List<String> names = List.of("replication.in", "replication.out", "replication.dlq");
    new TopicEnsurer(admin, Duration.ofSeconds(30)).ensure(specs("replication"), true);

    ReplicationCheck.Described d =
        ReplicationCheck.describe(admin, names, true, Duration.ofSeconds(30)).orElseThrow();

    assertThat(d.brokers()).isEqualTo(1);
    assertThat(d.topics())
        .extracting(ReplicationCheck.Topic::name, ReplicationCheck.Topic::replicas)
        .containsExactly(
            Tuple.tuple("replication.in", 1),
            Tuple.tuple("replication.out", 1),
            Tuple.tuple("replication.dlq", 1));
    assertThat(d.topics()).allSatisfy(t -> assertThat(t.minInSyncReplicas()).hasValue(1));
    assertThat(ReplicationCheck.warnIfUnsafe(admin, names, true, Duration.ofSeconds(30))).isEmpty();
  }

  @Test
  void shouldReportATopicWithFewerPartitionsThanDeclared() throws Exception {
    admin
        .createTopics(List.of(new NewTopic("few.in", Optional.of(3), Optional.empty())))
        .all()
        .get();
    Await.topicsListed(admin, List.of("few.in"));
    TopicEnsurer.Outcome outcome =
        new TopicEnsurer(admin, Duration.ofSeconds(30)).ensure(specs("few"), true);
    assertThat(outcome.underPartitioned()).containsExactly("few.in");
    assertThat(outcome.created()).containsExactly("few.out", "few.dlq");
  }

  @Test
  void shouldFailClearlyWhenTopicsAreMissingAndCreationIsOff() throws Exception {
    assertThatThrownBy(
            () -> new TopicEnsurer(admin, Duration.ofSeconds(30)).ensure(specs("off"), false))
        .isInstanceOf(TopicSetupException.class)
        .hasMessageContaining("'off.in' (input)")
        .hasMessageContaining("ages.topics.create");
    assertThat(admin.listTopics().names().get()).doesNotContain("off.in");
  }

  @Test
  void shouldFailWithinItsTimeoutWhenNoBrokerAnswers() {
    try (Admin nowhere =
        Admin.create(
            Map.of(
                "bootstrap.servers", "127.0.0.1:1",
                "request.timeout.ms", "1000",
                "default.api.timeout.ms", "2000"))) {
      long start = System.nanoTime();
      assertThatThrownBy(
              () -> new TopicEnsurer(nowhere, Duration.ofSeconds(3)).ensure(specs("x"), true))
          .isInstanceOf(TopicSetupException.class)
          .hasMessageContaining("x.in");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
  }
}
