package dev.scientistages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scientistages.config.Settings;
import dev.scientistages.io.LineProducer;
import dev.scientistages.io.ScientistLines;
import dev.scientistages.serde.JsonSerde;
import dev.scientistages.support.AppProcess;
import dev.scientistages.support.Await;
import dev.scientistages.support.CommittedRecords;
import dev.scientistages.support.Slow;
import dev.scientistages.support.TopicContracts;
import dev.scientistages.toolkit.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processor processes with one application id over 12 partitions: both get partitions, and the
 * committed output holds exactly one correct age per input, also when one of them is killed
 * (SIGKILL, no clean close) in the middle of the run.
 */
@Slow
class ScaleOutIT {
  private static final int RECORDS = 100_000;
  private static final long SEED = 42;
  private static final int PARTITIONS = 12;

  @TempDir Path dir;
  private EmbeddedKafka broker;
  private Admin admin;

  @BeforeEach
  void startBroker() {
    broker = EmbeddedKafka.start(0, null);
    admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
  }

  @AfterEach
  void stopBroker() {
    admin.close();
    broker.close();
  }

  private AppProcess instance(Settings app, String name) {
    // A killed member is noticed after this, not after the default 45 s.
    return instance(app, name, Duration.ofSeconds(10));
  }

  private AppProcess instance(Settings app, String name, Duration sessionTimeout) {
    return AppProcess.start(
        dir,
        name,
        "run",
        "-b",
        broker.bootstrapServers(),
        "--application-id",
        app.applicationId(),
        "--threads",
        "2",
        "--reference-year",
        "2017",
        "--guarantee",
        "exactly_once_v2",
        "-s",
        Settings.INPUT_TOPIC + "=" + app.inputTopic(),
        "-s",
        Settings.OUTPUT_TOPIC + "=" + app.outputTopic(),
        "-s",
        Settings.DEAD_LETTER_TOPIC + "=" + app.deadLetterTopic(),
        "-s",
        Settings.HTTP_PORT + "=off",
        "-s",
        "state.dir=" + dir.resolve(name + "-state"),
        "-s",
        "session.timeout.ms=" + sessionTimeout.toMillis());
  }

  @Test
  void shouldShareThePartitionsAndMapEveryRecordExactlyOnce() throws Exception {
    Settings app = TestApps.settings("scale-out", dir);
    try (AppProcess a = instance(app, "a");
        AppProcess b = instance(app, "b")) {
      Map<String, Set<TopicPartition>> byProcess = awaitAssignment(app, 2);
      assertThat(byProcess).hasSize(2);
      byProcess.values().forEach(parts -> assertThat(parts).isNotEmpty());

      produce(app);
      verifyExactlyOnce(app);
      assertThat(a.isAlive()).isTrue();
      assertThat(b.isAlive()).isTrue();
      assertThat(a.stop(Duration.ofSeconds(60))).as("exit code on SIGTERM").isEqualTo(143);
      assertThat(b.stop(Duration.ofSeconds(60))).as("exit code on SIGTERM").isEqualTo(143);
    }
  }

  @Test
  void shouldLoseAndDuplicateNothingWhenOneInstanceIsKilledMidRun() throws Exception {
    Settings app = TestApps.settings("hard-stop", dir);
    try (AppProcess a = instance(app, "a");
        AppProcess b = instance(app, "b")) {
      awaitAssignment(app, 2);
      produce(app);
      // Kill b while it is in the middle of the work: some output committed, much still to do.
      CommittedRecords.readAtLeast(
          broker.bootstrapServers(), app.outputTopic(), RECORDS / 5, Duration.ofSeconds(180));
      b.kill();
      assertThat(b.isAlive()).isFalse();

      // a takes every partition over, including those b held open transactions on.
      Map<String, Set<TopicPartition>> byProcess = awaitAssignment(app, 1);
      assertThat(byProcess.values().iterator().next()).hasSize(PARTITIONS);
      verifyExactlyOnce(app);
      assertThat(a.isAlive()).isTrue();
      assertThat(a.stop(Duration.ofSeconds(60))).as("exit code on SIGTERM").isEqualTo(143);
    }
  }

  @Test
  void shouldHandEveryPartitionOverAtOnceWhenAnInstanceStopsCleanly() throws Exception {
    Settings app = TestApps.settings("clean-stop", dir);
    // A member that stopped without leaving the group would keep its partitions this long.
    Duration sessionTimeout = Duration.ofSeconds(90);
    try (AppProcess a = instance(app, "a", sessionTimeout);
        AppProcess b = instance(app, "b", sessionTimeout)) {
      awaitAssignment(app, 2, Duration.ofSeconds(120));
      assertThat(b.stop(Duration.ofSeconds(60))).as("exit code on SIGTERM").isEqualTo(143);
      assertThat(b.stderr()).doesNotContain("did not stop within");

      // b left the group as it stopped: a holds everything well before the session timeout.
      Map<String, Set<TopicPartition>> byProcess = awaitAssignment(app, 1, Duration.ofSeconds(45));
      assertThat(byProcess.values().iterator().next()).hasSize(PARTITIONS);
      produce(app);
      verifyExactlyOnce(app);
      assertThat(a.stop(Duration.ofSeconds(60))).as("exit code on SIGTERM").isEqualTo(143);
    }
  }

