package dev.scientistages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scientistages.config.Settings;
import dev.scientistages.deadletter.DeadLetterHeaders;
import dev.scientistages.io.LineProducer;
import dev.scientistages.io.ScientistLines;
import dev.scientistages.runtime.ProcessorService;
import dev.scientistages.serde.JsonSerde;
import dev.scientistages.support.Await;
import dev.scientistages.support.BadInputCatalogue;
import dev.scientistages.support.BadInputCatalogue.BadInput;
import dev.scientistages.support.ClassicExample;
import dev.scientistages.support.CommittedRecords;
import dev.scientistages.support.TopicContracts;
import dev.scientistages.toolkit.EmbeddedKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The processor on a real broker: the classic example, and the bad-input catalogue. */
class PipelineIT {
  private static EmbeddedKafka broker;
  @TempDir Path stateDir;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafka.start(0, null);
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  private Settings settings(String app) {
    return TestApps.settings(app, stateDir);
  }

  private static JsonNode json(byte[] value) throws IOException {
    return JsonSerde.MAPPER.readTree(value);
  }

  private static String utf8(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void shouldMapTheClassicScientistsThroughRealTopics() throws Exception {
    Settings settings = settings("classic-it");
    List<String> expected = ClassicExample.ages2017();
    Map<String, RecordMetadata> sent = new HashMap<>();
    try (ProcessorService service = ProcessorService.start(settings, broker.bootstrapServers())) {
      try (LineProducer producer =
          new LineProducer(
              settings.producerProperties(broker.bootstrapServers()), settings.inputTopic())) {
        for (String line : ClassicExample.scientists()) {
          sent.put(ScientistLines.keyOf(line), producer.send(line).get());
        }
      }
      List<ConsumerRecord<byte[], byte[]>> out =
          CommittedRecords.readAtLeast(
              broker.bootstrapServers(), settings.outputTopic(), 7, Duration.ofSeconds(90));
      CommittedRecords.awaitGroupCaughtUp(
          broker.bootstrapServers(),
          settings.applicationId(),
          settings.inputTopic(),
          Duration.ofSeconds(60));
      out = CommittedRecords.readAll(broker.bootstrapServers(), settings.outputTopic());

      assertThat(out).hasSize(7);
      assertThat(TopicContracts.problems(out, List.of())).isEmpty();
      Map<String, ConsumerRecord<byte[], byte[]>> byKey = new HashMap<>();
      out.forEach(r -> byKey.put(utf8(r.key()), r));
      for (String line : expected) {
        String name = JsonSerde.MAPPER.readTree(line).get("name").asText();
        ConsumerRecord<byte[], byte[]> r = byKey.get(name);
        assertThat(r).as(name).isNotNull();
        assertThat(json(r.value())).isEqualTo(JsonSerde.MAPPER.readTree(line));
        // Same key, so the same partition number; same timestamp as the input.
        assertThat(r.partition()).isEqualTo(sent.get(name).partition());
        assertThat(r.timestamp()).isEqualTo(sent.get(name).timestamp());
      }
      assertThat(CommittedRecords.readAll(broker.bootstrapServers(), settings.deadLetterTopic()))
          .isEmpty();
      assertThat(service.failed()).isFalse();
    }
  }

  @Test
  void shouldDeadLetterEveryBadInputAndMapEveryGoodOneAroundIt() throws Exception {
    Settings settings = settings("bad-input-it");
    // A 1 MiB name does not fit a default topic's record size limit at all; 900 KiB does, and is
    // still far over the processor's name limit.
    List<BadInput> bad = BadInputCatalogue.withNameOf(900 * 1024);
    List<String> good = new ArrayList<>();
    for (int i = 0; i <= bad.size(); i++) {
      good.add(ScientistLines.generated(7, i));
    }
    try (ProcessorService service = ProcessorService.start(settings, broker.bootstrapServers())) {
      try (LineProducer producer =
          new LineProducer(
              settings.producerProperties(broker.bootstrapServers()), settings.inputTopic())) {
        // Good, bad, good, bad, ..., good: every bad record has good ones on both sides, in
        // the same partition (one key for all), so the stream must carry on after each.
        for (int i = 0; i < bad.size(); i++) {
          producer.send("same-key", good.get(i).getBytes(StandardCharsets.UTF_8)).get();
          producer.send("same-key", bad.get(i).value()).get();
        }
        producer.send("same-key", good.get(bad.size()).getBytes(StandardCharsets.UTF_8)).get();
      }
      int inputs = good.size() + bad.size();
      CommittedRecords.awaitGroupCaughtUp(
          broker.bootstrapServers(),
          settings.applicationId(),
          settings.inputTopic(),
          Duration.ofSeconds(120));
      List<ConsumerRecord<byte[], byte[]>> out =
          CommittedRecords.readAll(broker.bootstrapServers(), settings.outputTopic());
      List<ConsumerRecord<byte[], byte[]>> dead =
          CommittedRecords.readAll(broker.bootstrapServers(), settings.deadLetterTopic());

      assertThat(out.size() + dead.size()).isEqualTo(inputs);
      assertThat(TopicContracts.problems(out, dead)).isEmpty();
      // The good ones, all of them, in order, mapped.
      List<String> expected = new ArrayList<>();
      for (String line : good) {
        JsonNode n = JsonSerde.MAPPER.readTree(line);
        expected.add(
            "{\"name\":\""
                + n.get("name").asText()
                + "\",\"age\":"
                + (2017 - n.get("born").asInt())
                + "}");
      }
      assertThat(out.stream().map(r -> utf8(r.value())).toList())
          .containsExactlyElementsOf(expected);
      // The bad ones, in order, byte for byte, each with its reason.
      assertThat(dead).hasSize(bad.size());
      for (int i = 0; i < bad.size(); i++) {
        ConsumerRecord<byte[], byte[]> d = dead.get(i);
        assertThat(d.value()).as(bad.get(i).description()).isEqualTo(bad.get(i).value());
        assertThat(utf8(d.key())).isEqualTo("same-key");
        assertThat(header(d, DeadLetterHeaders.REASON))
            .as(bad.get(i).description())
            .isEqualTo(bad.get(i).reason());
        assertThat(header(d, DeadLetterHeaders.TOPIC)).isEqualTo(settings.inputTopic());
      }
      // Still processing: no thread died on a record (a rebalance may still be settling).
      assertThat(service.failed()).isFalse();
      Await.until(
          "RUNNING", Duration.ofSeconds(60), () -> service.state() == KafkaStreams.State.RUNNING);
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header h = record.headers().lastHeader(name);
    assertThat(h).as("header " + name).isNotNull();
    return utf8(h.value());
  }
}
