package dev.scientistages.redrive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scientistages.TestApps;
import dev.scientistages.config.Settings;
import dev.scientistages.deadletter.DeadLetterHeaders;
import dev.scientistages.runtime.ProcessorService;
import dev.scientistages.support.AppProcess;
import dev.scientistages.support.Await;
import dev.scientistages.support.ClassicExample;
import dev.scientistages.support.CommittedRecords;
import dev.scientistages.support.Slow;
import dev.scientistages.support.TopicContracts;
import dev.scientistages.toolkit.EmbeddedKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code redrive} from the processor's jar against a real broker: dead letters back to the input
 * once their cause is fixed, by selection, with the loop guard, exactly once through a SIGKILL, and
 * a dry run that sends nothing.
 */
@Slow
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RedriveIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BORN_AFTER = "BORN_AFTER_REFERENCE_YEAR";
  private static final String MISSING_BORN = "MISSING_BORN";
  private static final String MALFORMED_JSON = "MALFORMED_JSON";

  /**
   * Timestamps of the test records: recent ones. A record keeps its timestamp through the dead
   * letter and the redrive, and the broker deletes a partition's records by time retention when all
   * of them are older than that.
   */
  private static final long NOW = System.currentTimeMillis() - 60_000;

  private static EmbeddedKafka broker;
  private static Admin admin;
  @TempDir Path dir;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafka.start(0, null);
    admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
  }

  @AfterAll
  static void stopBroker() {
    admin.close(Duration.ofSeconds(10));
    broker.close();
  }

  /**
   * The example: the processor ran with reference year 1900, so everyone born later was
   * dead-lettered; restarted with 2017, the redrive of that reason maps each of them with the right
   * age, keeps key, timestamp and headers, and sends nothing else.
   */
  @Test
  void shouldMapWhatAReferenceYearTooEarlyDeadLetteredOnceTheYearIsFixed() throws Exception {
    Settings early = TestApps.settings("redrive-year", dir, Settings.REFERENCE_YEAR, "1900");
    List<ProducerRecord<String, byte[]>> inputs = new ArrayList<>();
    List<String> classic = ClassicExample.scientists();
    List<String> names = classic.stream().map(RedriveIT::nameOf).toList();
    long t0 = NOW;
    for (int i = 0; i < classic.size(); i++) {
      RecordHeaders headers = new RecordHeaders();
      headers.add("trace-id", utf8("trace-" + i));
      inputs.add(
          new ProducerRecord<>(
              early.inputTopic(), null, t0 + i, names.get(i), utf8(classic.get(i)), headers));
    }
    inputs.add(input(early, "Nobody", "this is not JSON", 7));
    inputs.add(input(early, "No Born", "{\"name\":\"No Born\"}", 8));

    processAll(early, inputs);
    List<ConsumerRecord<byte[], byte[]>> dead = deadLetters(early);
    assertThat(reasons(dead))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(BORN_AFTER, 4L, MALFORMED_JSON, 1L, MISSING_BORN, 1L));
    assertThat(values(ages(early)))
        .containsExactlyInAnyOrder(
            "{\"name\":\"Ada Lovelace\",\"age\":85}",
            "{\"name\":\"Emmy Noether\",\"age\":18}",
            "{\"name\":\"Marie Curie\",\"age\":33}");

    // The cause fixed: the processor restarted with 2017, then the redrive of that reason.
    Settings fixed = early.with(Map.of(Settings.REFERENCE_YEAR, "2017"));
    try (ProcessorService service = ProcessorService.start(fixed, broker.bootstrapServers())) {
      AppProcess redrive = redrive(fixed, "year-redrive", "--reason", BORN_AFTER);
      assertThat(redrive.awaitExit(WAIT)).as(output(redrive)).isZero();
      assertCount(redrive, "sent", 4);
      assertCount(redrive, "skipped by selection", 2);
      assertCount(redrive, "refused as loops", 0);

      CommittedRecords.readAtLeast(broker.bootstrapServers(), fixed.outputTopic(), 7, WAIT);
      awaitCaughtUp(fixed);
      List<ConsumerRecord<byte[], byte[]>> ages = ages(fixed);
      assertThat(values(ages))
          .containsExactlyInAnyOrder(
              "{\"name\":\"Ada Lovelace\",\"age\":85}",
              "{\"name\":\"Emmy Noether\",\"age\":18}",
              "{\"name\":\"Marie Curie\",\"age\":33}",
              "{\"name\":\"Tu Youyou\",\"age\":87}",
              "{\"name\":\"Ada Yonath\",\"age\":78}",
              "{\"name\":\"Vera Rubin\",\"age\":89}",
              "{\"name\":\"Sally Ride\",\"age\":66}");
      // Each redriven age: the original key, timestamp and headers, and one redrive counted.
      for (ConsumerRecord<byte[], byte[]> age : ages) {
        int i = names.indexOf(text(age.key()));
        assertThat(i).as("a classic scientist: %s", text(age.key())).isNotNegative();
        assertThat(age.timestamp()).as(text(age.key())).isEqualTo(t0 + i);
        assertThat(header(age, "trace-id")).isEqualTo("trace-" + i);
        assertThat(header(age, DeadLetterHeaders.REDRIVES)).isEqualTo(i >= 3 ? "1" : null);
      }
      // The input got exactly the four, without the error headers.
      List<ConsumerRecord<byte[], byte[]>> redriven = redriven(fixed);
      assertThat(keys(redriven))
          .containsExactlyInAnyOrder("Tu Youyou", "Ada Yonath", "Vera Rubin", "Sally Ride");
      for (ConsumerRecord<byte[], byte[]> r : redriven) {
        assertThat(r.headers().toArray())
            .extracting(Header::key)
            .containsExactly("trace-id", DeadLetterHeaders.REDRIVES);
      }
      assertThat(deadLetters(fixed)).hasSize(6);

      // Nothing new: a second run sends nothing.
      AppProcess again = redrive(fixed, "year-again", "--reason", BORN_AFTER);
      assertThat(again.awaitExit(WAIT)).as(output(again)).isZero();
      assertCount(again, "sent", 0);
      assertCount(again, "skipped by selection", 2);
      assertThat(redriven(fixed)).hasSize(4);
      assertThat(service.failed()).isFalse();
    }
  }

  /**
   * A selection by reason sends only that reason; a later selection by key only that key; a run of
   * everything then sends the rest and nothing a narrower run sent already.
   */
  @Test
  void shouldSendOnlyTheSelectionAndLeaveTheRestForALaterRun() throws Exception {
    Settings app = TestApps.settings("redrive-select", dir);
    processAll(
        app,
        List.of(
            input(app, "MB1", "{\"name\":\"MB1\"}", 1),
            input(app, "MJ1", "not json 1", 2),
            input(app, "BA1", "{\"name\":\"BA1\",\"born\":2999}", 3),
            input(app, "MB2", "{\"name\":\"MB2\"}", 4),
            input(app, "MJ2", "not json 2", 5),
            input(app, "BA2", "{\"name\":\"BA2\",\"born\":2998}", 6),
            input(app, "Good", "{\"name\":\"Good\",\"born\":1917}", 7)));
    assertThat(deadLetters(app)).hasSize(6);

    AppProcess byReason = redrive(app, "select-reason", "--reason", MISSING_BORN);
    assertThat(byReason.awaitExit(WAIT)).as(output(byReason)).isZero();
    assertCount(byReason, "sent", 2);
    assertCount(byReason, "skipped by selection", 4);
    assertThat(keys(redriven(app))).containsExactlyInAnyOrder("MB1", "MB2");

    AppProcess byKey = redrive(app, "select-key", "--key", "MJ2", "--key", "MB1");
    assertThat(byKey.awaitExit(WAIT)).as(output(byKey)).isZero();
    assertCount(byKey, "sent", 1);
    assertThat(keys(redriven(app))).containsExactlyInAnyOrder("MB1", "MB2", "MJ2");

    AppProcess rest = redrive(app, "select-rest");
    assertThat(rest.awaitExit(WAIT)).as(output(rest)).isZero();
    assertCount(rest, "sent", 3);
    assertThat(keys(redriven(app)))
        .containsExactlyInAnyOrder("MB1", "MB2", "MJ2", "MJ1", "BA1", "BA2");

    AppProcess none = redrive(app, "select-none");
    assertThat(none.awaitExit(WAIT)).as(output(none)).isZero();
    assertCount(none, "sent", 0);
    assertThat(redriven(app)).hasSize(6);
    // Everything handled: the position is a plain offset again, the group's end of each partition.
    assertThat(committed(app).values()).allSatisfy(o -> assertThat(o.metadata()).isEmpty());
  }

  /**
   * A record that fails every time goes round at most --max-redrives times; then it is refused,
   * listed, and the run exits 1; a later run does not try it again.
   */
  @Test
  void shouldRefuseALoopOnceItReachedMaxRedrives() throws Exception {
    Settings app = TestApps.settings("redrive-loop", dir);
    try (ProcessorService service = ProcessorService.start(app, broker.bootstrapServers())) {
      produce(
          List.of(
              input(app, "Future One", "{\"name\":\"Future One\",\"born\":2999}", 1),
              input(app, "Future Two", "{\"name\":\"Future Two\",\"born\":3001}", 2)));
      awaitDeadLetters(app, 2);
      for (int round = 1; round <= 2; round++) {
        AppProcess redrive = redrive(app, "loop-" + round, "--max-redrives", "2");
        assertThat(redrive.awaitExit(WAIT)).as(output(redrive)).isZero();
        assertCount(redrive, "sent", 2);
        // The processor dead-letters them again, counted.
        awaitDeadLetters(app, 2 + 2 * round);
      }
      AppProcess refused = redrive(app, "loop-3", "--max-redrives", "2");
      assertThat(refused.awaitExit(WAIT)).as(output(refused)).isEqualTo(1);
      assertCount(refused, "sent", 0);
      assertCount(refused, "refused as loops", 2);
      assertThat(refused.stdout())
          .contains("Refused as loops (redriven --max-redrives 2 time(s) or more already):")
          .containsPattern("key 'Future One' " + BORN_AFTER + ", redriven 2 time\\(s\\)")
          .containsPattern("key 'Future Two' " + BORN_AFTER + ", redriven 2 time\\(s\\)");

      AppProcess after = redrive(app, "loop-4", "--max-redrives", "2");
      assertThat(after.awaitExit(WAIT)).as(output(after)).isZero();
      assertCount(after, "sent", 0);
      assertCount(after, "refused as loops", 0);

      awaitCaughtUp(app);
      assertThat(deadLetters(app))
          .extracting(r -> header(r, DeadLetterHeaders.REDRIVES))
          .containsExactlyInAnyOrder(null, null, "1", "1", "2", "2");
      assertThat(redriven(app))
          .extracting(r -> header(r, DeadLetterHeaders.REDRIVES))
          .containsExactlyInAnyOrder("1", "1", "2", "2");
      assertThat(service.failed()).isFalse();
    }
  }

  /**
   * A redrive killed with SIGKILL after some commits and started again sends every selected dead
   * letter exactly once; a run of everything afterwards sends exactly the ones left out.
   */
  @Test
  void shouldSendEverySelectedDeadLetterExactlyOnceThroughAKill() throws Exception {
    Settings app = TestApps.settings("redrive-kill", dir);
    ProcessorService.ensureTopics(app, broker.bootstrapServers());
    Await.topicsListed(admin, List.of(app.inputTopic(), app.deadLetterTopic()));
    int total = 20_000;
    Set<String> selected = new HashSet<>();
    List<ProducerRecord<String, byte[]>> letters = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      String key = "K" + i;
      String reason = i % 4 == 3 ? MISSING_BORN : BORN_AFTER;
      if (reason.equals(BORN_AFTER)) {
        selected.add(key);
      }
      RecordHeaders headers = new RecordHeaders();
      headers.add(DeadLetterHeaders.TOPIC, utf8(app.inputTopic()));
      headers.add(DeadLetterHeaders.PARTITION, utf8("0"));
      headers.add(DeadLetterHeaders.OFFSET, utf8(Integer.toString(i)));
      headers.add(DeadLetterHeaders.REASON, utf8(reason));
      letters.add(
          new ProducerRecord<>(
              app.deadLetterTopic(),
              null,
              NOW + i,
              key,
              utf8("{\"name\":\"" + key + "\",\"born\":2999}"),
              headers));
    }
    produce(letters);

    AppProcess first = redrive(app, "kill-first", "--reason", BORN_AFTER, "--rate", "2500");
    Await.until(
        "the first redrive's first commit",
        WAIT,
        () ->
            committed(app).values().stream().mapToLong(OffsetAndMetadata::offset).sum() > 0
                || !first.isAlive());
    assertThat(first.isAlive()).as("still running at the kill: %s", output(first)).isTrue();
    first.kill();
    assertThat(first.stdout()).doesNotContain("Redrive of");
    int sentBeforeTheKill = redriven(app).size();
    assertThat(sentBeforeTheKill).isPositive().isLessThan(selected.size());

    AppProcess second = redrive(app, "kill-second", "--reason", BORN_AFTER);
    assertThat(second.awaitExit(WAIT)).as(output(second)).isZero();
    List<String> keys = keys(redriven(app));
    assertThat(keys).hasSize(selected.size()).doesNotHaveDuplicates();
    assertThat(Set.copyOf(keys)).isEqualTo(selected);
    assertCount(second, "sent", selected.size() - sentBeforeTheKill);

    AppProcess rest = redrive(app, "kill-rest");
    assertThat(rest.awaitExit(WAIT)).as(output(rest)).isZero();
    assertCount(rest, "sent", total - selected.size());
    List<String> all = keys(redriven(app));
    assertThat(all).hasSize(total).doesNotHaveDuplicates();
  }

  /** A dry run counts by reason and topic, sends nothing and moves no position. */
  @Test
  void shouldSendNothingOnADryRun() throws Exception {
    Settings app = TestApps.settings("redrive-dry", dir);
    processAll(
        app,
        List.of(
            input(app, "BA1", "{\"name\":\"BA1\",\"born\":2999}", 1),
            input(app, "BA2", "{\"name\":\"BA2\",\"born\":2998}", 2),
            input(app, "MB1", "{\"name\":\"MB1\"}", 3)));
    assertThat(deadLetters(app)).hasSize(3);
    Map<TopicPartition, Long> inputEnds = ends(app.inputTopic());

    AppProcess dry = redrive(app, "dry", "--dry-run");
    assertThat(dry.awaitExit(WAIT)).as(output(dry)).isZero();
    assertCount(dry, "would be sent", 3);
    assertThat(dry.stdout())
        .containsPattern(
            "(?m)^  BORN_AFTER_REFERENCE_YEAR\\s+"
                + Pattern.quote(app.inputTopic())
                + "\\s+2\\s+0\\s+0$")
        .containsPattern(
            "(?m)^  MISSING_BORN\\s+" + Pattern.quote(app.inputTopic()) + "\\s+1\\s+0\\s+0$")
        .contains("Dry run: nothing was sent and the redrive position did not move.");
    // Not a record, not even a transaction marker; no position.
    assertThat(ends(app.inputTopic())).isEqualTo(inputEnds);
    assertThat(committed(app)).isEmpty();

    AppProcess real = redrive(app, "dry-then-real");
    assertThat(real.awaitExit(WAIT)).as(output(real)).isZero();
    assertCount(real, "sent", 3);
    assertThat(keys(redriven(app))).containsExactlyInAnyOrder("BA1", "BA2", "MB1");
  }

  // ---------------------------------------------------------------------------------------------

  /** Runs a processor until it has processed {@code inputs}, and checks that it did not fail. */
  private static void processAll(Settings app, List<ProducerRecord<String, byte[]>> inputs)
      throws Exception {
    try (ProcessorService service = ProcessorService.start(app, broker.bootstrapServers())) {
      produce(inputs);
      awaitCaughtUp(app);
      assertThat(service.failed()).isFalse();
    }
  }

  /** Starts {@code redrive} from the processor's jar against this app's topics. */
  private AppProcess redrive(Settings app, String name, String... options) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "redrive",
                "-b",
                broker.bootstrapServers(),
                "--application-id",
                app.applicationId(),
                "-s",
                Settings.DEAD_LETTER_TOPIC + "=" + app.deadLetterTopic()));
    args.addAll(List.of(options));
    return AppProcess.start(dir, name, Map.of(), args.toArray(String[]::new));
  }

  private static void assertCount(AppProcess p, String label, long expected) {
    assertThat(count(p, label)).as("%s in:%n%s", label, output(p)).isEqualTo(expected);
  }

  /** A number of the summary, by its label. */
  private static long count(AppProcess p, String label) {
    Matcher m =
        Pattern.compile("(?m)^  " + Pattern.quote(label) + "\\s+(\\d+)$").matcher(p.stdout());
    assertThat(m.find()).as("'%s' in:%n%s", label, output(p)).isTrue();
    return Long.parseLong(m.group(1));
  }

  private static String output(AppProcess p) {
    return p.stdout() + p.stderr();
  }

  private static ProducerRecord<String, byte[]> input(
      Settings app, String key, String value, long timestamp) {
    return new ProducerRecord<>(app.inputTopic(), null, NOW + timestamp, key, utf8(value));
  }

  private static void produce(List<ProducerRecord<String, byte[]>> records) throws Exception {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                "bootstrap.servers",
                broker.bootstrapServers(),
                "linger.ms",
                5,
                // Partitions just created can answer NOT_LEADER_OR_FOLLOWER for a moment; an
                // idempotent producer's retries of a burst then met OUT_OF_ORDER_SEQUENCE_NUMBER
                // until they timed out. One request at a time retries in order, without it.
                "enable.idempotence",
                false,
                "max.in.flight.requests.per.connection",
                1,
                "acks",
                "all"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      List<Future<?>> sent = new ArrayList<>();
      for (ProducerRecord<String, byte[]> r : records) {
        sent.add(producer.send(r));
      }
      for (Future<?> f : sent) {
        f.get(60, TimeUnit.SECONDS);
      }
    }
  }

  private static void awaitCaughtUp(Settings app) {
    CommittedRecords.awaitGroupCaughtUp(
        broker.bootstrapServers(), app.applicationId(), app.inputTopic(), WAIT);
  }

  private static void awaitDeadLetters(Settings app, int count) {
    CommittedRecords.readAtLeast(broker.bootstrapServers(), app.deadLetterTopic(), count, WAIT);
    Await.until(
        count + " dead letters in " + app.deadLetterTopic(),
        WAIT,
        () -> deadLetters(app).size() >= count);
  }

  private static List<ConsumerRecord<byte[], byte[]>> read(String topic) {
    return CommittedRecords.readAll(broker.bootstrapServers(), topic);
  }

  /** The output topic's records, each held to the output schema. */
  private static List<ConsumerRecord<byte[], byte[]>> ages(Settings app) {
    List<ConsumerRecord<byte[], byte[]>> ages = read(app.outputTopic());
    assertThat(TopicContracts.problems(ages, List.of())).as("against the schema").isEmpty();
    return ages;
  }

  /** The dead-letter topic's records, each held to the dead-letter schema. */
  private static List<ConsumerRecord<byte[], byte[]>> deadLetters(Settings app) {
    List<ConsumerRecord<byte[], byte[]>> dead = read(app.deadLetterTopic());
    assertThat(TopicContracts.problems(List.of(), dead)).as("against the schema").isEmpty();
    return dead;
  }

  /** The input records a redrive sent: those with a redrive count. */
  private static List<ConsumerRecord<byte[], byte[]>> redriven(Settings app) {
    return read(app.inputTopic()).stream()
        .filter(r -> r.headers().lastHeader(DeadLetterHeaders.REDRIVES) != null)
        .toList();
  }

  private static Map<TopicPartition, OffsetAndMetadata> committed(Settings app) {
    try {
      return admin
          .listConsumerGroupOffsets(Redrive.idOf(app.applicationId()))
          .partitionsToOffsetAndMetadata()
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static Map<TopicPartition, Long> ends(String topic) throws Exception {
    int partitions =
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<TopicPartition, Long> ends = new TreeMap<>((a, b) -> a.partition() - b.partition());
    admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
    return ends;
  }

  private static Map<String, Long> reasons(List<ConsumerRecord<byte[], byte[]>> dead) {
    return dead.stream()
        .collect(
            Collectors.groupingBy(r -> header(r, DeadLetterHeaders.REASON), Collectors.counting()));
  }

  private static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(r -> text(r.value())).toList();
  }

  private static List<String> keys(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(r -> text(r.key())).toList();
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    return DeadLetterHeaders.text(r.headers(), name);
  }

  private static String nameOf(String json) {
    try {
      return JSON.readTree(json).get("name").asText();
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  private static String text(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