  private void produce(Settings app) {
    try (LineProducer producer =
        new LineProducer(app.producerProperties(broker.bootstrapServers()), app.inputTopic())) {
      for (long n = 0; n < RECORDS; n++) {
        producer.send(ScientistLines.generated(SEED, n));
      }
      producer.flush();
      assertThat(producer.failure()).isNull();
      assertThat(producer.acknowledged()).isEqualTo(RECORDS);
    }
  }

  /** Exactly one output per input, keyed by the input's name, with the right age; no more. */
  private void verifyExactlyOnce(Settings app) throws IOException {
    CommittedRecords.readAtLeast(
        broker.bootstrapServers(), app.outputTopic(), RECORDS, Duration.ofSeconds(300));
    CommittedRecords.awaitGroupCaughtUp(
        broker.bootstrapServers(), app.applicationId(), app.inputTopic(), Duration.ofSeconds(120));
    List<ConsumerRecord<byte[], byte[]>> out =
        CommittedRecords.readAll(broker.bootstrapServers(), app.outputTopic());

    Map<String, Integer> expectedAge = new HashMap<>();
    for (long n = 0; n < RECORDS; n++) {
      JsonNode in = JsonSerde.MAPPER.readTree(ScientistLines.generated(SEED, n));
      expectedAge.put(in.get("name").asText(), 2017 - in.get("born").asInt());
    }
    Map<String, Integer> seen = new HashMap<>();
    Set<String> duplicated = new HashSet<>();
    Set<String> wrong = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : out) {
      String key = new String(r.key(), StandardCharsets.UTF_8);
      JsonNode value = JsonSerde.MAPPER.readTree(r.value());
      if (seen.put(key, value.get("age").asInt()) != null) {
        duplicated.add(key);
      }
      if (!key.equals(value.get("name").asText())
          || !Integer.valueOf(value.get("age").asInt()).equals(expectedAge.get(key))) {
        wrong.add(key);
      }
    }
    Set<String> lost = new HashSet<>(expectedAge.keySet());
    lost.removeAll(seen.keySet());
    assertThat(lost).as("lost").isEmpty();
    assertThat(duplicated).as("duplicated").isEmpty();
    assertThat(wrong).as("wrong").isEmpty();
    assertThat(out).hasSize(RECORDS);
    assertThat(TopicContracts.problems(out, List.of())).as("against the output schema").isEmpty();
    assertThat(CommittedRecords.readAll(broker.bootstrapServers(), app.deadLetterTopic()))
        .isEmpty();
  }

  /**
   * Waits until the group is stable with {@code processes} processes holding every input partition,
   * and returns each process's partitions (a process = a client id prefix before its stream
   * thread's name).
   */
  private Map<String, Set<TopicPartition>> awaitAssignment(Settings app, int processes) {
    return awaitAssignment(app, processes, Duration.ofSeconds(120));
  }

  private Map<String, Set<TopicPartition>> awaitAssignment(
      Settings app, int processes, Duration timeout) {
    AtomicReference<Map<String, Set<TopicPartition>>> result = new AtomicReference<>();
    Await.until(
        processes + " process(es) holding the " + PARTITIONS + " partitions",
        timeout,
        () -> {
          ConsumerGroupDescription group = describe(app.applicationId());
          if (group == null) {
            return false;
          }
          Map<String, Set<TopicPartition>> byProcess =
              group.members().stream()
                  .collect(
                      Collectors.groupingBy(
                          ScaleOutIT::processOf,
                          Collectors.flatMapping(
                              m ->
                                  m.assignment().topicPartitions().stream()
                                      .filter(p -> p.topic().equals(app.inputTopic())),
                              Collectors.toSet())));
          long assigned = byProcess.values().stream().mapToLong(Set::size).sum();
          result.set(byProcess);
          return group.groupState() == GroupState.STABLE
              && byProcess.size() == processes
              && assigned == PARTITIONS;
        });
    return result.get();
  }

  private static String processOf(MemberDescription m) {
    int i = m.clientId().indexOf("-StreamThread-");
    return i < 0 ? m.clientId() : m.clientId().substring(0, i);
  }

  /** The group, or null while it does not exist yet. */
  private ConsumerGroupDescription describe(String group) {
    try {
      return admin.describeConsumerGroups(List.of(group)).all().get().get(group);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return null; // not formed yet
      }
      throw new UncheckedIOException(new IOException(e.getCause()));
    }
  }
}
